#[test_only]
module walrus::apportionment_queue_tests;

use std::uq64_64;
use walrus::apportionment_queue;

#[test, expected_failure(abort_code = apportionment_queue::EPopFromEmptyHeap)]
fun popping_from_an_empty_queue_aborts() {
    let mut q = apportionment_queue::new<u64>();
    q.pop_max();
}

#[test]
fun many_entries_pop_in_non_increasing_priority_order() {
    let mut q = apportionment_queue::new();
    let mut seed = 7u64;
    200u64.do!(|i| {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        q.insert(uq64_64::from_quotient((seed % 1000) as u128, (seed % 7 + 1) as u128), i, i);
    });
    let (mut last, mut last_tie, _) = q.pop_max();
    199u64.do!(|_| {
        let (p, t, _) = q.pop_max();
        assert!(p.le(last));
        if (p == last) assert!(t < last_tie);
        last = p;
        last_tie = t;
    });
    assert!(q.length() == 0);
}

#[test]
fun equal_priorities_pop_by_descending_tie_breaker() {
    let mut q = apportionment_queue::new();
    q.insert(uq64_64::from_int(1), 1, b"low");
    q.insert(uq64_64::from_int(1), 3, b"high");
    q.insert(uq64_64::from_int(1), 2, b"mid");
    let (_, _, a) = q.pop_max();
    let (_, _, b) = q.pop_max();
    let (_, _, c) = q.pop_max();
    assert!(a == b"high" && b == b"mid" && c == b"low");
}

#[test]
fun fixed_point_priorities_distinguish_close_quotients() {
    // 2/3 and 666666/1000000 differ only in far decimal places.
    let mut q = apportionment_queue::new();
    q.insert(uq64_64::from_quotient(666_666, 1_000_000), 9, 1u8);
    q.insert(uq64_64::from_quotient(2, 3), 0, 2u8);
    let (_, _, first) = q.pop_max();
    assert!(first == 2);
}
