#[test_only]
module walrus::active_set_tests;

use walrus::active_set;

fun id(n: u64): ID { object::id_from_address(sui::address::from_u256(n as u256 + 1)) }

#[test, expected_failure(abort_code = active_set::EZeroMaxSize)]
fun an_active_set_of_size_zero_cannot_be_created() {
    active_set::new(0, 0);
}

#[test, expected_failure(abort_code = active_set::EZeroMaxSize)]
fun an_active_set_cannot_be_resized_to_zero() {
    let mut set = active_set::new(3, 0);
    set.set_max_size(0);
}

#[test, expected_failure(abort_code = active_set::EDuplicateInsertion)]
fun inserting_a_member_twice_aborts() {
    let mut set = active_set::new(3, 0);
    set.insert(id(1), 5);
    set.insert(id(1), 6);
}

#[test]
fun a_full_set_rejects_a_newcomer_with_equal_stake_so_it_cannot_kick_out_members() {
    let mut set = active_set::new(3, 0);
    3u64.do!(|i| assert!(set.insert(id(i), 100)));
    assert!(!set.insert_or_update(id(10), 100));
    assert!(!set.contains(id(10)));
    assert!(set.total_stake() == 300);
    // Strictly more evicts exactly one member with the least stake.
    assert!(set.insert_or_update(id(10), 101));
    assert!(set.size() == 3);
    assert!(set.total_stake() == 301);
}

#[test]
fun shrinking_the_set_evicts_the_smallest_members() {
    let mut set = active_set::new(5, 0);
    5u64.do!(|i| assert!(set.insert(id(i), (i + 1) * 10)));
    set.set_max_size(2);
    assert!(set.size() == 2 && set.max_size() == 2);
    assert!(set.contains(id(3)) && set.contains(id(4)));
    assert!(set.total_stake() == 90);
}

#[test]
fun nodes_below_the_threshold_are_kept_out_and_dropped() {
    let mut set = active_set::new(5, 50);
    assert!(set.threshold_stake() == 50);
    assert!(!set.insert(id(1), 49));
    assert!(set.insert(id(2), 50));
    assert!(!set.update(id(2), 49));
    assert!(set.size() == 0 && set.total_stake() == 0);
}

#[test]
fun total_stake_always_equals_the_sum_of_member_stakes() {
    let mut set = active_set::new(20, 0);
    let mut seed = 12345u64;
    100u64.do!(|_| {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        let node = seed % 40;
        let stake = (seed / 40) % 1000;
        set.insert_or_update(id(node), stake);
        let (_, stakes) = set.active_ids_and_stake();
        let mut sum = 0;
        stakes.do!(|s| sum = sum + s);
        assert!(sum == set.total_stake());
        assert!(set.size() <= 20);
        assert!(set.stake_for_node(id(node)) == if (set.contains(id(node))) stake else 0);
    });
}

#[test]
fun removing_a_member_lowers_the_total_and_ignores_strangers() {
    let mut set = active_set::new(5, 0);
    set.insert(id(1), 10);
    set.insert(id(2), 20);
    set.remove(id(1));
    set.remove(id(7));
    assert!(set.active_ids() == vector[id(2)]);
    assert!(set.total_stake() == 20);
}
