#[test_only]
module walrus::committee_tests;

use sui::vec_map::{Self, VecMap};
use walrus::committee;

fun id(n: u64): ID { object::id_from_address(sui::address::from_u256(n as u256 + 1)) }

fun assignments(ids: vector<u64>, weights: vector<u16>): VecMap<ID, u16> {
    vec_map::from_keys_values(ids.map!(|i| id(i)), weights)
}

fun all_shards(cmt: &committee::Committee): vector<u16> {
    let mut shards = vector[];
    cmt.inner().keys().do!(|k| shards.append(*cmt.shards(&k)));
    shards
}

fun assert_permutation(shards: vector<u16>, n: u16) {
    assert!(shards.length() == n as u64);
    n.do!(|s| assert!(shards.contains(&s)));
}

#[test]
fun an_empty_committee_has_no_members_or_shards() {
    let cmt = committee::empty();
    assert!(cmt.size() == 0 && cmt.n_shards() == 0);
    assert!(cmt.to_inner().is_empty());
}

#[test]
fun the_first_committee_numbers_shards_in_node_id_order() {
    let cmt = committee::initialize(assignments(vector[3, 1, 2], vector[2, 1, 3]));
    assert!(cmt.inner().keys() == vector[id(1), id(2), id(3)]);
    assert!(cmt.shards(&id(1)) == &vector[0]);
    assert!(cmt.shards(&id(2)) == &vector[1, 2, 3]);
    assert!(cmt.shards(&id(3)) == &vector[4, 5]);
}

#[test]
fun nodes_with_zero_weight_are_left_out() {
    let cmt = committee::initialize(assignments(vector[1, 2], vector[0, 4]));
    assert!(cmt.size() == 1);
    assert!(!cmt.contains(&id(1)));
    assert!(cmt.weight(&id(1)) == 0 && cmt.weight(&id(2)) == 4);
}

#[test]
fun a_transition_with_the_same_weights_keeps_every_shard_in_place() {
    let cmt = committee::initialize(assignments(vector[1, 2, 3], vector[3, 3, 4]));
    let next = cmt.transition(assignments(vector[3, 2, 1], vector[4, 3, 3]));
    assert!(next == cmt);
}

#[test]
fun continuing_nodes_keep_their_shards_when_others_shrink_grow_join_and_leave() {
    let cmt = committee::initialize(assignments(vector[1, 2, 3], vector[4, 4, 2]));
    // 1 shrinks to 2, 2 leaves, 3 grows to 3, 4 joins with 5.
    let next = cmt.transition(assignments(vector[1, 3, 4], vector[2, 3, 5]));
    assert!(next.size() == 3);
    let old1 = cmt.shards(&id(1));
    next.shards(&id(1)).do_ref!(|s| assert!(old1.contains(s)));
    let old3 = cmt.shards(&id(3));
    old3.do_ref!(|s| assert!(next.shards(&id(3)).contains(s)));
    assert!(next.shards(&id(4)).length() == 5);
    assert_permutation(all_shards(&next), 10);
    assert!(next.inner().keys() == vector[id(1), id(3), id(4)]);
}

#[test]
fun a_transition_from_an_empty_committee_starts_over() {
    let next = committee::empty().transition(assignments(vector[2, 1], vector[1, 2]));
    assert!(next.shards(&id(1)) == &vector[0, 1]);
    assert!(next.shards(&id(2)) == &vector[2]);
}

#[test, expected_failure(abort_code = committee::EInvalidShardAssignment)]
fun a_transition_with_a_different_shard_total_aborts() {
    let cmt = committee::initialize(assignments(vector[1, 2], vector[2, 2]));
    cmt.transition(assignments(vector[1, 2], vector[2, 3]));
}

#[test]
fun large_committees_keep_a_permutation_of_all_shards_across_many_transitions() {
    let n_nodes = 60;
    let ids = vector::tabulate!(n_nodes, |i| i);
    let mut weights = vector::tabulate!(n_nodes, |_| 16u16);
    weights.push_back(40);
    let mut ids1 = ids;
    ids1.push_back(1000);
    let mut cmt = committee::initialize(assignments(ids1, weights));
    assert_permutation(all_shards(&cmt), 1000);
    let mut seed = 99u64;
    5u64.do!(|_| {
        // Redistribute 1000 shards randomly over a random subset of nodes.
        let mut new_ids = vector[];
        let mut new_weights = vector[];
        let mut left = 1000u64;
        let mut i = 0;
        while (left > 0) {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            let w = (seed % 40 + 1).min(left);
            new_ids.push_back((seed % 200) * 1000 + i);
            new_weights.push_back(w as u16);
            left = left - w;
            i = i + 1;
        };
        let next = cmt.transition(assignments(new_ids, new_weights));
        assert_permutation(all_shards(&next), 1000);
        cmt = next;
    });
}
