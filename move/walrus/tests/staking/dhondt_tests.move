#[test_only]
/// Shard apportionment: d'Hondt with Hagenbach-Bischoff seeding and the per-node shard cap.
module walrus::dhondt_tests;

use walrus::staking_inner;

fun ids(n: u64): vector<ID> {
    vector::tabulate!(n, |i| object::id_from_address(sui::address::from_u256(i as u256 + 1)))
}

fun sum(v: &vector<u16>): u64 {
    let mut s = 0;
    v.do_ref!(|x| s = s + (*x as u64));
    s
}

/// Pseudo-random stakes in [1, max].
fun random_stakes(n: u64, seed: u64, max: u64): vector<u64> {
    let mut seed = seed;
    vector::tabulate!(n, |_| {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        seed % max + 1
    })
}

#[test]
fun proportional_stakes_get_proportional_shards() {
    let (out, shards) = staking_inner::dhondt(10, ids(3), vector[500, 300, 200]);
    assert!(out == ids(3));
    assert!(shards == vector[5, 3, 2]);
}

#[test]
fun a_single_node_gets_every_shard() {
    let (out, shards) = staking_inner::dhondt(1000, ids(1), vector[1]);
    assert!(out == ids(1) && shards == vector[1000]);
}

#[test]
fun ties_go_to_the_earlier_node() {
    let (_, shards) = staking_inner::dhondt(5, ids(2), vector[100, 100]);
    assert!(shards == vector[3, 2]);
    let (_, shards) = staking_inner::dhondt(1, ids(3), vector[7, 7, 7]);
    assert!(shards == vector[1]);
}

#[test]
fun nodes_without_shards_are_dropped() {
    let (out, shards) = staking_inner::dhondt(2, ids(3), vector[1000, 1000, 1]);
    assert!(out == vector[ids(3)[0], ids(3)[1]]);
    assert!(shards == vector[1, 1]);
}

#[test, expected_failure(abort_code = staking_inner::ENoStake)]
fun apportioning_zero_total_stake_aborts() {
    staking_inner::dhondt(10, ids(2), vector[0, 0]);
}

#[test]
fun with_few_nodes_the_cap_is_twice_the_fair_share() {
    // 4 nodes, 100 shards: cap = ceil(100 * 20 / 40) = 50 even though node 0 holds 97% of the stake.
    let (_, shards) = staking_inner::dhondt(100, ids(4), vector[970, 10, 10, 10]);
    assert!(shards[0] == 50);
    assert!(sum(&shards) == 100);
    assert!(shards[1] == shards[2] || shards[1] == shards[2] + 1);
}

#[test]
fun with_twenty_or_more_nodes_no_node_holds_more_than_a_tenth() {
    let mut stakes = vector::tabulate!(25, |_| 1u64);
    *&mut stakes[0] = 1_000_000;
    let (_, shards) = staking_inner::dhondt(1000, ids(25), stakes);
    assert!(shards[0] == 100);
    assert!(sum(&shards) == 1000);
    shards.do_ref!(|s| assert!(*s <= 100));
}

#[test]
fun without_a_binding_cap_the_result_is_pure_dhondt() {
    // Seats for 7 with votes 340, 280, 160, 60 (Jefferson): 3, 3, 1, 0.
    let (out, shards) = staking_inner::dhondt(7, ids(4), vector[340_000, 280_000, 160_000, 60_000]);
    assert!(out.length() == 3);
    assert!(shards == vector[3, 3, 1]);
}

#[test]
fun one_hundred_shards_over_many_random_committees_always_sum_up() {
    let mut seed = 1u64;
    30u64.do!(|round| {
        seed = seed + round * 7919;
        let n = round % 40 + 1;
        let stakes = random_stakes(n, seed, 1_000_000_000_000);
        let (out, shards) = staking_inner::dhondt(100, ids(n), stakes);
        assert!(sum(&shards) == 100);
        assert!(out.length() == shards.length());
        shards.do_ref!(|s| assert!(*s > 0));
    });
}

#[test]
fun one_thousand_shards_over_one_hundred_nodes_respect_cap_and_total() {
    let stakes = random_stakes(100, 42, 50_000_000_000_000);
    let (_, shards) = staking_inner::dhondt(1000, ids(100), stakes);
    assert!(sum(&shards) == 1000);
    shards.do_ref!(|s| assert!(*s <= 100));
}

#[test]
fun one_thousand_shards_over_one_hundred_fifty_nodes_sum_up() {
    let stakes = random_stakes(150, 7, 10_000_000_000);
    let (_, shards) = staking_inner::dhondt(1000, ids(150), stakes);
    assert!(sum(&shards) == 1000);
}

#[test]
fun more_stake_never_gets_fewer_shards() {
    let stakes = random_stakes(40, 2024, 1_000_000);
    let (_, shards) = staking_inner::dhondt(1000, ids(40), stakes);
    40u64.do!(|i| 40u64.do!(|j| {
        if (stakes[i] > stakes[j]) assert!(shards[i] >= shards[j]);
    }));
}

#[test]
fun equal_stakes_on_one_thousand_shards_split_evenly() {
    let stakes = vector::tabulate!(8, |_| 5_000_000_000u64);
    let (_, shards) = staking_inner::dhondt(1000, ids(8), stakes);
    shards.do_ref!(|s| assert!(*s == 125));
}

#[test]
fun tiny_shard_counts_with_many_nodes_still_assign_every_shard() {
    // 20 nodes and 7 shards: the 1/10 cap (0) would leave shards unassigned, so the cap is raised.
    let stakes = vector::tabulate!(20, |i| (i + 1) * 1000);
    let (_, shards) = staking_inner::dhondt(7, ids(20), stakes);
    assert!(sum(&shards) == 7);
}
