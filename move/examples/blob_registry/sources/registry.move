/// An example of a contract composing with Walrus blobs: a registry of named, long-lived artworks.
///
/// A creator hands in a certified, permanent `Blob` that is stored for at least the registry's minimum number of
/// epochs ahead. The registry records its blob ID under a name, wraps the blob in a `SharedBlob` (so anyone can
/// fund its storage and it can never be deleted) and gives the creator an `Artwork` object. The artwork's holder
/// can then extend the blob's lifetime from the shared funds; anyone can add funds.
module blob_registry::registry;

use std::string::String;
use sui::{coin::Coin, table::{Self, Table}};
use wal::wal::WAL;
use walrus::{blob::Blob, shared_blob::{Self, SharedBlob}, system::System};

/// The blob is not certified yet.
const ENotCertified: u64 = 0;
/// The blob is deletable; the registry only accepts permanent blobs.
const EDeletable: u64 = 1;
/// The blob expires before `current epoch + min_epochs_ahead`.
const ETooShortLived: u64 = 2;
/// A blob with this blob ID is already registered.
const EAlreadyRegistered: u64 = 3;
/// The artwork does not belong to this shared blob.
const EWrongArtwork: u64 = 4;
/// The artwork was issued by another registry.
const EWrongRegistry: u64 = 5;

/// A shared registry of artworks keyed by blob ID.
public struct Registry has key {
    id: UID,
    /// Epochs of remaining storage a blob must have when registered.
    min_epochs_ahead: u32,
    /// Blob ID -> artwork entry.
    entries: Table<u256, Entry>,
}

/// What the registry knows about one artwork.
public struct Entry has copy, drop, store {
    name: String,
    creator: address,
    /// Object id of the wrapped `Blob` inside its `SharedBlob`.
    blob_object_id: ID,
}

/// Proof of authorship of a registered artwork; its holder may extend the blob.
public struct Artwork has key, store {
    id: UID,
    registry_id: ID,
    name: String,
    blob_id: u256,
    blob_object_id: ID,
}

/// Creates and shares a registry that accepts blobs stored for at least `min_epochs_ahead` more epochs.
public fun create(min_epochs_ahead: u32, ctx: &mut TxContext) {
    transfer::share_object(Registry {
        id: object::new(ctx),
        min_epochs_ahead,
        entries: table::new(ctx),
    });
}

/// Registers `blob` under `name`, shares it with `funds` for later extensions, and returns the `Artwork`.
/// Aborts with `ENotCertified`, `EDeletable`, `ETooShortLived` or `EAlreadyRegistered`.
public fun register(
    registry: &mut Registry,
    system: &System,
    blob: Blob,
    name: String,
    funds: Coin<WAL>,
    ctx: &mut TxContext,
): Artwork {
    assert!(blob.certified_epoch().is_some(), ENotCertified);
    assert!(!blob.is_deletable(), EDeletable);
    // Written as an addition so a blob that already expired cannot underflow the subtraction.
    assert!(blob.end_epoch() >= system.epoch() + registry.min_epochs_ahead, ETooShortLived);
    let blob_id = blob.blob_id();
    assert!(!registry.entries.contains(blob_id), EAlreadyRegistered);
    let blob_object_id = blob.object_id();
    registry.entries.add(blob_id, Entry { name, creator: ctx.sender(), blob_object_id });
    shared_blob::new_funded(blob, funds, ctx);
    Artwork {
        id: object::new(ctx),
        registry_id: object::id(registry),
        name,
        blob_id,
        blob_object_id,
    }
}

/// Extends the artwork's blob by `extended_epochs`, paid from the shared blob's funds.
/// Aborts with `EWrongRegistry` or `EWrongArtwork` if the artwork does not match, and as
/// `shared_blob::extend` otherwise.
public fun extend(
    registry: &Registry,
    artwork: &Artwork,
    shared: &mut SharedBlob,
    system: &mut System,
    extended_epochs: u32,
    ctx: &mut TxContext,
) {
    assert!(artwork.registry_id == object::id(registry), EWrongRegistry);
    assert!(shared.blob().object_id() == artwork.blob_object_id, EWrongArtwork);
    shared.extend(system, extended_epochs, ctx);
}

// === Accessors ===

/// Epochs of remaining storage required at registration.
public fun min_epochs_ahead(registry: &Registry): u32 {
    registry.min_epochs_ahead
}

/// Whether a blob with `blob_id` is registered.
public fun contains(registry: &Registry, blob_id: u256): bool {
    registry.entries.contains(blob_id)
}

/// The entry of `blob_id`. Aborts (in `table`) if there is none.
public fun entry(registry: &Registry, blob_id: u256): Entry {
    registry.entries[blob_id]
}

/// Name of an entry.
public fun entry_name(entry: &Entry): String {
    entry.name
}

/// Creator of an entry.
public fun entry_creator(entry: &Entry): address {
    entry.creator
}

/// Object id of an entry's wrapped blob.
public fun entry_blob_object_id(entry: &Entry): ID {
    entry.blob_object_id
}

/// Name of an artwork.
public fun name(artwork: &Artwork): String {
    artwork.name
}

/// Blob ID of an artwork.
public fun blob_id(artwork: &Artwork): u256 {
    artwork.blob_id
}
