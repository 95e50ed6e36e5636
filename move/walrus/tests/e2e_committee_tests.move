#[test_only]
/// Committee selection at scale and rewards over many epochs, end to end.
module walrus::e2e_committee_tests;

use walrus::e2e_runner::{Self, node_address, staker_address, give_back};

const FROST: u64 = 1_000_000_000;

fun total_shards(runner: &mut e2e_runner::TestRunner): u64 {
    runner.refresh();
    let staking = runner.staking();
    let n = staking.committee().n_shards();
    give_back(staking);
    n
}

#[test]
fun one_thousand_shards_over_thirty_nodes_are_all_assigned_and_capped() {
    let mut runner = e2e_runner::new();
    let mut caps = vector[];
    let mut stakes = vector[];
    30u64.do!(|i| {
        let cap = runner.register_node(i, 0);
        // Very uneven stake: node 0 alone has more than all others together.
        let amount = if (i == 0) 10_000_000 else 1_000 + i * 997;
        stakes.push_back(runner.stake(node_address(i), cap.node_id(), amount));
        caps.push_back(cap);
    });
    runner.next_epoch(&mut caps);
    assert!(total_shards(&mut runner) == 1000);
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.committee().shards(&caps[0].node_id()).length() == 100);
    staking
        .committee()
        .inner()
        .keys()
        .do!(|id| assert!(staking.committee().shards(&id).length() <= 100));
    let members = staking.committee().size();
    give_back(staking);
    let system = runner.system();
    assert!(system.committee().n_shards() == 1000);
    assert!(system.committee().n_members() == members);
    give_back(system);
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun when_stake_shifts_continuing_nodes_keep_their_shards() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, mut stakes) = runner.register_and_stake(5, 0, 1_000);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let before = { let s = runner.staking(); let c = *s.committee(); give_back(s); c };
    // Node 4 doubles its stake: it grows, the others shrink, and nobody gets a shard it did not need.
    stakes.push_back(runner.stake(node_address(4), caps[4].node_id(), 1_000));
    runner.next_epoch(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    let after = staking.committee();
    assert!(after.n_shards() == 100);
    4u64.do!(|i| {
        let id = caps[i].node_id();
        after.shards(&id).do_ref!(|s| assert!(before.shards(&id).contains(s)));
    });
    before
        .shards(&caps[4].node_id())
        .do_ref!(|s| assert!(after.shards(&caps[4].node_id()).contains(s)));
    assert!(after.shards(&caps[4].node_id()).length() > before.shards(&caps[4].node_id()).length());
    give_back(staking);
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun a_node_whose_stake_leaves_gives_its_shards_to_the_others() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, mut stakes) = runner.register_and_stake(4, 0, 1_000);
    runner.next_epoch(&mut caps);
    // Node 3's only stake leaves at the end of epoch 2.
    let mut leaving = stakes.pop_back();
    runner.request_withdraw(node_address(3), &mut leaving);
    runner.next_epoch(&mut caps);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    assert!(!staking.committee().inner().contains(&caps[3].node_id()));
    assert!(staking.committee().n_shards() == 100);
    give_back(staking);
    assert!(runner.withdraw(node_address(3), leaving) >= 1_000 * FROST);
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun the_active_set_is_capped_at_150_nodes_and_keeps_the_largest() {
    let mut runner = e2e_runner::new();
    let mut caps = vector[];
    let mut stakes = vector[];
    151u64.do!(|i| {
        let cap = runner.register_node(i, 0);
        stakes.push_back(runner.stake(node_address(i), cap.node_id(), 10 + i));
        caps.push_back(cap);
    });
    runner.refresh();
    let staking = runner.staking();
    let set = staking.inner().active_set();
    assert!(set.size() == 150);
    assert!(!set.contains(caps[0].node_id()));
    assert!(set.contains(caps[150].node_id()));
    give_back(staking);
    runner.voting_end();
    runner.refresh();
    let staking = runner.staking();
    let next = staking.inner().next_committee().borrow();
    assert!(next.n_shards() == 1000);
    assert!(!next.contains(&caps[0].node_id()));
    give_back(staking);
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun rewards_and_exchange_rates_over_many_epochs() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(2, 500, 1_000);
    let node = caps[0].node_id();
    let mut early = runner.stake(staker_address(0), node, 1_000);
    let mut late_list = vector[];
    let mut total_added = 0;
    12u64.do!(|e| {
        runner.next_epoch(&mut caps);
        runner.buy_storage(1 << 20, 1);
        runner.add_rewards(100 + e * 13);
        total_added = total_added + 100 + e * 13;
        if (e == 5) late_list.push_back(runner.stake(staker_address(1), node, 1_000));
    });
    let mut late = late_list.pop_back();
    late_list.destroy_empty();
    runner.request_withdraw(staker_address(0), &mut early);
    runner.request_withdraw(staker_address(1), &mut late);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let staking = runner.staking();
    let pool = staking.inner().pool(node);
    // A rate was recorded in every epoch the pool advanced.
    12u32.do!(|e| assert!(pool.has_exchange_rate(e + 1)));
    let pool_held = pool.rewards_amount();
    give_back(staking);
    let paid_early = runner.withdraw(staker_address(0), early);
    let paid_late = runner.withdraw(staker_address(1), late);
    // The earlier stake earned more; both earned something; nothing paid exceeds what was added.
    assert!(paid_early > paid_late);
    assert!(paid_late > 1_000 * FROST);
    assert!((paid_early - 1_000 * FROST) + (paid_late - 1_000 * FROST) <= pool_held);
    assert!(pool_held <= total_added * FROST);
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun shard_totals_always_equal_n_shards_as_nodes_come_and_go() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, mut stakes) = runner.register_and_stake(3, 0, 500);
    let mut seed = 17u64;
    8u64.do!(|round| {
        runner.next_epoch(&mut caps);
        assert!(total_shards(&mut runner) == 100);
        seed = (seed * 1103515245 + 12345) % 2147483648;
        if (round % 2 == 0) {
            let i = 10 + round;
            let cap = runner.register_node(i, 0);
            stakes.push_back(runner.stake(node_address(i), cap.node_id(), seed % 900 + 1));
            caps.push_back(cap);
        } else {
            let target = caps[seed % caps.length()].node_id();
            stakes.push_back(runner.stake(staker_address(round), target, seed % 700 + 1));
        }
    });
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}
