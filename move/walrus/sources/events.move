/// Every event of the Walrus package, in one place.
///
/// The layouts (names, field types and field order) are the protocol's: storage nodes, SDKs and indexers decode
/// them by `events::<Name>` and BCS field order. No other module declares an event; others call the
/// package-private `emit_*` functions below.
module walrus::events;

use sui::event::emit;

// === Blob events ===

/// A blob was registered: storage is reserved and its slivers may now be uploaded.
public struct BlobRegistered has copy, drop {
    epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
}

/// A blob reached a certificate of availability, or the storage of a certified blob was extended.
public struct BlobCertified has copy, drop {
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
    is_extension: bool,
}

/// A deletable blob was deleted; its storage went back to the owner.
public struct BlobDeleted has copy, drop {
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    object_id: ID,
    was_certified: bool,
}

/// At least one correct storage node attested that a blob ID is inconsistently encoded.
public struct InvalidBlobID has copy, drop {
    epoch: u32,
    blob_id: u256,
}

// === Epoch events ===

/// An epoch change started; `epoch` is the new epoch.
public struct EpochChangeStart has copy, drop {
    epoch: u32,
}

/// A quorum of the new committee finished syncing for `epoch`.
public struct EpochChangeDone has copy, drop {
    epoch: u32,
}

/// A storage node reported that it received its `shards` for `epoch`.
public struct ShardsReceived has copy, drop {
    epoch: u32,
    shards: vector<u16>,
}

/// The committee and parameters of `next_epoch` were selected.
public struct EpochParametersSelected has copy, drop {
    next_epoch: u32,
}

/// Shard recovery started for `shards` in `epoch`. Declared for decoders; never emitted by this package.
public struct ShardRecoveryStart has copy, drop {
    epoch: u32,
    shards: vector<u16>,
}

// === Package events ===

/// The package was upgraded and migrated to `version`, now running at `package_id`.
public struct ContractUpgraded has copy, drop {
    epoch: u32,
    package_id: ID,
    version: u64,
}

/// A storage node registered the intent to publish a new deny-list root.
public struct RegisterDenyListUpdate has copy, drop {
    epoch: u32,
    root: u256,
    sequence_number: u64,
    node_id: ID,
}

/// A storage node's deny list was updated with a quorum certificate.
public struct DenyListUpdate has copy, drop {
    epoch: u32,
    root: u256,
    sequence_number: u64,
    node_id: ID,
}

/// A blob on enough deny lists was marked for deletion.
public struct DenyListBlobDeleted has copy, drop {
    epoch: u32,
    blob_id: u256,
}

/// A package upgrade with `package_digest` was proposed.
public struct ContractUpgradeProposed has copy, drop {
    epoch: u32,
    package_digest: vector<u8>,
}

/// The upgrade with `package_digest` reached a quorum of votes.
public struct ContractUpgradeQuorumReached has copy, drop {
    epoch: u32,
    package_digest: vector<u8>,
}

/// The committee certified that `protocol_version` applies from `start_epoch`.
public struct ProtocolVersionUpdated has copy, drop {
    epoch: u32,
    start_epoch: u32,
    protocol_version: u64,
}

/// Storage and write prices changed (FROST per MiB of encoded size).
public struct PricesUpdated has copy, drop {
    epoch: u32,
    storage_price: u64,
    write_price: u64,
}

// === Storage pool events ===

/// A storage pool was created.
public struct StoragePoolCreated has copy, drop {
    epoch: u32,
    storage_pool_id: ID,
    reserved_encoded_capacity_bytes: u64,
    start_epoch: u32,
    end_epoch: u32,
}

/// A blob was registered inside a storage pool.
public struct PooledBlobRegistered has copy, drop {
    epoch: u32,
    blob_id: u256,
    unencoded_size: u64,
    encoding_type: u8,
    deletable: bool,
    object_id: ID,
    storage_pool_id: ID,
}

/// A pooled blob was certified.
public struct PooledBlobCertified has copy, drop {
    epoch: u32,
    blob_id: u256,
    deletable: bool,
    object_id: ID,
    storage_pool_id: ID,
}

/// A deletable pooled blob was deleted.
public struct PooledBlobDeleted has copy, drop {
    epoch: u32,
    blob_id: u256,
    object_id: ID,
    was_certified: bool,
    storage_pool_id: ID,
}

/// A storage pool's lifetime was extended to `new_end_epoch`.
public struct StoragePoolExtended has copy, drop {
    epoch: u32,
    storage_pool_id: ID,
    new_end_epoch: u32,
}

// === Emitters ===

/// Emits `BlobRegistered`.
public(package) fun emit_blob_registered(
    epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
) {
    emit(BlobRegistered { epoch, blob_id, size, encoding_type, end_epoch, deletable, object_id });
}

/// Emits `BlobCertified`.
public(package) fun emit_blob_certified(
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
    is_extension: bool,
) {
    emit(BlobCertified { epoch, blob_id, end_epoch, deletable, object_id, is_extension });
}

/// Emits `BlobDeleted`.
public(package) fun emit_blob_deleted(
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    object_id: ID,
    was_certified: bool,
) {
    emit(BlobDeleted { epoch, blob_id, end_epoch, object_id, was_certified });
}

/// Emits `InvalidBlobID`.
public(package) fun emit_invalid_blob_id(epoch: u32, blob_id: u256) {
    emit(InvalidBlobID { epoch, blob_id });
}

/// Emits `EpochChangeStart`.
public(package) fun emit_epoch_change_start(epoch: u32) {
    emit(EpochChangeStart { epoch });
}

/// Emits `EpochChangeDone`.
public(package) fun emit_epoch_change_done(epoch: u32) {
    emit(EpochChangeDone { epoch });
}

/// Emits `ShardsReceived`.
public(package) fun emit_shards_received(epoch: u32, shards: vector<u16>) {
    emit(ShardsReceived { epoch, shards });
}

/// Emits `EpochParametersSelected`.
public(package) fun emit_epoch_parameters_selected(next_epoch: u32) {
    emit(EpochParametersSelected { next_epoch });
}

/// Emits `ShardRecoveryStart`.
public(package) fun emit_shard_recovery_start(epoch: u32, shards: vector<u16>) {
    emit(ShardRecoveryStart { epoch, shards });
}

/// Emits `ContractUpgraded`.
public(package) fun emit_contract_upgraded(epoch: u32, package_id: ID, version: u64) {
    emit(ContractUpgraded { epoch, package_id, version });
}

/// Emits `RegisterDenyListUpdate`.
public(package) fun emit_register_deny_list_update(
    epoch: u32,
    root: u256,
    sequence_number: u64,
    node_id: ID,
) {
    emit(RegisterDenyListUpdate { epoch, root, sequence_number, node_id });
}

/// Emits `DenyListUpdate`.
public(package) fun emit_deny_list_update(
    epoch: u32,
    root: u256,
    sequence_number: u64,
    node_id: ID,
) {
    emit(DenyListUpdate { epoch, root, sequence_number, node_id });
}

/// Emits `DenyListBlobDeleted`.
public(package) fun emit_deny_listed_blob_deleted(epoch: u32, blob_id: u256) {
    emit(DenyListBlobDeleted { epoch, blob_id });
}

/// Emits `ContractUpgradeProposed`.
public(package) fun emit_contract_upgrade_proposed(epoch: u32, package_digest: vector<u8>) {
    emit(ContractUpgradeProposed { epoch, package_digest });
}

/// Emits `ContractUpgradeQuorumReached`.
public(package) fun emit_contract_upgrade_quorum_reached(epoch: u32, package_digest: vector<u8>) {
    emit(ContractUpgradeQuorumReached { epoch, package_digest });
}

/// Emits `ProtocolVersionUpdated`.
public(package) fun emit_protocol_version(epoch: u32, start_epoch: u32, protocol_version: u64) {
    emit(ProtocolVersionUpdated { epoch, start_epoch, protocol_version });
}

/// Emits `PricesUpdated`.
public(package) fun emit_prices_updated(epoch: u32, storage_price: u64, write_price: u64) {
    emit(PricesUpdated { epoch, storage_price, write_price });
}

/// Emits `StoragePoolCreated`.
public(package) fun emit_storage_pool_created(
    epoch: u32,
    storage_pool_id: ID,
    reserved_encoded_capacity_bytes: u64,
    start_epoch: u32,
    end_epoch: u32,
) {
    emit(StoragePoolCreated {
        epoch,
        storage_pool_id,
        reserved_encoded_capacity_bytes,
        start_epoch,
        end_epoch,
    });
}

/// Emits `PooledBlobRegistered`.
public(package) fun emit_pooled_blob_registered(
    epoch: u32,
    blob_id: u256,
    unencoded_size: u64,
    encoding_type: u8,
    deletable: bool,
    object_id: ID,
    storage_pool_id: ID,
) {
    emit(PooledBlobRegistered {
        epoch,
        blob_id,
        unencoded_size,
        encoding_type,
        deletable,
        object_id,
        storage_pool_id,
    });
}

/// Emits `PooledBlobCertified`.
public(package) fun emit_pooled_blob_certified(
    epoch: u32,
    blob_id: u256,
    deletable: bool,
    object_id: ID,
    storage_pool_id: ID,
) {
    emit(PooledBlobCertified { epoch, blob_id, deletable, object_id, storage_pool_id });
}

/// Emits `PooledBlobDeleted`.
public(package) fun emit_pooled_blob_deleted(
    epoch: u32,
    blob_id: u256,
    object_id: ID,
    was_certified: bool,
    storage_pool_id: ID,
) {
    emit(PooledBlobDeleted { epoch, blob_id, object_id, was_certified, storage_pool_id });
}

/// Emits `StoragePoolExtended`.
public(package) fun emit_storage_pool_extended(
    epoch: u32,
    storage_pool_id: ID,
    new_end_epoch: u32,
) {
    emit(StoragePoolExtended { epoch, storage_pool_id, new_end_epoch });
}

// === Test-only constructors, for comparing emitted events ===

#[test_only]
/// A `BlobRegistered` value, to compare with `event::events_by_type`.
public fun blob_registered_for_testing(
    epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
): BlobRegistered {
    BlobRegistered { epoch, blob_id, size, encoding_type, end_epoch, deletable, object_id }
}

#[test_only]
/// A `BlobCertified` value, to compare with `event::events_by_type`.
public fun blob_certified_for_testing(
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    deletable: bool,
    object_id: ID,
    is_extension: bool,
): BlobCertified {
    BlobCertified { epoch, blob_id, end_epoch, deletable, object_id, is_extension }
}

#[test_only]
/// A `BlobDeleted` value, to compare with `event::events_by_type`.
public fun blob_deleted_for_testing(
    epoch: u32,
    blob_id: u256,
    end_epoch: u32,
    object_id: ID,
    was_certified: bool,
): BlobDeleted {
    BlobDeleted { epoch, blob_id, end_epoch, object_id, was_certified }
}

#[test_only]
/// An `InvalidBlobID` value, to compare with `event::events_by_type`.
public fun invalid_blob_id_for_testing(epoch: u32, blob_id: u256): InvalidBlobID {
    InvalidBlobID { epoch, blob_id }
}
