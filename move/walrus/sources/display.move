/// Wallet and explorer display templates for `Blob`, `Storage` and `StakedWal`, kept in the shared
/// `ObjectDisplay` together with the package `Publisher`.
module walrus::display;

use std::type_name;
use sui::{display::{Self, Display}, object_bag::{Self, ObjectBag}, package::Publisher};
use walrus::{blob::Blob, staked_wal::StakedWal, storage_resource::Storage};

/// Shared holder of the display objects and the publisher.
public struct ObjectDisplay has key {
    id: UID,
    inner: ObjectBag,
}

/// Key of the `Publisher` in `inner`.
public struct PublisherKey() has copy, drop, store;

/// Creates the three displays with their templates and shares the holder.
public(package) fun create(publisher: Publisher, ctx: &mut TxContext) {
    let mut inner = object_bag::new(ctx);
    inner.add(type_name::with_defining_ids<Blob>(), new_blob_display(&publisher, ctx));
    inner.add(type_name::with_defining_ids<Storage>(), new_storage_display(&publisher, ctx));
    inner.add(type_name::with_defining_ids<StakedWal>(), new_staked_wal_display(&publisher, ctx));
    inner.add(PublisherKey(), publisher);
    transfer::share_object(ObjectDisplay { id: object::new(ctx), inner });
}

fun new_blob_display(publisher: &Publisher, ctx: &mut TxContext): Display<Blob> {
    let mut d = display::new(publisher, ctx);
    d.add(b"name".to_string(), b"Walrus Blob ({size}b)".to_string());
    d.add(
        b"description".to_string(),
        b"Registered: {registered_epoch}; certified: {certified_epoch}; deletable: {deletable}".to_string(),
    );
    d.update_version();
    d
}

fun new_storage_display(publisher: &Publisher, ctx: &mut TxContext): Display<Storage> {
    let mut d = display::new(publisher, ctx);
    d.add(b"name".to_string(), b"Walrus Storage Resource ({storage_size}b)".to_string());
    d.add(b"description".to_string(), b"Start: {start_epoch}; end: {end_epoch}".to_string());
    d.update_version();
    d
}

fun new_staked_wal_display(publisher: &Publisher, ctx: &mut TxContext): Display<StakedWal> {
    let mut d = display::new(publisher, ctx);
    d.add(b"name".to_string(), b"Staked WAL ({principal} FROST)".to_string());
    d.add(
        b"description".to_string(),
        b"Staked for node: {node_id}, activates at: {activation_epoch}".to_string(),
    );
    d.update_version();
    d
}

/// The display of `T` (one of `Blob`, `Storage`, `StakedWal`).
public(package) fun borrow_display<T: key>(self: &ObjectDisplay): &Display<T> {
    self.inner.borrow(type_name::with_defining_ids<T>())
}
