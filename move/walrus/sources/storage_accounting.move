/// Per-epoch accounting for the epochs ahead: how much storage is sold for each future epoch and the rewards that
/// will be paid to the storage nodes when that epoch ends.
///
/// The ring buffer always holds `length` (= `max_epochs_ahead`) consecutive epochs starting at the current one;
/// offset 0 is the current epoch.
module walrus::storage_accounting;

use sui::balance::{Self, Balance};
use wal::wal::WAL;

/// An epoch at or beyond `length` epochs ahead of the current one was looked up.
const ETooFarInFuture: u64 = 0;

/// Share of the ending epoch's rewards burned at an epoch change, in percent.
const BURN_PERCENT: u128 = 3;

/// Accounting of one epoch.
public struct FutureAccounting has store {
    epoch: u32,
    /// Storage sold for the epoch, in encoded bytes (named `used_capacity` for historical reasons).
    used_capacity: u64,
    /// Payments to distribute to the epoch's committee when it ends.
    rewards_to_distribute: Balance<WAL>,
}

/// Accounting for the current epoch and the `length - 1` epochs after it.
public struct FutureAccountingRingBuffer has store {
    current_index: u32,
    length: u32,
    ring_buffer: vector<FutureAccounting>,
}

/// Empty accounting for epoch `epoch`.
public(package) fun new_future_accounting(
    epoch: u32,
    used_capacity: u64,
    rewards_to_distribute: Balance<WAL>,
): FutureAccounting {
    FutureAccounting { epoch, used_capacity, rewards_to_distribute }
}

/// A ring of `length` empty entries for epochs `0..length`.
public(package) fun ring_new(length: u32): FutureAccountingRingBuffer {
    let ring_buffer = vector::tabulate!(
        length as u64,
        |i| FutureAccounting {
            epoch: i as u32,
            used_capacity: 0,
            rewards_to_distribute: balance::zero(),
        },
    );
    FutureAccountingRingBuffer { current_index: 0, length, ring_buffer }
}

/// The entry `epochs_in_future` epochs after the current one. Aborts with `ETooFarInFuture` unless
/// `epochs_in_future < length`.
public fun ring_lookup(
    self: &FutureAccountingRingBuffer,
    epochs_in_future: u32,
): &FutureAccounting {
    let index = self.index_of(epochs_in_future);
    &self.ring_buffer[index]
}

/// Mutable version of `ring_lookup`.
public(package) fun ring_lookup_mut(
    self: &mut FutureAccountingRingBuffer,
    epochs_in_future: u32,
): &mut FutureAccounting {
    let index = self.index_of(epochs_in_future);
    &mut self.ring_buffer[index]
}

/// Removes the current epoch's entry and appends an empty one for the epoch `length` epochs later; the next
/// epoch becomes offset 0.
public(package) fun ring_pop_expand(self: &mut FutureAccountingRingBuffer): FutureAccounting {
    let current = self.current_index as u64;
    let next_epoch = self.ring_buffer[current].epoch + self.length;
    self
        .ring_buffer
        .push_back(FutureAccounting {
            epoch: next_epoch,
            used_capacity: 0,
            rewards_to_distribute: balance::zero(),
        });
    let popped = self.ring_buffer.swap_remove(current);
    self.current_index = (self.current_index + 1) % self.length;
    popped
}

/// Splits off 3% (floor) of the current epoch's rewards, to be burned at the epoch change.
public(package) fun extract_burn_balance(self: &mut FutureAccountingRingBuffer): Balance<WAL> {
    let rewards = &mut self.ring_lookup_mut(0).rewards_to_distribute;
    let amount = ((rewards.value() as u128) * BURN_PERCENT / 100) as u64;
    rewards.split(amount)
}

fun index_of(self: &FutureAccountingRingBuffer, epochs_in_future: u32): u64 {
    assert!(epochs_in_future < self.length, ETooFarInFuture);
    (((self.current_index as u64) + (epochs_in_future as u64)) % (self.length as u64))
}

// === Accessors ===

/// How many epochs the ring covers, the current one included.
public fun max_epochs_ahead(self: &FutureAccountingRingBuffer): u32 {
    self.length
}

/// Epoch of the entry.
public fun epoch(accounting: &FutureAccounting): u32 {
    accounting.epoch
}

/// Storage sold for the entry's epoch, in encoded bytes.
public fun used_capacity(accounting: &FutureAccounting): u64 {
    accounting.used_capacity
}

/// Rewards collected for the entry's epoch, in FROST.
public fun rewards(accounting: &FutureAccounting): u64 {
    accounting.rewards_to_distribute.value()
}

/// Adds `amount` to the storage sold for the epoch and returns the new total.
public(package) fun increase_used_capacity(accounting: &mut FutureAccounting, amount: u64): u64 {
    accounting.used_capacity = accounting.used_capacity + amount;
    accounting.used_capacity
}

/// The epoch's reward balance.
public(package) fun rewards_balance(accounting: &mut FutureAccounting): &mut Balance<WAL> {
    &mut accounting.rewards_to_distribute
}

/// Destroys the entry and returns its rewards.
public(package) fun unwrap_balance(accounting: FutureAccounting): Balance<WAL> {
    let FutureAccounting { rewards_to_distribute, .. } = accounting;
    rewards_to_distribute
}

#[test_only]
/// Destroys a ring in tests, whatever its balances.
public fun destroy_ring_for_testing(self: FutureAccountingRingBuffer) {
    let FutureAccountingRingBuffer { ring_buffer, .. } = self;
    ring_buffer.destroy!(|accounting| {
        let FutureAccounting { rewards_to_distribute, .. } = accounting;
        rewards_to_distribute.destroy_for_testing();
    });
}
