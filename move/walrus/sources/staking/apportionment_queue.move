/// A max-heap of `(priority, tie_breaker, value)` used by the d'Hondt shard apportionment: the highest priority
/// pops first, and among equal priorities the highest tie breaker.
module walrus::apportionment_queue;

use std::uq64_64::UQ64_64;

/// `pop_max` was called on an empty queue.
const EPopFromEmptyHeap: u64 = 0;

/// One queued value.
public struct Entry<T> has drop, store {
    priority: UQ64_64,
    tie_breaker: u64,
    value: T,
}

/// The heap, stored as a binary tree in a vector.
public struct ApportionmentQueue<T> has drop, store {
    entries: vector<Entry<T>>,
}

/// An empty queue.
public fun new<T>(): ApportionmentQueue<T> {
    ApportionmentQueue { entries: vector[] }
}

/// Removes and returns the entry with the highest priority (ties: highest tie breaker). Aborts
/// `EPopFromEmptyHeap` when empty.
public fun pop_max<T>(pq: &mut ApportionmentQueue<T>): (UQ64_64, u64, T) {
    let len = pq.entries.length();
    assert!(len > 0, EPopFromEmptyHeap);
    pq.entries.swap(0, len - 1);
    let Entry { priority, tie_breaker, value } = pq.entries.pop_back();
    sift_down(&mut pq.entries, 0);
    (priority, tie_breaker, value)
}

/// Adds a value.
public fun insert<T>(
    pq: &mut ApportionmentQueue<T>,
    priority: UQ64_64,
    tie_breaker: u64,
    value: T,
) {
    pq.entries.push_back(Entry { priority, tie_breaker, value });
    let last = pq.entries.length() - 1;
    sift_up(&mut pq.entries, last);
}

/// Number of queued values.
public(package) fun length<T>(pq: &ApportionmentQueue<T>): u64 { pq.entries.length() }

fun higher<T>(a: &Entry<T>, b: &Entry<T>): bool {
    a.priority.gt(b.priority) || (a.priority == b.priority && a.tie_breaker > b.tie_breaker)
}

fun sift_up<T>(v: &mut vector<Entry<T>>, mut i: u64) {
    while (i > 0) {
        let parent = (i - 1) / 2;
        if (!higher(&v[i], &v[parent])) return;
        v.swap(i, parent);
        i = parent;
    }
}

fun sift_down<T>(v: &mut vector<Entry<T>>, mut i: u64) {
    let len = v.length();
    loop {
        let left = 2 * i + 1;
        let right = left + 1;
        let mut top = i;
        if (left < len && higher(&v[left], &v[top])) top = left;
        if (right < len && higher(&v[right], &v[top])) top = right;
        if (top == i) return;
        v.swap(i, top);
        i = top;
    }
}

#[test]
fun queue_pops_by_priority_then_tie_breaker() {
    use std::uq64_64;
    let mut q = new();
    q.insert(uq64_64::from_quotient(1, 2), 0, 10u64);
    q.insert(uq64_64::from_int(3), 1, 20);
    q.insert(uq64_64::from_int(3), 5, 30);
    q.insert(uq64_64::from_quotient(7, 3), 9, 40);
    let (_, _, a) = q.pop_max();
    let (_, _, b) = q.pop_max();
    let (_, _, c) = q.pop_max();
    let (_, _, d) = q.pop_max();
    assert!(vector[a, b, c, d] == vector[30, 20, 40, 10]);
    assert!(q.length() == 0);
}
