#[test_only]
module walrus::epoch_change_tests;

use sui::{balance::Balance, vec_map::VecMap};
use wal::wal::WAL;
use walrus::{
    epoch_parameters,
    event_blob,
    system::{Self, System},
    system_state_inner,
    system_test_utils as tu
};

/// Sells `used` bytes for epoch 0 only and tops the epoch's rewards up to `rewards` FROST.
fun with_usage_and_rewards(used: u64, rewards: u64, ctx: &mut TxContext): System {
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000, ctx);
    let storage = system.reserve_space(used, 1, &mut payment, ctx);
    storage.destroy();
    payment.burn_for_testing();
    let paid = system.future_accounting().ring_lookup(0).rewards();
    system.add_subsidy(tu::wal(rewards - paid, ctx), 1);
    system
}

fun advance(system: &mut System, capacity: u64): VecMap<ID, Balance<WAL>> {
    let epoch = system.epoch();
    let params = epoch_parameters::new(capacity);
    system.advance_epoch(tu::committee(epoch + 1, tu::default_weights()), &params)
}

fun reward_of(rewards: &VecMap<ID, Balance<WAL>>, node: u64): u64 {
    rewards.get(&tu::node_id(node)).value()
}

#[test]
fun rewards_are_split_by_shards_and_the_leftover_moves_to_the_new_epoch() {
    let ctx = &mut tx_context::dummy();
    // 1000 bytes stored; weights 1, 2, 3, 4; 1001 FROST of rewards.
    let mut system = with_usage_and_rewards(1_000, 1_001, ctx);
    let rewards = advance(&mut system, tu::capacity());
    // Shares 1000, 2000, 3000, 4000 of 10000: 100.1, 200.2, 300.3, 400.4 rounded down.
    assert!(rewards.length() == 4);
    assert!(reward_of(&rewards, 0) == 100);
    assert!(reward_of(&rewards, 1) == 200);
    assert!(reward_of(&rewards, 2) == 300);
    assert!(reward_of(&rewards, 3) == 400);
    assert!(system.epoch() == 1);
    assert!(system.future_accounting().ring_lookup(0).epoch() == 1);
    assert!(system.future_accounting().ring_lookup(0).rewards() == 1);
    std::unit_test::destroy(rewards);
    system.destroy_for_testing();
}

#[test]
fun a_deny_list_lowers_a_nodes_share() {
    let ctx = &mut tx_context::dummy();
    let mut system = with_usage_and_rewards(1_000, 1_001, ctx);
    system.inner_mut().set_deny_list_size_for_testing(tu::node_id(3), 500);
    let rewards = advance(&mut system, tu::capacity());
    // Shares 1000, 2000, 3000, 4 * 500 = 2000 of 8000.
    assert!(reward_of(&rewards, 0) == 125);
    assert!(reward_of(&rewards, 1) == 250);
    assert!(reward_of(&rewards, 2) == 375);
    assert!(reward_of(&rewards, 3) == 250);
    assert!(system.future_accounting().ring_lookup(0).rewards() == 1);
    std::unit_test::destroy(rewards);
    system.destroy_for_testing();
}

#[test]
fun a_deny_list_larger_than_the_stored_data_earns_nothing() {
    let ctx = &mut tx_context::dummy();
    let mut system = with_usage_and_rewards(1_000, 600, ctx);
    system.inner_mut().set_deny_list_size_for_testing(tu::node_id(0), 5_000);
    system.inner_mut().set_deny_list_size_for_testing(tu::node_id(1), 5_000);
    let rewards = advance(&mut system, tu::capacity());
    // Only nodes 2 and 3 store data: shares 3000 and 4000 of 7000.
    assert!(reward_of(&rewards, 0) == 0 && reward_of(&rewards, 1) == 0);
    assert!(reward_of(&rewards, 2) == 257);
    assert!(reward_of(&rewards, 3) == 342);
    assert!(system.future_accounting().ring_lookup(0).rewards() == 1);
    std::unit_test::destroy(rewards);
    system.destroy_for_testing();
}

#[test]
fun with_nothing_stored_all_rewards_move_to_the_new_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.add_subsidy(tu::wal(77, ctx), 1);
    let rewards = advance(&mut system, tu::capacity());
    assert!(rewards.length() == 4);
    4u64.do!(|i| assert!(reward_of(&rewards, i) == 0));
    assert!(system.future_accounting().ring_lookup(0).rewards() == 77);
    std::unit_test::destroy(rewards);
    system.destroy_for_testing();
}

#[test]
fun the_burn_takes_three_percent_before_the_split() {
    let ctx = &mut tx_context::dummy();
    let mut system = with_usage_and_rewards(1_000, 1_000, ctx);
    let burned = system.extract_burn_balance();
    assert!(burned.value() == 30);
    let rewards = advance(&mut system, tu::capacity());
    // 970 split 1:2:3:4 exactly.
    assert!(reward_of(&rewards, 0) == 97 && reward_of(&rewards, 3) == 388);
    assert!(system.future_accounting().ring_lookup(0).rewards() == 0);
    burned.destroy_for_testing();
    std::unit_test::destroy(rewards);
    system.destroy_for_testing();
}

#[test]
fun the_first_epoch_change_from_an_empty_committee_pays_nobody() {
    let ctx = &mut tx_context::dummy();
    let mut system = system::create_empty(10, object::id_from_address(@0x1), ctx);
    system.add_subsidy(tu::wal(50, ctx), 1);
    let rewards = advance(&mut system, 5_000);
    assert!(rewards.is_empty());
    assert!(system.epoch() == 1);
    assert!(system.n_shards() == 10);
    assert!(system.total_capacity_size() == 5_000);
    assert!(system.future_accounting().ring_lookup(0).rewards() == 50);
    rewards.destroy_empty();
    system.destroy_for_testing();
}

#[test]
fun the_new_capacity_is_at_least_what_is_already_sold() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(10_000, 3, &mut payment, ctx);
    std::unit_test::destroy(advance(&mut system, 4_000));
    assert!(system.used_capacity_size() == 10_000);
    assert!(system.total_capacity_size() == 10_000);
    std::unit_test::destroy(advance(&mut system, 40_000));
    assert!(system.total_capacity_size() == 40_000);
    std::unit_test::destroy(advance(&mut system, 40_000));
    // The reservation ended with epoch 2.
    assert!(system.used_capacity_size() == 0);
    storage.destroy();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test]
fun the_ring_always_covers_max_epochs_ahead_from_the_current_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 1_000, 3, ctx);
    5u64.do!(|_| std::unit_test::destroy(advance(&mut system, 1_000)));
    let accounting = system.future_accounting();
    assert!(accounting.ring_lookup(0).epoch() == 5);
    assert!(accounting.ring_lookup(2).epoch() == 7);
    system.destroy_for_testing();
}

#[test]
fun an_epoch_change_resets_event_blob_attestations() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system
        .inner_mut()
        .event_blob_certification_state_mut_for_testing()
        .add_weight_for_testing(event_blob::new_event_blob(0x1, 100), 3);
    assert!(system.inner().event_blob_certification_state().pending_blob_count() == 1);
    std::unit_test::destroy(advance(&mut system, tu::capacity()));
    assert!(system.inner().event_blob_certification_state().pending_blob_count() == 0);
    assert!(system.inner().event_blob_certification_state().latest_certified_blob().is_none());
    system.destroy_for_testing();
}

#[test]
fun the_new_committee_certifies_after_the_epoch_change() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let params = epoch_parameters::new(tu::capacity());
    // A committee of two nodes with 5 shards each.
    std::unit_test::destroy(system.advance_epoch(tu::committee(1, vector[5, 5]), &params));
    assert!(system.n_shards() == 10 && system.committee().n_members() == 2);
    tu::certify(&system, &mut blob);
    assert!(blob.certified_epoch() == option::some(1));
    blob.burn();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system_state_inner::EIncorrectCommittee)]
fun a_committee_for_a_later_epoch_is_rejected() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let params = epoch_parameters::new(tu::capacity());
    let _rewards = system.advance_epoch(tu::committee(2, tu::default_weights()), &params);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidAccountingEpoch)]
fun accounting_out_of_step_with_the_committee_is_rejected() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    // The committee claims epoch 5 while the accounting is still at epoch 0.
    system
        .inner_mut()
        .set_committee_and_capacity_for_testing(tu::committee(5, tu::default_weights()), 1_000);
    let params = epoch_parameters::new(tu::capacity());
    let _rewards = system.advance_epoch(tu::committee(6, tu::default_weights()), &params);
    abort
}
