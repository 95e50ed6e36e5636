/// The system's state for one package version: committee, capacity, prices and future accounting, plus the
/// logic of buying storage, registering, certifying, extending and deleting blobs, and of epoch changes.
module walrus::system_state_inner;

use sui::{balance::Balance, coin::Coin, vec_map::{Self, VecMap}};
use wal::wal::WAL;
use walrus::{
    blob::{Self, Blob},
    bls_aggregate::{Self, BlsCommittee},
    encoding,
    epoch_parameters::EpochParams,
    event_blob::{Self, EventBlobCertificationState},
    events,
    extended_field::{Self, ExtendedField},
    messages,
    storage_accounting::{Self, FutureAccountingRingBuffer},
    storage_resource::{Self, Storage}
};

/// `max_epochs_ahead` is 0 or above `MAX_MAX_EPOCHS_AHEAD`.
const EInvalidMaxEpochsAhead: u64 = 0;
/// Selling the storage would exceed the system's capacity in some epoch.
const EStorageExceeded: u64 = 1;
/// The number of epochs is 0, or the period ends more than `max_epochs_ahead` epochs after the current one.
const EInvalidEpochsAhead: u64 = 2;
/// The committee is not for the epoch it is used in (a certificate of another epoch, or a new committee that
/// is not for the next epoch).
const EIncorrectCommittee: u64 = 4;
/// The accounting popped at an epoch change is not for the ending epoch.
const EInvalidAccountingEpoch: u64 = 5;
/// The storage size requested is 0.
const EInvalidResourceSize: u64 = 11;
/// The requested period is empty: its end is not after its (clamped) start.
const EInvalidStartEpoch: u64 = 12;

/// Upper bound of the `max_epochs_ahead` parameter.
const MAX_MAX_EPOCHS_AHEAD: u32 = 1000;
/// Prices are per MiB of encoded size.
const BYTES_PER_UNIT_SIZE: u64 = 1_048_576;

/// The system's state (stored as a dynamic field of `System`).
public struct SystemStateInnerV1 has store {
    /// The committee of the current epoch.
    committee: BlsCommittee,
    /// Encoded bytes the system sells per epoch.
    total_capacity_size: u64,
    /// Encoded bytes sold for the current epoch.
    used_capacity_size: u64,
    /// FROST per MiB of encoded size per epoch.
    storage_price_per_unit_size: u64,
    /// FROST per MiB of encoded size, paid once at registration.
    write_price_per_unit_size: u64,
    /// Accounting for the current and the next `max_epochs_ahead - 1` epochs.
    future_accounting: FutureAccountingRingBuffer,
    /// Event-blob certification state.
    event_blob_certification_state: EventBlobCertificationState,
    /// Deny-list size reported by each node; lowers its share of the rewards.
    deny_list_sizes: ExtendedField<VecMap<ID, u64>>,
}

/// A state for epoch 0 with an empty committee, no capacity and both prices at `u64::MAX`, so nothing can be
/// bought until the first epoch change sets a committee and capacity and the staking side sets the prices.
/// Aborts with `EInvalidMaxEpochsAhead` unless `0 < max_epochs_ahead <= 1000`.
public(package) fun create_empty(max_epochs_ahead: u32, ctx: &mut TxContext): SystemStateInnerV1 {
    assert!(
        max_epochs_ahead > 0 && max_epochs_ahead <= MAX_MAX_EPOCHS_AHEAD,
        EInvalidMaxEpochsAhead,
    );
    SystemStateInnerV1 {
        committee: bls_aggregate::empty(0),
        total_capacity_size: 0,
        used_capacity_size: 0,
        storage_price_per_unit_size: std::u64::max_value!(),
        write_price_per_unit_size: std::u64::max_value!(),
        future_accounting: storage_accounting::ring_new(max_epochs_ahead),
        event_blob_certification_state: event_blob::create_with_empty_state(),
        deny_list_sizes: extended_field::new(vec_map::empty(), ctx),
    }
}

// === Epoch change ===

/// Moves to the epoch of `new_committee`, which must be the next one (`EIncorrectCommittee`). Pops the ending
/// epoch's accounting (`EInvalidAccountingEpoch` if it is for another epoch), resets event-blob tracking, sets
/// the capacity to `max(params capacity, storage already sold for the new epoch)`, and splits the ending epoch's
/// rewards between the old committee's nodes by `shards * stored bytes` (stored bytes = used capacity minus the
/// node's deny-list size). The rounding leftover goes to the new epoch's rewards. Returns node id -> reward.
public(package) fun advance_epoch(
    self: &mut SystemStateInnerV1,
    new_committee: BlsCommittee,
    new_epoch_params: &EpochParams,
): VecMap<ID, Balance<WAL>> {
    let old_epoch = self.epoch();
    assert!(new_committee.epoch() == old_epoch + 1, EIncorrectCommittee);
    let old_committee = self.committee;
    self.committee = new_committee;

    let ending = self.future_accounting.ring_pop_expand();
    assert!(ending.epoch() == old_epoch, EInvalidAccountingEpoch);
    let used_in_ending_epoch = ending.used_capacity();
    let mut rewards = ending.unwrap_balance();

    self.event_blob_certification_state.reset();

    self.used_capacity_size = self.future_accounting.ring_lookup(0).used_capacity();
    self.total_capacity_size = new_epoch_params.capacity().max(self.used_capacity_size);

    let deny_list_sizes = self.deny_list_sizes.borrow();
    let shares = old_committee.members().map_ref!(|member| {
        let denied = deny_list_sizes.try_get(&member.node_id()).destroy_or!(0);
        let stored = used_in_ending_epoch - denied.min(used_in_ending_epoch);
        (member.weight() as u128) * (stored as u128)
    });
    let mut total_shares: u128 = 0;
    shares.do_ref!(|share| total_shares = total_shares + *share);
    let divisor = total_shares.max(1);
    let total_rewards = rewards.value() as u128;

    let mut node_rewards = vec_map::empty();
    old_committee.members().length().do!(|i| {
        let amount = total_rewards * shares[i] / divisor;
        node_rewards.insert(old_committee.members()[i].node_id(), rewards.split(amount as u64));
    });
    self.future_accounting.ring_lookup_mut(0).rewards_balance().join(rewards);
    node_rewards
}

/// Splits off 3% of the current epoch's rewards, to be burned before `advance_epoch`.
public(package) fun extract_burn_balance(self: &mut SystemStateInnerV1): Balance<WAL> {
    self.future_accounting.extract_burn_balance()
}

/// Sets the storage price (FROST per MiB per epoch).
public(package) fun set_storage_price(self: &mut SystemStateInnerV1, price: u64) {
    self.storage_price_per_unit_size = price;
}

/// Sets the write price (FROST per MiB, once).
public(package) fun set_write_price(self: &mut SystemStateInnerV1, price: u64) {
    self.write_price_per_unit_size = price;
}

// === Storage ===

/// Buys `storage_amount` encoded bytes for the current epoch and the `epochs_ahead - 1` following ones.
/// Aborts with `EInvalidEpochsAhead` if `epochs_ahead` is 0 or above `max_epochs_ahead`.
public(package) fun reserve_space(
    self: &mut SystemStateInnerV1,
    storage_amount: u64,
    epochs_ahead: u32,
    payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Storage {
    assert!(epochs_ahead > 0, EInvalidEpochsAhead);
    let start_epoch = self.epoch();
    self.reserve_space_for_epochs(
        storage_amount,
        start_epoch,
        start_epoch + epochs_ahead,
        payment,
        ctx,
    )
}

/// Buys `storage_amount` encoded bytes for `[start_epoch, end_epoch)`; a start in the past is moved to the
/// current epoch. Pays `price * ceil(size / 1 MiB)` per epoch into each epoch's rewards.
/// Aborts with `EInvalidResourceSize` for size 0, `EInvalidStartEpoch` for an empty period,
/// `EInvalidEpochsAhead` if the end is more than `max_epochs_ahead` epochs away, `EStorageExceeded` if some
/// epoch would be oversold, and in `balance` if the payment is short.
public(package) fun reserve_space_for_epochs(
    self: &mut SystemStateInnerV1,
    storage_amount: u64,
    start_epoch: u32,
    end_epoch: u32,
    payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Storage {
    assert!(storage_amount > 0, EInvalidResourceSize);
    let current = self.epoch();
    let start_epoch = start_epoch.max(current);
    assert!(end_epoch > start_epoch, EInvalidStartEpoch);
    let end_offset = end_epoch - current;
    assert!(end_offset <= self.future_accounting.max_epochs_ahead(), EInvalidEpochsAhead);
    self.sell_storage(storage_amount, start_epoch - current, end_offset, payment);
    storage_resource::create_storage(start_epoch, end_epoch, storage_amount, ctx)
}

/// Registers a blob on `storage` and charges the write fee (`write price * ceil(encoded size / 1 MiB)`) into the
/// current epoch's rewards. See `blob::new` for the checks.
public(package) fun register_blob(
    self: &mut SystemStateInnerV1,
    storage: Storage,
    blob_id: u256,
    root_hash: u256,
    size: u64,
    encoding_type: u8,
    deletable: bool,
    write_payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Blob {
    let blob = blob::new(
        storage,
        blob_id,
        root_hash,
        size,
        encoding_type,
        deletable,
        self.epoch(),
        self.n_shards(),
        ctx,
    );
    let encoded_size = encoding::encoded_blob_length(size, encoding_type, self.n_shards());
    let fee = price_for(self.write_price_per_unit_size, encoded_size);
    let paid = write_payment.balance_mut().split(fee);
    self.future_accounting.ring_lookup_mut(0).rewards_balance().join(paid);
    blob
}

/// Certifies `blob` with a quorum certificate of the current committee for the current epoch.
public(package) fun certify_blob(
    self: &SystemStateInnerV1,
    blob: &mut Blob,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    message: vector<u8>,
) {
    let certified = self.committee.verify_quorum_in_epoch(signature, signers_bitmap, message);
    let blob_message = messages::certify_blob_message(certified);
    blob.certify_with_certified_msg(self.epoch(), blob_message);
}

/// Deletes a deletable, live blob and returns its storage. Capacity is not returned to the system.
public(package) fun delete_blob(self: &SystemStateInnerV1, blob: Blob): Storage {
    blob.delete(self.epoch())
}

/// Extends a certified, live blob with a storage resource that continues its period.
public(package) fun extend_blob_with_resource(
    self: &SystemStateInnerV1,
    blob: &mut Blob,
    extension: Storage,
) {
    blob.extend_with_resource(extension, self.epoch());
}

/// Extends a certified, live blob by `extended_epochs`, paying storage for the added epochs.
/// Aborts with `EInvalidEpochsAhead` if `extended_epochs` is 0 or the new end is more than `max_epochs_ahead`
/// epochs away, and with `EStorageExceeded` if an added epoch would be oversold.
public(package) fun extend_blob(
    self: &mut SystemStateInnerV1,
    blob: &mut Blob,
    extended_epochs: u32,
    payment: &mut Coin<WAL>,
) {
    let current = self.epoch();
    blob.assert_certified_not_expired(current);
    assert!(extended_epochs > 0, EInvalidEpochsAhead);
    let start_offset = blob.end_epoch() - current;
    let end_offset = start_offset + extended_epochs;
    assert!(end_offset <= self.future_accounting.max_epochs_ahead(), EInvalidEpochsAhead);
    self.sell_storage(blob.storage().size(), start_offset, end_offset, payment);
    blob.extend(current, extended_epochs);
}

/// Emits `InvalidBlobID` for a blob ID attested invalid by at least one correct node, and returns the ID.
public(package) fun invalidate_blob_id(
    self: &SystemStateInnerV1,
    signature: vector<u8>,
    members_bitmap: vector<u8>,
    message: vector<u8>,
): u256 {
    let certified = self
        .committee
        .verify_one_correct_node_in_epoch(signature, members_bitmap, message);
    let blob_id = messages::invalid_blob_id_message(certified).invalid_blob_id();
    events::emit_invalid_blob_id(self.epoch(), blob_id);
    blob_id
}

// === Subsidies ===

/// Spreads `subsidy` evenly over the rewards of the current and the next `epochs_ahead - 1` epochs; the
/// remainder goes to the current epoch. Aborts with `EInvalidEpochsAhead` if `epochs_ahead` is 0 or above
/// `max_epochs_ahead`.
public(package) fun add_subsidy(
    self: &mut SystemStateInnerV1,
    subsidy: Coin<WAL>,
    epochs_ahead: u32,
) {
    assert!(
        epochs_ahead > 0 && epochs_ahead <= self.future_accounting.max_epochs_ahead(),
        EInvalidEpochsAhead,
    );
    let mut subsidy = subsidy.into_balance();
    let per_epoch = subsidy.value() / (epochs_ahead as u64);
    let mut offset = epochs_ahead;
    while (offset > 1) {
        offset = offset - 1;
        let part = subsidy.split(per_epoch);
        self.future_accounting.ring_lookup_mut(offset).rewards_balance().join(part);
    };
    self.future_accounting.ring_lookup_mut(0).rewards_balance().join(subsidy);
}

/// Adds `subsidies[i]` to the rewards of epoch `current + i`. Aborts with `storage_accounting::ETooFarInFuture`
/// if there are more than `max_epochs_ahead` entries.
public(package) fun add_per_epoch_subsidies(
    self: &mut SystemStateInnerV1,
    subsidies: vector<Balance<WAL>>,
) {
    let mut offset = 0;
    subsidies.do!(|subsidy| {
        self.future_accounting.ring_lookup_mut(offset).rewards_balance().join(subsidy);
        offset = offset + 1;
    });
}

// === Internal ===

/// Adds `storage_size` to the used capacity of offsets `[start_offset, end_offset)` (each must stay within the
/// capacity) and moves the per-epoch storage price into each epoch's rewards.
fun sell_storage(
    self: &mut SystemStateInnerV1,
    storage_size: u64,
    start_offset: u32,
    end_offset: u32,
    payment: &mut Coin<WAL>,
) {
    let price_per_epoch = price_for(self.storage_price_per_unit_size, storage_size);
    let total_capacity = self.total_capacity_size;
    let mut offset = start_offset;
    while (offset < end_offset) {
        let accounting = self.future_accounting.ring_lookup_mut(offset);
        let used = accounting.increase_used_capacity(storage_size);
        assert!(used <= total_capacity, EStorageExceeded);
        accounting.rewards_balance().join(payment.balance_mut().split(price_per_epoch));
        offset = offset + 1;
    };
    if (start_offset == 0) {
        self.used_capacity_size = self.future_accounting.ring_lookup(0).used_capacity();
    };
}

/// `price * ceil(size / 1 MiB)`, computed in u128. Aborts with an arithmetic error if it exceeds `u64::MAX`
/// (no coin could pay it).
fun price_for(price_per_unit: u64, size: u64): u64 {
    let units = storage_units_from_size(size);
    ((price_per_unit as u128) * (units as u128)) as u64
}

/// Number of 1 MiB units needed for `size` bytes, rounded up.
public(package) fun storage_units_from_size(size: u64): u64 {
    size.divide_and_round_up(BYTES_PER_UNIT_SIZE)
}

// === Accessors ===

/// The current epoch (the committee's epoch).
public(package) fun epoch(self: &SystemStateInnerV1): u32 {
    self.committee.epoch()
}

/// Encoded bytes the system sells per epoch.
public(package) fun total_capacity_size(self: &SystemStateInnerV1): u64 {
    self.total_capacity_size
}

/// Encoded bytes sold for the current epoch.
public(package) fun used_capacity_size(self: &SystemStateInnerV1): u64 {
    self.used_capacity_size
}

/// Shards of the current committee.
public(package) fun n_shards(self: &SystemStateInnerV1): u16 {
    self.committee.n_shards()
}

/// The current committee.
public(package) fun committee(self: &SystemStateInnerV1): &BlsCommittee {
    &self.committee
}

/// FROST per MiB of encoded size per epoch.
public(package) fun storage_price_per_unit_size(self: &SystemStateInnerV1): u64 {
    self.storage_price_per_unit_size
}

/// FROST per MiB of encoded size, once per registration.
public(package) fun write_price_per_unit_size(self: &SystemStateInnerV1): u64 {
    self.write_price_per_unit_size
}

/// The accounting ring of the current and future epochs.
public(package) fun future_accounting(self: &SystemStateInnerV1): &FutureAccountingRingBuffer {
    &self.future_accounting
}

/// The event-blob certification state.
public(package) fun event_blob_certification_state(
    self: &SystemStateInnerV1,
): &EventBlobCertificationState {
    &self.event_blob_certification_state
}

/// Deny-list size per node.
public(package) fun deny_list_sizes(self: &SystemStateInnerV1): &VecMap<ID, u64> {
    self.deny_list_sizes.borrow()
}

#[test_only]
/// Mutable event-blob state, so tests can observe the reset at epoch change.
public fun event_blob_certification_state_mut_for_testing(
    self: &mut SystemStateInnerV1,
): &mut EventBlobCertificationState {
    &mut self.event_blob_certification_state
}

#[test_only]
/// Sets a node's deny-list size.
public fun set_deny_list_size_for_testing(self: &mut SystemStateInnerV1, node_id: ID, size: u64) {
    let sizes = self.deny_list_sizes.borrow_mut();
    if (sizes.contains(&node_id)) {
        sizes.remove(&node_id);
    };
    sizes.insert(node_id, size);
}

#[test_only]
/// Sets the committee and capacity directly, without an epoch change.
public fun set_committee_and_capacity_for_testing(
    self: &mut SystemStateInnerV1,
    committee: BlsCommittee,
    total_capacity_size: u64,
) {
    self.committee = committee;
    self.total_capacity_size = total_capacity_size;
}
