#[test_only]
/// Storage-node registration, parameters, commission and authorization through the shared `Staking` object,
/// including what a stranger cannot do.
module walrus::node_operations_tests;

use sui::{balance, vec_map};
use wal::wal::WAL;
use walrus::{
    auth,
    e2e_runner::{Self, TestRunner, node_address, give_back},
    node_metadata,
    staked_wal::StakedWal,
    staking,
    staking_inner,
    staking_pool,
    storage_node::StorageNodeCap
};

const FROST: u64 = 1_000_000_000;
const STRANGER: address = @0xBAD;

fun wrap_up(runner: TestRunner, caps: vector<StorageNodeCap>, stakes: vector<StakedWal>) {
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun registration_creates_a_pool_named_by_the_node_with_the_cap_as_commission_receiver() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 1_234);
    runner.refresh();
    let staking = runner.staking();
    let pool = staking.inner().pool(cap.node_id());
    assert!(pool.node_id() == cap.node_id());
    assert!(pool.node_info().id() == cap.node_id());
    assert!(pool.commission_rate() == 1_234);
    assert!(pool.commission_receiver() == &auth::authorized_object(object::id(&cap)));
    assert!(pool.governance_authorized() == &auth::authorized_address(node_address(0)));
    assert!(pool.node_info().name() == e2e_runner::node_name(0));
    assert!(pool.activation_epoch() == 0);
    assert!(cap.last_epoch_sync_done() == 0);
    assert!(cap.deny_list_root() == 0 && cap.deny_list_sequence() == 0);
    give_back(staking);
    runner.finish(cap);
}

// `staking_pool::EInvalidProofOfPossession` cannot be shown here: the test VM's BLS verification accepts any
// signature, so a wrong proof cannot be rejected in a Move test; only the key length is checked here.

#[test, expected_failure(abort_code = walrus::messages::EInvalidKeyLength)]
fun registration_with_a_public_key_that_is_not_48_bytes_aborts() {
    let mut runner = e2e_runner::new_with_shards(100);
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    let _cap = staking.register_candidate(
        b"n".to_string(),
        b"a".to_string(),
        node_metadata::default(),
        vector[1, 2],
        e2e_runner::network_key(0),
        e2e_runner::test_pop(),
        0,
        1,
        1,
        1,
        runner.ctx(),
    );
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EIncorrectCommissionRate)]
fun registration_with_commission_above_one_hundred_percent_aborts() {
    let mut runner = e2e_runner::new_with_shards(100);
    let _cap = runner.register_node(0, 10_001);
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::EPoolNotFound)]
fun staking_with_an_unknown_node_aborts() {
    let mut runner = e2e_runner::new_with_shards(100);
    let _s = runner.stake(@0x1, object::id_from_address(@0x1234), 5);
    abort 1337
}

#[test]
fun node_parameters_are_updated_by_the_cap_holder() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 0);
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    staking.set_name(&cap, b"renamed".to_string());
    staking.set_network_address(&cap, b"10.0.0.1:9000".to_string());
    staking.set_network_public_key(&cap, e2e_runner::network_key(99));
    let mut metadata = node_metadata::new(
        b"img".to_string(),
        b"proj".to_string(),
        b"desc".to_string(),
    );
    let mut extra = vec_map::empty();
    extra.insert(b"region".to_string(), b"eu".to_string());
    metadata.set_extra_fields(extra);
    staking.set_node_metadata(&cap, metadata);
    staking.set_storage_price_vote(&cap, 11);
    staking.set_write_price_vote(&cap, 22);
    staking.set_node_capacity_vote(&cap, 33);
    let pool = staking.inner().pool(cap.node_id());
    assert!(pool.node_info().name() == b"renamed".to_string());
    assert!(pool.node_info().network_address() == b"10.0.0.1:9000".to_string());
    assert!(pool.node_info().network_public_key() == &e2e_runner::network_key(99));
    assert!(pool.storage_price() == 11 && pool.write_price() == 22 && pool.node_capacity() == 33);
    assert!(staking.node_metadata(cap.node_id()) == metadata);
    give_back(staking);
    runner.finish(cap);
}

#[test]
fun a_cap_only_changes_its_own_node() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap_a = runner.register_node(0, 0);
    let cap_b = runner.register_node(1, 0);
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    staking.set_storage_price_vote(&cap_a, 999);
    assert!(staking.inner().pool(cap_b.node_id()).storage_price() == 1_000);
    assert!(staking.inner().pool(cap_a.node_id()).storage_price() == 999);
    give_back(staking);
    runner.finish(vector[cap_a, cap_b]);
}

#[test]
fun a_next_public_key_set_after_committee_selection_is_used_for_the_next_committee() {
    let mut runner = e2e_runner::new_with_shards(100);
    let mut caps = vector[runner.register_node(0, 0)];
    let stakes = vector[runner.stake(node_address(0), caps[0].node_id(), 10)];
    runner.voting_end();
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    staking.set_next_public_key(
        &caps[0],
        e2e_runner::bls_public_key(42),
        e2e_runner::test_pop(),
        runner.ctx(),
    );
    let node = caps[0].node_id();
    let expected = *staking.inner().pool(node).node_info().next_epoch_public_key();
    assert!(staking.inner().next_epoch_public_keys().get(&node) == &expected);
    give_back(staking);
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.inner().pool(node).node_info().public_key() == &expected);
    assert!(!staking.inner().pool(node).node_info().has_next_epoch_public_key());
    give_back(staking);
    wrap_up(runner, caps, stakes);
}

#[test]
fun commission_reaches_an_address_receiver_after_a_handover() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(2, 10_000, 100);
    let node = caps[0].node_id();
    // The cap (the default receiver) hands the commission over to the operator's address.
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    staking.set_commission_receiver(
        node,
        auth::authenticate_with_object(&caps[0]),
        auth::authorized_address(@0xC0),
    );
    give_back(staking);
    runner.next_epoch(&mut caps);
    runner.buy_storage(1 << 20, 1);
    runner.add_rewards(100);
    runner.next_epoch(&mut caps);
    runner.voting_end();
    runner.next_tx(@0xC0);
    let mut staking = runner.staking();
    let coin = staking.collect_commission(
        node,
        auth::authenticate_sender(runner.ctx()),
        runner.ctx(),
    );
    // 100% commission: half of 97 WAL (two equal nodes), plus the storage payment share.
    assert!(coin.value() >= 48 * FROST + FROST / 2);
    coin.burn_for_testing();
    give_back(staking);
    wrap_up(runner, caps, stakes);
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun a_stranger_cannot_collect_a_nodes_commission() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 0);
    runner.next_tx(STRANGER);
    let mut staking = runner.staking();
    let _coin = staking.collect_commission(
        cap.node_id(),
        auth::authenticate_sender(runner.ctx()),
        runner.ctx(),
    );
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun the_registering_address_is_no_longer_the_receiver_once_the_cap_is() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 0);
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    let _coin = staking.collect_commission(
        cap.node_id(),
        auth::authenticate_sender(runner.ctx()),
        runner.ctx(),
    );
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun a_stranger_cannot_redirect_the_commission() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 0);
    runner.next_tx(STRANGER);
    let mut staking = runner.staking();
    staking.set_commission_receiver(
        cap.node_id(),
        auth::authenticate_sender(runner.ctx()),
        auth::authorized_address(STRANGER),
    );
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun another_nodes_cap_cannot_redirect_the_commission() {
    let mut runner = e2e_runner::new_with_shards(100);
    let victim = runner.register_node(0, 0);
    let attacker = runner.register_node(1, 0);
    runner.next_tx(node_address(1));
    let mut staking = runner.staking();
    staking.set_commission_receiver(
        victim.node_id(),
        auth::authenticate_with_object(&attacker),
        auth::authorized_address(node_address(1)),
    );
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun a_stranger_cannot_take_over_governance() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 0);
    runner.next_tx(STRANGER);
    let mut staking = runner.staking();
    staking.set_governance_authorized(
        cap.node_id(),
        auth::authenticate_sender(runner.ctx()),
        auth::authorized_address(STRANGER),
    );
    abort 1337
}

#[test]
fun the_operator_can_delegate_governance_to_its_cap() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 0);
    let node = cap.node_id();
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    staking.set_governance_authorized(
        node,
        auth::authenticate_sender(runner.ctx()),
        auth::authorized_object(object::id(&cap)),
    );
    assert!(staking.check_governance_authorization(node, auth::authenticate_with_object(&cap)));
    assert!(!staking.check_governance_authorization(node, auth::authenticate_sender(runner.ctx())));
    give_back(staking);
    runner.finish(cap);
}

#[test]
fun commission_added_before_voting_end_is_blocked_and_after_it_is_not() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(2, 0, 100);
    runner.next_epoch(&mut caps);
    let n0 = caps[0].node_id();
    let n1 = caps[1].node_id();
    runner.refresh();
    let mut staking = runner.staking();
    staking.add_commission_to_pools(vector[n0], vector[balance::create_for_testing<WAL>(7)]);
    give_back(staking);
    runner.voting_end();
    runner.refresh();
    let mut staking = runner.staking();
    staking.add_commission_to_pools(vector[n1], vector[balance::create_for_testing<WAL>(9)]);
    assert!(staking.inner().pool(n0).blocked_commission() == 7);
    assert!(staking.inner().pool(n1).blocked_commission() == 0);
    give_back(staking);
    // Node 0 is in the previous committee at the next voting_end, which unblocks it.
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.voting_end();
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.inner().pool(n0).blocked_commission() == 0);
    give_back(staking);
    wrap_up(runner, caps, stakes);
}

#[test]
fun a_new_commission_rate_applies_from_two_epochs_later() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(1, 100, 10);
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    staking.set_next_commission(&caps[0], 2_500);
    give_back(staking);
    let node = caps[0].node_id();
    runner.next_epoch(&mut caps);
    let rate = {
        runner.refresh();
        let s = runner.staking();
        let r = s.inner().pool(node).commission_rate();
        give_back(s);
        r
    };
    assert!(rate == 100);
    runner.next_epoch(&mut caps);
    let rate = {
        runner.refresh();
        let s = runner.staking();
        let r = s.inner().pool(node).commission_rate();
        give_back(s);
        r
    };
    assert!(rate == 2_500);
    wrap_up(runner, caps, stakes);
}

#[test]
fun a_node_left_out_of_a_full_active_set_can_join_once_it_has_more_stake() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (caps, mut stakes) = runner.register_and_stake(3, 0, 100);
    runner.refresh();
    let mut staking = runner.staking();
    // Shrink the set (test-only path) so that it is full.
    walrus::active_set::set_max_size(staking_active_set_mut(&mut staking), 3);
    give_back(staking);
    let late = runner.register_node(5, 0);
    stakes.push_back(runner.stake(node_address(5), late.node_id(), 100));
    runner.refresh();
    let staking = runner.staking();
    assert!(!staking.inner().active_set().contains(late.node_id()));
    give_back(staking);
    stakes.push_back(runner.stake(node_address(5), late.node_id(), 1));
    runner.refresh();
    let mut staking = runner.staking();
    staking.try_join_active_set(&late);
    assert!(staking.inner().active_set().contains(late.node_id()));
    assert!(staking.inner().active_set().size() == 3);
    give_back(staking);
    std::unit_test::destroy(late);
    wrap_up(runner, caps, stakes);
}

fun staking_active_set_mut(staking: &mut staking::Staking): &mut walrus::active_set::ActiveSet {
    staking.inner_mut().active_set_mut_for_testing()
}
