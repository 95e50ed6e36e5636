#[test_only]
/// Staking and withdrawal in every timing case (E = current epoch), end to end.
module walrus::withdrawal_timing_tests;

use sui::test_scenario;
use walrus::{
    e2e_runner::{Self, TestRunner, node_address, staker_address, give_back},
    staked_wal::StakedWal,
    staking_pool,
    storage_node::StorageNodeCap
};

const FROST: u64 = 1_000_000_000;
const STAKER: address = @0x5EED;

/// Nodes 0 and 1 with 1,000,000 WAL each, node 2 with 1 WAL (too little for a shard out of 100).
fun setup(): (TestRunner, vector<StorageNodeCap>, vector<StakedWal>) {
    let mut runner = e2e_runner::new_with_shards(100);
    let mut caps = vector[];
    let mut stakes = vector[];
    3u64.do!(|i| {
        let cap = runner.register_node(i, 0);
        let amount = if (i < 2) 1_000_000 else 1;
        stakes.push_back(runner.stake(node_address(i), cap.node_id(), amount));
        caps.push_back(cap);
    });
    (runner, caps, stakes)
}

fun in_committee(runner: &mut TestRunner, node_id: ID): bool {
    runner.refresh();
    let staking = runner.staking();
    let result = staking.committee().inner().contains(&node_id);
    give_back(staking);
    result
}

fun wrap_up(runner: TestRunner, caps: vector<StorageNodeCap>, stakes: vector<StakedWal>) {
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun stake_before_committee_selection_can_be_withdrawn_directly_for_its_principal() {
    let (mut runner, caps, stakes) = setup();
    let s = runner.stake(STAKER, caps[0].node_id(), 10);
    assert!(s.activation_epoch() == 1);
    assert!(runner.can_withdraw_early(&s));
    assert!(runner.withdraw(STAKER, s) == 10 * FROST);
    wrap_up(runner, caps, stakes);
}

#[test]
fun stake_after_committee_selection_can_be_withdrawn_directly_until_it_activates() {
    let (mut runner, mut caps, stakes) = setup();
    runner.voting_end();
    let s = runner.stake(STAKER, caps[0].node_id(), 10);
    assert!(s.activation_epoch() == 2);
    assert!(runner.can_withdraw_early(&s));
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    // Now activation == E + 1 before the next selection: still early.
    assert!(runner.can_withdraw_early(&s));
    assert!(runner.withdraw(STAKER, s) == 10 * FROST);
    wrap_up(runner, caps, stakes);
}

#[test]
fun a_stake_selected_into_the_next_committee_leaves_after_one_epoch_with_its_rewards() {
    let (mut runner, mut caps, stakes) = setup();
    let mut s = runner.stake(STAKER, caps[0].node_id(), 1_000_000);
    runner.voting_end();
    assert!(!runner.can_withdraw_early(&s));
    // Pre-active withdrawal: it counts for epoch 1 and leaves at 2.
    runner.request_withdraw(STAKER, &mut s);
    assert!(s.withdraw_epoch() == 2);
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.buy_storage(1 << 20, 1);
    runner.add_rewards(3_000);
    runner.next_epoch(&mut caps);
    // Node 0 (2M of 3M WAL) holds 67 of 100 shards (the cap for 3 nodes), and the staker half of its stake:
    // about 0.67 * 0.5 * 97% of 3000 = 974.85 WAL.
    let paid = runner.withdraw(STAKER, s);
    assert!(paid > 1_000_000 * FROST + 970 * FROST);
    assert!(paid < 1_000_000 * FROST + 980 * FROST);
    wrap_up(runner, caps, stakes);
}

#[test, expected_failure(abort_code = staking_pool::EWithdrawEpochNotReached)]
fun a_pre_active_withdrawal_cannot_complete_before_its_withdraw_epoch() {
    let (mut runner, mut caps, _stakes) = setup();
    let mut s = runner.stake(STAKER, caps[0].node_id(), 10);
    runner.voting_end();
    runner.request_withdraw(STAKER, &mut s);
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.withdraw(STAKER, s);
    abort 1337
}

#[test]
fun a_stake_for_a_node_left_out_of_the_next_committee_stays_withdrawable_directly() {
    let (mut runner, caps, stakes) = setup();
    let s = runner.stake(STAKER, caps[2].node_id(), 1);
    runner.voting_end();
    runner.refresh();
    let staking = runner.staking();
    assert!(!staking.inner().next_committee().borrow().contains(&caps[2].node_id()));
    give_back(staking);
    assert!(runner.can_withdraw_early(&s));
    assert!(runner.withdraw(STAKER, s) == FROST);
    wrap_up(runner, caps, stakes);
}

#[test]
fun an_active_stake_leaves_next_epoch_when_requested_before_committee_selection() {
    let (mut runner, mut caps, stakes) = setup();
    let mut s = runner.stake(STAKER, caps[0].node_id(), 100);
    runner.next_epoch(&mut caps);
    // Epoch 1: active, node in the current committee, next one not selected yet.
    runner.request_withdraw(STAKER, &mut s);
    assert!(s.withdraw_epoch() == 2);
    runner.next_epoch(&mut caps);
    assert!(runner.withdraw(STAKER, s) >= 100 * FROST);
    wrap_up(runner, caps, stakes);
}

#[test]
fun an_active_stake_leaves_in_two_epochs_when_requested_after_committee_selection() {
    let (mut runner, mut caps, stakes) = setup();
    let mut s = runner.stake(STAKER, caps[0].node_id(), 100);
    runner.next_epoch(&mut caps);
    runner.voting_end();
    runner.request_withdraw(STAKER, &mut s);
    assert!(s.withdraw_epoch() == 3);
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.next_epoch(&mut caps);
    assert!(runner.withdraw(STAKER, s) >= 100 * FROST);
    wrap_up(runner, caps, stakes);
}

#[test, expected_failure(abort_code = staking_pool::EWithdrawDirectly)]
fun requesting_a_withdrawal_for_a_node_in_no_committee_aborts() {
    let (mut runner, mut caps, _stakes) = setup();
    let mut s = runner.stake(STAKER, caps[2].node_id(), 1);
    runner.next_epoch(&mut caps);
    assert!(!in_committee(&mut runner, caps[2].node_id()));
    runner.request_withdraw(STAKER, &mut s);
    abort 1337
}

#[test]
fun an_active_stake_of_a_node_in_no_committee_is_withdrawn_in_one_step() {
    let (mut runner, mut caps, stakes) = setup();
    let s = runner.stake(STAKER, caps[2].node_id(), 1);
    runner.next_epoch(&mut caps);
    runner.next_epoch(&mut caps);
    assert!(!runner.can_withdraw_early(&s));
    assert!(runner.withdraw(STAKER, s) == FROST);
    wrap_up(runner, caps, stakes);
}

#[test, expected_failure(abort_code = staking_pool::EWithdrawDirectly)]
fun requesting_a_withdrawal_when_a_direct_one_is_possible_aborts() {
    let (mut runner, caps, _stakes) = setup();
    let mut s = runner.stake(STAKER, caps[0].node_id(), 10);
    runner.request_withdraw(STAKER, &mut s);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::ENotWithdrawing)]
fun withdrawing_an_active_stake_without_a_request_aborts() {
    let (mut runner, mut caps, _stakes) = setup();
    let s = runner.stake(STAKER, caps[0].node_id(), 10);
    runner.next_epoch(&mut caps);
    runner.withdraw(STAKER, s);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::ENotStaked)]
fun requesting_a_withdrawal_twice_aborts() {
    let (mut runner, mut caps, _stakes) = setup();
    let mut s = runner.stake(STAKER, caps[0].node_id(), 10);
    runner.next_epoch(&mut caps);
    runner.request_withdraw(STAKER, &mut s);
    runner.request_withdraw(STAKER, &mut s);
    abort 1337
}

#[test, expected_failure(abort_code = test_scenario::EEmptyInventory)]
fun a_stranger_cannot_take_someone_elses_stake_to_withdraw_it() {
    let (mut runner, caps, _stakes) = setup();
    let s = runner.stake(STAKER, caps[0].node_id(), 10);
    transfer::public_transfer(s, STAKER);
    runner.next_tx(@0xBAD);
    let _stolen = runner.scenario().take_from_sender<StakedWal>();
    abort 1337
}

#[test]
fun the_active_set_counts_stake_that_will_be_active_at_the_next_vote() {
    let (mut runner, mut caps, stakes) = setup();
    let node = caps[0].node_id();
    let mut s = runner.stake(STAKER, node, 500);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.inner().active_set().stake_for_node(node) == 1_000_500 * FROST);
    give_back(staking);
    runner.next_epoch(&mut caps);
    runner.request_withdraw(STAKER, &mut s);
    runner.refresh();
    let staking = runner.staking();
    // The withdrawal counts from E+1, so the vote no longer sees it.
    assert!(staking.inner().active_set().stake_for_node(node) == 1_000_000 * FROST);
    give_back(staking);
    runner.finish(s);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun calculate_rewards_matches_the_payout() {
    let (mut runner, mut caps, stakes) = setup();
    let node = caps[1].node_id();
    let mut s = runner.stake(staker_address(1), node, 250_000);
    runner.next_epoch(&mut caps);
    runner.buy_storage(1 << 20, 1);
    runner.add_rewards(1_000);
    runner.request_withdraw(staker_address(1), &mut s);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    let expected = staking.calculate_rewards(
        node,
        s.value(),
        s.activation_epoch(),
        s.withdraw_epoch(),
    );
    give_back(staking);
    assert!(expected > 0);
    let principal = s.value();
    assert!(runner.withdraw(staker_address(1), s) == principal + expected);
    wrap_up(runner, caps, stakes);
}

#[test, expected_failure(abort_code = walrus::staked_wal::EStakeBelowThreshold)]
fun staking_less_than_one_wal_aborts() {
    let (mut runner, caps, _stakes) = setup();
    runner.next_tx(STAKER);
    let coin = sui::coin::mint_for_testing<wal::wal::WAL>(FROST - 1, runner.ctx());
    let mut staking = runner.staking();
    let _s = staking.stake_with_pool(coin, caps[0].node_id(), runner.ctx());
    abort 1337
}

#[test]
fun split_parts_of_a_withdrawing_stake_are_paid_in_proportion() {
    let (mut runner, mut caps, stakes) = setup();
    let mut s = runner.stake(STAKER, caps[0].node_id(), 300);
    runner.next_epoch(&mut caps);
    runner.buy_storage(1 << 20, 1);
    runner.add_rewards(1_000);
    runner.request_withdraw(STAKER, &mut s);
    runner.next_epoch(&mut caps);
    let part = s.split(100 * FROST, runner.ctx());
    let paid_part = runner.withdraw(STAKER, part);
    let paid_rest = runner.withdraw(STAKER, s);
    let reward_part = paid_part - 100 * FROST;
    let reward_rest = paid_rest - 200 * FROST;
    assert!(reward_part > 0);
    // Twice the principal earns twice the rewards, up to a FROST of rounding.
    assert!(reward_rest >= 2 * reward_part && reward_rest <= 2 * reward_part + 2);
    wrap_up(runner, caps, stakes);
}

#[test, expected_failure(abort_code = test_scenario::EEmptyInventory)]
fun a_stranger_cannot_take_a_nodes_cap_to_act_for_it() {
    let (mut runner, mut caps, _stakes) = setup();
    let cap = caps.pop_back();
    transfer::public_transfer(cap, node_address(2));
    runner.next_tx(@0xBAD);
    let _stolen = runner.scenario().take_from_sender<StorageNodeCap>();
    abort 1337
}
