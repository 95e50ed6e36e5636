/// Amounts scheduled for future epochs: stake that activates, shares that leave, commission rates that apply.
/// Each entry is keyed by the epoch from which it counts.
module walrus::pending_values;

use sui::vec_map::{Self, VecMap};

/// `reduce` was called for an epoch that has no pending value.
const EMissingEpochValue: u64 = 0;
/// `reduce` was asked to take away more than the value pending for the epoch.
const EReduceValueTooLarge: u64 = 1;

/// Epoch -> amount pending for that epoch.
public struct PendingValues(VecMap<u32, u64>) has copy, drop, store;

/// No pending values.
public(package) fun empty(): PendingValues { PendingValues(vec_map::empty()) }

/// Adds `value` to the amount pending for `epoch`.
public(package) fun insert_or_add(self: &mut PendingValues, epoch: u32, value: u64) {
    let map = &mut self.0;
    if (map.contains(&epoch)) {
        let current = &mut map[&epoch];
        *current = *current + value;
    } else {
        map.insert(epoch, value);
    }
}

/// Sets the amount pending for `epoch` to `value`, replacing any earlier amount.
public(package) fun insert_or_replace(self: &mut PendingValues, epoch: u32, value: u64) {
    let map = &mut self.0;
    if (map.contains(&epoch)) {
        *&mut map[&epoch] = value;
    } else {
        map.insert(epoch, value);
    }
}

/// Takes `value` away from the amount pending for `epoch`; drops the entry when it reaches zero.
public(package) fun reduce(self: &mut PendingValues, epoch: u32, value: u64) {
    let map = &mut self.0;
    assert!(map.contains(&epoch), EMissingEpochValue);
    let current = &mut map[&epoch];
    assert!(*current >= value, EReduceValueTooLarge);
    *current = *current - value;
    if (*current == 0) {
        map.remove(&epoch);
    }
}

/// Sum of all amounts pending for epochs up to and including `epoch`.
public(package) fun value_at(self: &PendingValues, epoch: u32): u64 {
    let mut sum = 0;
    self.0.keys().length().do!(|i| {
        let (e, v) = self.0.get_entry_by_idx(i);
        if (*e <= epoch) sum = sum + *v;
    });
    sum
}

/// The value of the entry with the highest epoch not after `epoch`, if any.
public(package) fun latest_at(self: &PendingValues, epoch: u32): Option<u64> {
    let mut best: Option<u32> = option::none();
    let mut value = option::none();
    self.0.keys().length().do!(|i| {
        let (e, v) = self.0.get_entry_by_idx(i);
        if (*e <= epoch && (best.is_none() || *e > *best.borrow())) {
            best = option::some(*e);
            value = option::some(*v);
        }
    });
    value
}

/// Removes every entry for epochs up to and including `epoch` and returns their sum.
public(package) fun flush(self: &mut PendingValues, epoch: u32): u64 {
    let mut sum = 0;
    let keys = self.0.keys();
    keys.do!(|e| {
        if (e <= epoch) {
            let (_, v) = self.0.remove(&e);
            sum = sum + v;
        }
    });
    sum
}

/// The amount pending for exactly `epoch` (zero when absent).
public(package) fun value_for(self: &PendingValues, epoch: u32): u64 {
    if (self.0.contains(&epoch)) *self.0.get(&epoch) else 0
}

/// True when nothing is pending.
public(package) fun is_empty(self: &PendingValues): bool { self.0.is_empty() }

/// The underlying map.
public(package) fun inner(self: &PendingValues): &VecMap<u32, u64> { &self.0 }

#[test]
fun pending_values_add_reduce_and_flush_by_epoch() {
    let mut pv = empty();
    pv.insert_or_add(3, 10);
    pv.insert_or_add(3, 5);
    pv.insert_or_add(5, 7);
    assert!(pv.value_at(2) == 0);
    assert!(pv.value_at(3) == 15);
    assert!(pv.value_at(9) == 22);
    pv.reduce(3, 15);
    assert!(pv.value_for(3) == 0);
    pv.insert_or_replace(5, 1);
    assert!(pv.latest_at(4).is_none());
    assert!(pv.latest_at(6) == option::some(1));
    assert!(pv.flush(5) == 1);
    assert!(pv.is_empty());
}
