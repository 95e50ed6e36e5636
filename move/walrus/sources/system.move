/// The shared `System` object: the entry point for buying storage and managing blobs.
///
/// `System` is a thin versioned façade; its state is a `SystemStateInnerV1` stored as a dynamic field under the
/// package version, so an upgrade can migrate the state and make old packages stop with `EWrongVersion`.
module walrus::system;

use sui::{balance::Balance, coin::Coin, dynamic_field as df, vec_map::VecMap};
use wal::wal::WAL;
use walrus::{
    blob::Blob,
    bls_aggregate::BlsCommittee,
    epoch_parameters::EpochParams,
    storage_accounting::FutureAccountingRingBuffer,
    storage_resource::Storage,
    system_state_inner::{Self, SystemStateInnerV1}
};

/// `migrate` was called on an object that is not older than this package, or with no new package authorized.
const EInvalidMigration: u64 = 0;
/// The object's version is not the one this package runs (the package was upgraded, or not yet migrated).
const EWrongVersion: u64 = 1;

/// Version of the state layout this package reads; the dynamic field key of the inner state.
const VERSION: u64 = 3;

/// The shared system object.
public struct System has key {
    id: UID,
    version: u64,
    /// The package currently allowed to use this object.
    package_id: ID,
    /// The package an authorized upgrade will migrate to.
    new_package_id: Option<ID>,
}

/// A system for epoch 0 with an empty committee, no capacity and both prices at `u64::MAX`
/// (see `system_state_inner::create_empty`). The caller shares it with `share`.
public(package) fun create_empty(
    max_epochs_ahead: u32,
    package_id: ID,
    ctx: &mut TxContext,
): System {
    let mut id = object::new(ctx);
    df::add(&mut id, VERSION, system_state_inner::create_empty(max_epochs_ahead, ctx));
    System { id, version: VERSION, package_id, new_package_id: option::none() }
}

/// Shares the system object.
public(package) fun share(self: System) {
    transfer::share_object(self);
}

// === Storage and blobs ===

/// Buys `storage_amount` encoded bytes for the current epoch and the `epochs_ahead - 1` following ones, paying
/// from `payment`.
public fun reserve_space(
    self: &mut System,
    storage_amount: u64,
    epochs_ahead: u32,
    payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Storage {
    self.inner_mut().reserve_space(storage_amount, epochs_ahead, payment, ctx)
}

/// Buys `storage_amount` encoded bytes for `[start_epoch, end_epoch)`; a past start is moved to the current epoch.
public fun reserve_space_for_epochs(
    self: &mut System,
    storage_amount: u64,
    start_epoch: u32,
    end_epoch: u32,
    payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Storage {
    self.inner_mut().reserve_space_for_epochs(storage_amount, start_epoch, end_epoch, payment, ctx)
}

/// Registers a blob on `storage`, paying the write fee from `write_payment`; emits `BlobRegistered`.
public fun register_blob(
    self: &mut System,
    storage: Storage,
    blob_id: u256,
    root_hash: u256,
    size: u64,
    encoding_type: u8,
    deletable: bool,
    write_payment: &mut Coin<WAL>,
    ctx: &mut TxContext,
): Blob {
    self
        .inner_mut()
        .register_blob(
            storage,
            blob_id,
            root_hash,
            size,
            encoding_type,
            deletable,
            write_payment,
            ctx,
        )
}

/// Certifies `blob` with a quorum certificate of the current committee; emits `BlobCertified`.
public fun certify_blob(
    self: &System,
    blob: &mut Blob,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    message: vector<u8>,
) {
    self.inner().certify_blob(blob, signature, signers_bitmap, message);
}

/// Deletes a deletable, unexpired blob and returns its storage; emits `BlobDeleted`.
public fun delete_blob(self: &System, blob: Blob): Storage {
    self.inner().delete_blob(blob)
}

/// Extends a certified blob with a storage resource continuing its period; emits `BlobCertified` (extension).
public fun extend_blob_with_resource(self: &System, blob: &mut Blob, extension: Storage) {
    self.inner().extend_blob_with_resource(blob, extension);
}

/// Extends a certified blob by `extended_epochs`, paying from `payment`; emits `BlobCertified` (extension).
public fun extend_blob(
    self: &mut System,
    blob: &mut Blob,
    extended_epochs: u32,
    payment: &mut Coin<WAL>,
) {
    self.inner_mut().extend_blob(blob, extended_epochs, payment);
}

/// Emits `InvalidBlobID` for a blob ID that at least one correct node attests is invalid; returns the ID.
public fun invalidate_blob_id(
    system: &System,
    signature: vector<u8>,
    members_bitmap: vector<u8>,
    message: vector<u8>,
): u256 {
    system.inner().invalidate_blob_id(signature, members_bitmap, message)
}

// === Subsidies ===

/// Adds `subsidy` to the rewards of the current and the next `epochs_ahead - 1` epochs, evenly, with the
/// remainder in the current epoch.
public fun add_subsidy(system: &mut System, subsidy: Coin<WAL>, epochs_ahead: u32) {
    system.inner_mut().add_subsidy(subsidy, epochs_ahead);
}

/// Adds `subsidies[i]` to the rewards of epoch `current + i`.
public fun add_per_epoch_subsidies(system: &mut System, subsidies: vector<Balance<WAL>>) {
    system.inner_mut().add_per_epoch_subsidies(subsidies);
}

// === Accessors ===

/// The current Walrus epoch.
public fun epoch(self: &System): u32 {
    self.inner().epoch()
}

/// Encoded bytes the system sells per epoch.
public fun total_capacity_size(self: &System): u64 {
    self.inner().total_capacity_size()
}

/// Encoded bytes sold for the current epoch.
public fun used_capacity_size(self: &System): u64 {
    self.inner().used_capacity_size()
}

/// Shards of the current committee.
public fun n_shards(self: &System): u16 {
    self.inner().n_shards()
}

/// Accounting of the current and future epochs.
public fun future_accounting(self: &System): &FutureAccountingRingBuffer {
    self.inner().future_accounting()
}

/// Version of the object's state layout.
public fun version(system: &System): u64 {
    system.version
}

/// The package currently allowed to use this object.
public(package) fun package_id(system: &System): ID {
    system.package_id
}

/// Storage price: FROST per MiB of encoded size per epoch.
public(package) fun storage_price_per_unit_size(self: &System): u64 {
    self.inner().storage_price_per_unit_size()
}

/// Write price: FROST per MiB of encoded size, paid once at registration.
public(package) fun write_price_per_unit_size(self: &System): u64 {
    self.inner().write_price_per_unit_size()
}

/// The current committee (members, weights, keys), for clients building certificates.
public(package) fun committee(self: &System): &BlsCommittee {
    self.inner().committee()
}

// === Package-internal: driven by staking ===

/// Sets the storage price (FROST per MiB per epoch).
public(package) fun set_storage_price(self: &mut System, price: u64) {
    self.inner_mut().set_storage_price(price);
}

/// Sets the write price (FROST per MiB).
public(package) fun set_write_price(self: &mut System, price: u64) {
    self.inner_mut().set_write_price(price);
}

/// Splits off 3% of the current epoch's rewards, to be burned before `advance_epoch`.
public(package) fun extract_burn_balance(self: &mut System): Balance<WAL> {
    self.inner_mut().extract_burn_balance()
}

/// Moves to the epoch of `new_committee` and returns the ending epoch's rewards per node of the old committee
/// (see `system_state_inner::advance_epoch`).
public(package) fun advance_epoch(
    self: &mut System,
    new_committee: BlsCommittee,
    new_epoch_params: &EpochParams,
): VecMap<ID, Balance<WAL>> {
    self.inner_mut().advance_epoch(new_committee, new_epoch_params)
}

/// Authorizes the package `new_package_id` to migrate this object (after a committed upgrade).
public(package) fun set_new_package_id(system: &mut System, new_package_id: ID) {
    system.new_package_id = option::some(new_package_id);
}

/// Moves the inner state of an older version to this package's `VERSION` and switches `package_id` to the
/// authorized new package. Aborts with `EInvalidMigration` if the object is not older or no package is
/// authorized.
public(package) fun migrate(system: &mut System) {
    assert!(system.version < VERSION, EInvalidMigration);
    assert!(system.new_package_id.is_some(), EInvalidMigration);
    let inner: SystemStateInnerV1 = df::remove(&mut system.id, system.version);
    df::add(&mut system.id, VERSION, inner);
    system.version = VERSION;
    system.package_id = system.new_package_id.extract();
}

/// The inner state. Aborts with `EWrongVersion` if the object is not at this package's version.
public(package) fun inner(self: &System): &SystemStateInnerV1 {
    assert!(self.version == VERSION, EWrongVersion);
    df::borrow(&self.id, VERSION)
}

/// The inner state, mutably. Aborts with `EWrongVersion` if the object is not at this package's version.
public(package) fun inner_mut(self: &mut System): &mut SystemStateInnerV1 {
    assert!(self.version == VERSION, EWrongVersion);
    df::borrow_mut(&mut self.id, VERSION)
}

// === Test-only ===

#[test_only]
/// Re-keys the inner state under `version` and sets the version field, as if the object had been created by an
/// older package.
public fun downgrade_for_testing(self: &mut System, version: u64) {
    let inner: SystemStateInnerV1 = df::remove(&mut self.id, self.version);
    df::add(&mut self.id, version, inner);
    self.version = version;
}

#[test_only]
/// Sets the version field, to test the version guard.
public fun set_version_for_testing(self: &mut System, version: u64) {
    self.version = version;
}

#[test_only]
/// A system at epoch 0 whose committee has one member per entry of `weights` (see
/// `bls_aggregate::new_committee_for_testing`), with the given capacity, prices and `max_epochs_ahead`.
/// For tests in this and dependent packages.
public fun new_for_testing(
    weights: vector<u16>,
    capacity: u64,
    storage_price: u64,
    write_price: u64,
    max_epochs_ahead: u32,
    ctx: &mut TxContext,
): System {
    let mut system = create_empty(max_epochs_ahead, object::id_from_address(@0x0), ctx);
    let committee = walrus::bls_aggregate::new_committee_for_testing(0, weights);
    system.inner_mut().set_committee_and_capacity_for_testing(committee, capacity);
    system.set_storage_price(storage_price);
    system.set_write_price(write_price);
    system
}

#[test_only]
/// Moves to the next epoch with a committee of the same weights and the same capacity; the rewards are
/// destroyed. For tests in this and dependent packages.
public fun advance_epoch_for_testing(self: &mut System) {
    let epoch = self.epoch();
    let weights = self.committee().members().map_ref!(|member| member.weight());
    let params = walrus::epoch_parameters::new(self.total_capacity_size());
    let committee = walrus::bls_aggregate::new_committee_for_testing(epoch + 1, weights);
    std::unit_test::destroy(self.advance_epoch(committee, &params));
}

#[test_only]
/// Destroys a system in tests.
public fun destroy_for_testing(self: System) {
    std::unit_test::destroy(self);
}
