/// `Blob`: an owned object standing for one stored blob, holding the `Storage` that pays for it.
///
/// A blob is registered (storage consumed, `BlobRegistered`), then certified once a quorum of storage nodes signs
/// that it is available (`BlobCertified`). Its lifetime can be extended; a deletable blob can be deleted, giving
/// the storage back; any blob can be burned (the data stays on Walrus, only the object goes).
/// The state changes go through `system`, which knows the current epoch and committee.
module walrus::blob;

use std::string::String;
use sui::{bcs, dynamic_field as df, hash};
use walrus::{
    encoding,
    events::{emit_blob_registered, emit_blob_certified, emit_blob_deleted},
    messages::CertifiedBlobMessage,
    metadata::{Self, Metadata},
    storage_resource::Storage
};

/// Shares the blob as a `SharedBlob` that anyone can fund and extend.
public use fun walrus::shared_blob::new as Blob.share;

/// The blob is not certified, but the operation needs a certified blob.
const ENotCertified: u64 = 0;
/// The blob is permanent and cannot be deleted.
const EBlobNotDeletable: u64 = 1;
/// The epoch is outside the blob's storage period, or the extension does not lie after it.
const EResourceBounds: u64 = 2;
/// The storage is smaller than the blob's encoded size.
const EResourceSize: u64 = 3;
/// The blob is already certified.
const EAlreadyCertified: u64 = 5;
/// The blob ID does not match: not derived from the root hash, size and encoding, or not the certified one.
const EInvalidBlobId: u64 = 6;
/// The blob already has metadata.
const EDuplicateMetadata: u64 = 7;
/// The blob has no metadata.
const EMissingMetadata: u64 = 8;
/// The certificate's persistence type (permanent or deletable) differs from the blob's.
const EInvalidBlobPersistenceType: u64 = 9;
/// The deletable certificate names another object than this blob.
const EInvalidBlobObject: u64 = 10;

/// Dynamic field name of the blob's metadata.
const METADATA_DF: vector<u8> = b"metadata";

/// One stored blob and the storage that pays for it.
public struct Blob has key, store {
    id: UID,
    registered_epoch: u32,
    blob_id: u256,
    size: u64,
    encoding_type: u8,
    /// The epoch in which the blob was first certified, if it was.
    certified_epoch: Option<u32>,
    storage: Storage,
    deletable: bool,
}

/// The BCS input of the blob-ID hash; the field order is part of the protocol.
public struct BlobIdDerivation has drop {
    encoding_type: u8,
    size: u64,
    root_hash: u256,
}

// === Accessors ===

/// The blob object's id.
public fun object_id(self: &Blob): ID {
    self.id.to_inner()
}

/// Epoch in which the blob was registered.
public fun registered_epoch(self: &Blob): u32 {
    self.registered_epoch
}

/// The blob ID.
public fun blob_id(self: &Blob): u256 {
    self.blob_id
}

/// Unencoded size in bytes.
public fun size(self: &Blob): u64 {
    self.size
}

/// Encoding type (1 = RS2).
public fun encoding_type(self: &Blob): u8 {
    self.encoding_type
}

/// Epoch of first certification, if certified.
public fun certified_epoch(self: &Blob): &Option<u32> {
    &self.certified_epoch
}

/// The storage held by the blob.
public fun storage(self: &Blob): &Storage {
    &self.storage
}

/// Whether the owner may delete the blob before it expires.
public fun is_deletable(self: &Blob): bool {
    self.deletable
}

/// Encoded size over `n_shards` shards.
public fun encoded_size(self: &Blob, n_shards: u16): u64 {
    encoding::encoded_blob_length(self.size, self.encoding_type, n_shards)
}

/// First epoch in which the blob is no longer stored.
public fun end_epoch(self: &Blob): u32 {
    self.storage.end_epoch()
}

/// The blob ID of a blob with Merkle root `root_hash`, `encoding_type` and unencoded `size`: Blake2b-256 of the
/// BCS of `(encoding_type: u8, size: u64, root_hash: u256)`, read as a little-endian `u256`.
public fun derive_blob_id(root_hash: u256, encoding_type: u8, size: u64): u256 {
    let input = BlobIdDerivation { encoding_type, size, root_hash };
    let digest = hash::blake2b256(&bcs::to_bytes(&input));
    bcs::new(digest).peel_u256()
}

// === Lifecycle (called by the system) ===

/// Registers a blob in `registered_epoch`, consuming `storage`; emits `BlobRegistered`.
/// Aborts with `EInvalidBlobId` if `blob_id` is not derived from the other fields, `EResourceBounds` if the
/// storage does not cover `registered_epoch`, and `EResourceSize` if it is smaller than the encoded size.
public(package) fun new(
    storage: Storage,
    blob_id: u256,
    root_hash: u256,
    size: u64,
    encoding_type: u8,
    deletable: bool,
    registered_epoch: u32,
    n_shards: u16,
    ctx: &mut TxContext,
): Blob {
    let id = object::new(ctx);
    assert!(derive_blob_id(root_hash, encoding_type, size) == blob_id, EInvalidBlobId);
    assert!(
        storage.start_epoch() <= registered_epoch && registered_epoch < storage.end_epoch(),
        EResourceBounds,
    );
    let encoded_size = encoding::encoded_blob_length(size, encoding_type, n_shards);
    assert!(encoded_size <= storage.size(), EResourceSize);
    emit_blob_registered(
        registered_epoch,
        blob_id,
        size,
        encoding_type,
        storage.end_epoch(),
        deletable,
        id.to_inner(),
    );
    Blob {
        id,
        registered_epoch,
        blob_id,
        size,
        encoding_type,
        certified_epoch: option::none(),
        storage,
        deletable,
    }
}

/// Certifies the blob in `current_epoch` from a verified certificate; emits `BlobCertified`.
/// Checks, in order: the blob ID (`EInvalidBlobId`), not yet certified (`EAlreadyCertified`), not expired
/// (`EResourceBounds`), the persistence type (`EInvalidBlobPersistenceType`) and, for a deletable blob, the
/// object id (`EInvalidBlobObject`).
public(package) fun certify_with_certified_msg(
    self: &mut Blob,
    current_epoch: u32,
    message: CertifiedBlobMessage,
) {
    assert!(message.certified_blob_id() == self.blob_id, EInvalidBlobId);
    assert!(self.certified_epoch.is_none(), EAlreadyCertified);
    assert!(current_epoch < self.storage.end_epoch(), EResourceBounds);
    let persistence = message.blob_persistence_type();
    assert!(persistence.is_deletable() == self.deletable, EInvalidBlobPersistenceType);
    if (self.deletable) {
        assert!(persistence.object_id() == self.id.to_inner(), EInvalidBlobObject);
    };
    self.certified_epoch.fill(current_epoch);
    self.emit_certified(false);
}

/// Aborts with `ENotCertified` unless the blob is certified and with `EResourceBounds` if it expired.
public(package) fun assert_certified_not_expired(self: &Blob, current_epoch: u32) {
    assert!(self.certified_epoch.is_some(), ENotCertified);
    assert!(current_epoch < self.storage.end_epoch(), EResourceBounds);
}

/// Adds `extended_epochs` paid epochs to the end of a certified, live blob; emits `BlobCertified` as an
/// extension.
public(package) fun extend(self: &mut Blob, current_epoch: u32, extended_epochs: u32) {
    self.assert_certified_not_expired(current_epoch);
    self.storage.extend_end_epoch(extended_epochs);
    self.emit_certified(true);
}

/// Fuses `extension`, a resource of the same size starting where the blob's storage ends, into a certified,
/// live blob; emits `BlobCertified` as an extension. Aborts with `EResourceBounds` unless the extension ends
/// later than the blob, and with `storage_resource` errors if the periods or sizes do not fit.
public(package) fun extend_with_resource(self: &mut Blob, extension: Storage, current_epoch: u32) {
    self.assert_certified_not_expired(current_epoch);
    assert!(extension.end_epoch() > self.storage.end_epoch(), EResourceBounds);
    self.storage.fuse_periods(extension);
    self.emit_certified(true);
}

/// Deletes a deletable blob that has not expired and returns its storage; emits `BlobDeleted`.
/// Aborts with `EBlobNotDeletable` for a permanent blob and `EResourceBounds` for an expired one.
public(package) fun delete(mut self: Blob, current_epoch: u32): Storage {
    assert!(self.deletable, EBlobNotDeletable);
    assert!(current_epoch < self.storage.end_epoch(), EResourceBounds);
    self.drop_metadata();
    let Blob { id, blob_id, certified_epoch, storage, .. } = self;
    emit_blob_deleted(
        current_epoch,
        blob_id,
        storage.end_epoch(),
        id.to_inner(),
        certified_epoch.is_some(),
    );
    id.delete();
    storage
}

/// Destroys the blob, its metadata and its storage. No event: the data stays on Walrus until it expires.
public fun burn(mut self: Blob) {
    self.drop_metadata();
    let Blob { id, storage, .. } = self;
    id.delete();
    storage.destroy();
}

fun emit_certified(self: &Blob, is_extension: bool) {
    emit_blob_certified(
        *self.certified_epoch.borrow(),
        self.blob_id,
        self.storage.end_epoch(),
        self.deletable,
        self.id.to_inner(),
        is_extension,
    );
}

fun drop_metadata(self: &mut Blob) {
    if (df::exists_(&self.id, METADATA_DF)) {
        let _: Metadata = df::remove(&mut self.id, METADATA_DF);
    };
}

// === Metadata ===

/// Attaches `metadata`. Aborts with `EDuplicateMetadata` if the blob already has metadata.
public fun add_metadata(self: &mut Blob, metadata: Metadata) {
    assert!(!df::exists_(&self.id, METADATA_DF), EDuplicateMetadata);
    df::add(&mut self.id, METADATA_DF, metadata);
}

/// Attaches `metadata`, returning the metadata it replaces, if any.
public fun add_or_replace_metadata(self: &mut Blob, metadata: Metadata): Option<Metadata> {
    let old = if (df::exists_(&self.id, METADATA_DF)) {
        option::some(df::remove(&mut self.id, METADATA_DF))
    } else {
        option::none()
    };
    df::add(&mut self.id, METADATA_DF, metadata);
    old
}

/// Detaches and returns the metadata. Aborts with `EMissingMetadata` if there is none.
public fun take_metadata(self: &mut Blob): Metadata {
    assert!(df::exists_(&self.id, METADATA_DF), EMissingMetadata);
    df::remove(&mut self.id, METADATA_DF)
}

/// Sets one metadata pair, creating the metadata if the blob has none.
public fun insert_or_update_metadata_pair(self: &mut Blob, key: String, value: String) {
    if (!df::exists_(&self.id, METADATA_DF)) {
        df::add(&mut self.id, METADATA_DF, metadata::new());
    };
    self.metadata_mut().insert_or_update(key, value);
}

/// Removes one metadata pair and returns it. Aborts with `EMissingMetadata` if the blob has no metadata (and in
/// `vec_map` if the key is absent).
public fun remove_metadata_pair(self: &mut Blob, key: &String): (String, String) {
    self.metadata_mut().remove(key)
}

/// Removes one metadata pair if present and returns its value; `none` if the blob has no metadata or no such key.
public fun remove_metadata_pair_if_exists(self: &mut Blob, key: &String): Option<String> {
    if (!df::exists_(&self.id, METADATA_DF)) {
        option::none()
    } else {
        self.metadata_mut().remove_if_exists(key)
    }
}

/// The blob's metadata. Aborts with `EMissingMetadata` if there is none.
public(package) fun metadata(self: &Blob): &Metadata {
    assert!(df::exists_(&self.id, METADATA_DF), EMissingMetadata);
    df::borrow(&self.id, METADATA_DF)
}

fun metadata_mut(self: &mut Blob): &mut Metadata {
    assert!(df::exists_(&self.id, METADATA_DF), EMissingMetadata);
    df::borrow_mut(&mut self.id, METADATA_DF)
}

#[test_only]
/// Marks the blob certified in `epoch` without a certificate.
public fun certify_for_testing(self: &mut Blob, epoch: u32) {
    self.certified_epoch = option::some(epoch);
}
