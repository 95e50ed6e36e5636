#[test_only]
/// End-to-end scenarios over the whole package: initialization, node registration, staking, epoch changes,
/// rewards and commission.
module walrus::e2e_tests;

use walrus::{e2e_runner::{Self, node_address, staker_address, give_back}, staking, staking_inner};

const FROST: u64 = 1_000_000_000;

#[test]
fun init_then_first_epoch_change_selects_a_committee_covering_all_shards() {
    let mut runner = e2e_runner::new();
    let (mut caps, stakes) = runner.register_and_stake(4, 0, 1_000);
    assert!(runner.epoch() == 0);
    runner.voting_end();
    runner.initiate_epoch_change();
    assert!(runner.epoch() == 1);

    runner.refresh();
    let staking = runner.staking();
    assert!(staking.committee().size() == 4);
    let mut total = 0;
    caps.do_ref!(|cap| total = total + staking.committee().shards(&cap.node_id()).length());
    assert!(total == 1000);
    assert!(staking.inner().is_epoch_sync());
    give_back(staking);

    runner.refresh();
    let system = runner.system();
    assert!(system.epoch() == 1);
    assert!(system.n_shards() == 1000);
    assert!(system.total_capacity_size() > 0);
    give_back(system);

    runner.sync_all(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.inner().is_epoch_change_done());
    give_back(staking);
    runner.finish(vector[caps.length()]);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test, expected_failure(abort_code = staking_inner::EWrongEpochState)]
fun voting_end_before_epoch_zero_is_over_aborts() {
    let mut runner = e2e_runner::new();
    let (caps, stakes) = runner.register_and_stake(1, 0, 10);
    runner.next_tx(e2e_runner::admin());
    let mut staking = runner.staking();
    let clock = runner.clock();
    staking.voting_end(&clock);
    abort 1337 + caps.length() + stakes.length()
}

#[test, expected_failure(abort_code = staking_inner::EWrongEpochState)]
fun voting_end_before_half_of_the_epoch_aborts() {
    let mut runner = e2e_runner::new();
    let (mut caps, _stakes) = runner.register_and_stake(1, 0, 10);
    runner.next_epoch(&mut caps);
    runner.advance_clock(e2e_runner::default_epoch_duration() / 2 - 1);
    runner.refresh();
    let mut staking = runner.staking();
    let clock = runner.clock();
    staking.voting_end(&clock);
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::EWrongEpochState)]
fun epoch_change_before_the_epoch_ends_aborts() {
    let mut runner = e2e_runner::new();
    let (mut caps, _stakes) = runner.register_and_stake(1, 0, 10);
    runner.next_epoch(&mut caps);
    runner.voting_end();
    runner.advance_clock(e2e_runner::default_epoch_duration() / 2 - 1);
    runner.refresh();
    let mut staking = runner.staking();
    let mut system = runner.system();
    let mut treasury = runner.treasury();
    let clock = runner.clock();
    staking.initiate_epoch_change_v2(&mut system, &mut treasury, &clock, runner.ctx());
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::EWrongEpochState)]
fun epoch_change_without_voting_end_aborts() {
    let mut runner = e2e_runner::new();
    let (_caps, _stakes) = runner.register_and_stake(1, 0, 10);
    runner.advance_clock(e2e_runner::default_epoch_zero_duration());
    runner.refresh();
    let mut staking = runner.staking();
    let mut system = runner.system();
    let mut treasury = runner.treasury();
    let clock = runner.clock();
    staking.initiate_epoch_change_v2(&mut system, &mut treasury, &clock, runner.ctx());
    abort 1337
}

#[test, expected_failure(abort_code = staking::EDeprecatedFunction)]
fun deprecated_initiate_epoch_change_always_aborts() {
    let mut runner = e2e_runner::new();
    runner.refresh();
    let mut staking = runner.staking();
    let mut system = runner.system();
    let clock = runner.clock();
    staking.initiate_epoch_change(&mut system, &clock);
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::ECommitteeSelected)]
fun voting_end_twice_in_one_epoch_aborts() {
    let mut runner = e2e_runner::new();
    let (_caps, _stakes) = runner.register_and_stake(1, 0, 10);
    runner.voting_end();
    runner.voting_end();
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::EWrongEpochState)]
fun voting_end_during_epoch_sync_aborts() {
    let mut runner = e2e_runner::new();
    let (_caps, _stakes) = runner.register_and_stake(2, 0, 10);
    runner.voting_end();
    runner.initiate_epoch_change();
    runner.voting_end();
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::ENextCommitteeIsEmpty)]
fun voting_end_without_any_stake_aborts() {
    let mut runner = e2e_runner::new();
    let _cap = runner.register_node(0, 0);
    runner.voting_end();
    abort 1337
}

#[test]
fun epochs_advance_many_times_with_sync_quorum_each_time() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(5, 500, 100);
    10u64.do!(|_| runner.next_epoch(&mut caps));
    assert!(runner.epoch() == 10);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.inner().is_epoch_change_done());
    assert!(staking.committee().inner().length() == 5);
    give_back(staking);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun sync_quorum_needs_more_than_two_thirds_of_the_shards() {
    // Four equal nodes of 25 shards: two syncs (50) are not a quorum, three (75 >= 67) are.
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(4, 0, 100);
    runner.voting_end();
    runner.initiate_epoch_change();
    runner.sync_done(&mut caps[0]);
    runner.sync_done(&mut caps[1]);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.inner().is_epoch_sync());
    give_back(staking);
    runner.sync_done(&mut caps[2]);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.inner().is_epoch_change_done());
    give_back(staking);
    // A late node may still report; the state stays done.
    runner.sync_done(&mut caps[3]);
    assert!(caps[3].last_epoch_sync_done() == 1);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test, expected_failure(abort_code = staking_inner::EDuplicateSyncDone)]
fun a_node_cannot_report_sync_done_twice() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, _stakes) = runner.register_and_stake(4, 0, 100);
    runner.voting_end();
    runner.initiate_epoch_change();
    runner.sync_done(&mut caps[0]);
    runner.sync_done(&mut caps[0]);
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::EInvalidSyncEpoch)]
fun sync_done_for_another_epoch_aborts() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, _stakes) = runner.register_and_stake(2, 0, 100);
    runner.voting_end();
    runner.initiate_epoch_change();
    runner.refresh();
    let mut staking = runner.staking();
    let clock = runner.clock();
    staking.epoch_sync_done(&mut caps[0], 2, &clock);
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::ENotInCommittee)]
fun sync_done_from_a_node_outside_the_committee_aborts() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (_caps, _stakes) = runner.register_and_stake(2, 0, 100);
    let mut outsider = runner.register_node(9, 0);
    runner.voting_end();
    runner.initiate_epoch_change();
    runner.sync_done(&mut outsider);
    abort 1337
}

#[test]
fun stake_made_after_committee_selection_activates_two_epochs_later() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(2, 0, 100);
    let before = runner.stake(staker_address(0), caps[0].node_id(), 5);
    assert!(before.activation_epoch() == 1);
    runner.voting_end();
    let after = runner.stake(staker_address(1), caps[0].node_id(), 5);
    assert!(after.activation_epoch() == 2);
    assert!(runner.can_withdraw_early(&after));
    assert!(!runner.can_withdraw_early(&before));
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.finish(vector[before, after]);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun a_node_registered_after_committee_selection_joins_the_committee_after_next() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, mut stakes) = runner.register_and_stake(2, 0, 100);
    runner.voting_end();
    let late = runner.register_node(7, 0);
    stakes.push_back(runner.stake(node_address(7), late.node_id(), 100));
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    assert!(!staking.committee().inner().contains(&late.node_id()));
    give_back(staking);
    caps.push_back(late);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.committee().inner().contains(&caps[2].node_id()));
    assert!(staking.committee().size() == 3);
    give_back(staking);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun previous_committee_is_kept_after_the_epoch_change() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(3, 0, 100);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let first = { let s = runner.staking(); let c = *s.committee(); give_back(s); c };
    runner.next_epoch(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.previous_committee() == &first);
    // Same stake: every node keeps its shards.
    assert!(staking.committee() == &first);
    give_back(staking);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun compute_next_committee_previews_the_selection() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(3, 0, 100);
    runner.refresh();
    let preview = { let s = runner.staking(); let c = s.compute_next_committee(); give_back(s); c };
    runner.next_epoch(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.committee() == &preview);
    give_back(staking);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun rewards_reach_stakers_and_commission_reaches_the_receiver() {
    let mut runner = e2e_runner::new_with_shards(100);
    // Commission 10%.
    let (mut caps, mut stakes) = runner.register_and_stake(2, 1_000, 1_000);
    runner.next_epoch(&mut caps);
    // Epoch 1: storage is used and rewards are added, so the epoch's rewards are paid at the next change.
    runner.buy_storage(1 << 20, 1);
    runner.add_rewards(1_000);
    runner.next_epoch(&mut caps);

    // Each node gets its shard share of the rewards (less 3% burnt), 10% of it as commission.
    let node0 = caps[0].node_id();
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    // Blocked until the next voting_end.
    let early = staking.collect_commission(
        node0,
        walrus::auth::authenticate_with_object(&caps[0]),
        runner.ctx(),
    );
    assert!(early.value() == 0);
    early.burn_for_testing();
    give_back(staking);

    runner.voting_end();
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    let commission = staking.collect_commission(
        node0,
        walrus::auth::authenticate_with_object(&caps[0]),
        runner.ctx(),
    );
    let commission_value = commission.value();
    commission.burn_for_testing();
    give_back(staking);
    assert!(commission_value > 0);

    // The staker asks to leave; the stake stays through the next epoch (the node is in the next committee).
    let mut s0 = stakes.remove(0);
    runner.request_withdraw(node_address(0), &mut s0);
    assert!(s0.withdraw_epoch() == 4);
    runner.initiate_epoch_change();
    runner.sync_all(&mut caps);
    runner.next_epoch(&mut caps);
    let paid = runner.withdraw(node_address(0), s0);
    // Principal plus ~90% of half of 97% of 1000 WAL plus the storage payment share.
    assert!(paid > 1_000 * FROST + 400 * FROST);
    assert!(paid < 1_000 * FROST + 500 * FROST);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun the_epoch_change_burns_three_percent_of_the_ending_epoch_rewards() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(2, 0, 1_000);
    runner.next_epoch(&mut caps);
    runner.add_rewards(1_000);
    runner.refresh();
    let before = { let t = runner.treasury(); let v = t.total_supply(); give_back(t); v };
    runner.next_epoch(&mut caps);
    runner.refresh();
    let after = { let t = runner.treasury(); let v = t.total_supply(); give_back(t); v };
    assert!(before - after == 30 * FROST);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun price_votes_apply_with_update_prices_and_at_epoch_change() {
    let mut runner = e2e_runner::new_with_shards(100);
    let mut caps = vector[];
    let mut stakes = vector[];
    // Four equal nodes (25 shards each) voting 10, 20, 30, 40 for storage and 1, 2, 3, 4 for writes.
    4u64.do!(|i| {
        let cap = runner.register_node_with_votes(i, 0, 10 * (i + 1), i + 1, 1 << 40);
        stakes.push_back(runner.stake(node_address(i), cap.node_id(), 100));
        caps.push_back(cap);
    });
    // Epoch 0 has no committee: prices are u64::MAX until the first epoch change.
    runner.refresh();
    let system = runner.system();
    assert!(system.storage_price_per_unit_size() == std::u64::max_value!());
    give_back(system);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let system = runner.system();
    // A quorum (67 of 100 shards) is reached at the third-lowest vote.
    assert!(system.storage_price_per_unit_size() == 30);
    assert!(system.write_price_per_unit_size() == 3);
    give_back(system);

    // Nodes lower their votes; update_prices applies them at once.
    // Storage votes become 10, 20, 5, 5 and write votes 1, 2, 1, 4.
    runner.next_tx(node_address(2));
    let mut staking = runner.staking();
    staking.set_storage_price_vote(&caps[2], 5);
    staking.set_write_price_vote(&caps[2], 1);
    staking.set_storage_price_vote(&caps[3], 5);
    runner.refresh();
    let mut system = runner.system();
    staking.update_prices(&mut system);
    assert!(system.storage_price_per_unit_size() == 10);
    assert!(system.write_price_per_unit_size() == 2);
    give_back(system);
    give_back(staking);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun capacity_votes_set_the_next_epoch_capacity() {
    let mut runner = e2e_runner::new_with_shards(100);
    let mut caps = vector[];
    let mut stakes = vector[];
    // Two equal nodes (50 shards each) offering 1000 and 3000 bytes: votes are 2000 and 6000 for the whole
    // system; the largest value a quorum (67 shards) votes at least is 2000.
    2u64.do!(|i| {
        let cap = runner.register_node_with_votes(i, 0, 1, 1, 1000 + 2000 * i);
        stakes.push_back(runner.stake(node_address(i), cap.node_id(), 100));
        caps.push_back(cap);
    });
    runner.next_epoch(&mut caps);
    runner.refresh();
    let system = runner.system();
    assert!(system.total_capacity_size() == 2000);
    give_back(system);
    // Node 0 votes more capacity; it counts at the next voting_end.
    runner.next_tx(node_address(0));
    let mut staking = runner.staking();
    staking.set_node_capacity_vote(&caps[0], 5000);
    give_back(staking);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let system = runner.system();
    // Votes are now 10000 and 6000: a quorum votes at least 6000.
    assert!(system.total_capacity_size() == 6000);
    give_back(system);
    runner.finish(0u8);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
}
