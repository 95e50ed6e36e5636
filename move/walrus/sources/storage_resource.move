/// `Storage`: the right to store `storage_size` encoded bytes on Walrus for the epochs `[start_epoch, end_epoch)`.
///
/// A storage resource is bought from the system (`system::reserve_space*`), consumed when a blob is registered,
/// and handed back when a deletable blob is deleted. Owners can split it by time or by size and fuse compatible
/// pieces back together.
module walrus::storage_resource;

/// `split_by_epoch` was given a split epoch outside the open interval `(start_epoch, end_epoch)`.
const EInvalidEpoch: u64 = 0;
/// The epochs of two resources do not fit the fuse: `fuse_periods` needs adjacent periods, `fuse_amount` the same one.
const EIncompatibleEpochs: u64 = 1;
/// The sizes do not fit: `fuse_periods` needs equal sizes, `split_by_size` a split size no larger than the resource.
const EIncompatibleAmount: u64 = 2;
/// A resource would cover an empty period (`start_epoch >= end_epoch`).
const EInvalidEpochRange: u64 = 3;

/// Reserved encoded storage of `storage_size` bytes for the epochs `[start_epoch, end_epoch)`.
public struct Storage has key, store {
    id: UID,
    start_epoch: u32,
    end_epoch: u32,
    storage_size: u64,
}

/// Creates a storage resource. Only the system creates storage, after taking payment for it.
public(package) fun create_storage(
    start_epoch: u32,
    end_epoch: u32,
    storage_size: u64,
    ctx: &mut TxContext,
): Storage {
    assert!(start_epoch < end_epoch, EInvalidEpochRange);
    Storage { id: object::new(ctx), start_epoch, end_epoch, storage_size }
}

// === Accessors ===

/// First epoch covered by the resource.
public fun start_epoch(self: &Storage): u32 {
    self.start_epoch
}

/// First epoch no longer covered by the resource (exclusive end).
public fun end_epoch(self: &Storage): u32 {
    self.end_epoch
}

/// Encoded bytes the resource covers.
public fun size(self: &Storage): u64 {
    self.storage_size
}

// === Splitting and fusing ===

/// Splits off the epochs `[split_epoch, end_epoch)` into a new resource; `storage` keeps `[start_epoch, split_epoch)`.
/// Aborts with `EInvalidEpoch` unless `start_epoch < split_epoch < end_epoch`.
public fun split_by_epoch(storage: &mut Storage, split_epoch: u32, ctx: &mut TxContext): Storage {
    assert!(split_epoch > storage.start_epoch && split_epoch < storage.end_epoch, EInvalidEpoch);
    let end_epoch = storage.end_epoch;
    storage.end_epoch = split_epoch;
    Storage {
        id: object::new(ctx),
        start_epoch: split_epoch,
        end_epoch,
        storage_size: storage.storage_size,
    }
}

/// Splits the size: `storage` keeps `split_size` bytes and the returned resource, for the same epochs, gets the
/// rest. Aborts with `EIncompatibleAmount` if `split_size` is larger than the resource.
public fun split_by_size(storage: &mut Storage, split_size: u64, ctx: &mut TxContext): Storage {
    assert!(split_size <= storage.storage_size, EIncompatibleAmount);
    let rest = storage.storage_size - split_size;
    storage.storage_size = split_size;
    Storage {
        id: object::new(ctx),
        start_epoch: storage.start_epoch,
        end_epoch: storage.end_epoch,
        storage_size: rest,
    }
}

/// Joins two resources of equal size whose periods touch, in either order, into one covering both periods.
/// Aborts with `EIncompatibleAmount` if the sizes differ and `EIncompatibleEpochs` if the periods are not adjacent.
public fun fuse_periods(first: &mut Storage, second: Storage) {
    let Storage { id, start_epoch, end_epoch, storage_size } = second;
    id.delete();
    assert!(first.storage_size == storage_size, EIncompatibleAmount);
    if (first.end_epoch == start_epoch) {
        first.end_epoch = end_epoch;
    } else {
        assert!(first.start_epoch == end_epoch, EIncompatibleEpochs);
        first.start_epoch = start_epoch;
    }
}

/// Joins two resources covering the same period into one with the summed size.
/// Aborts with `EIncompatibleEpochs` if the start or end epochs differ.
public fun fuse_amount(first: &mut Storage, second: Storage) {
    let Storage { id, start_epoch, end_epoch, storage_size } = second;
    id.delete();
    assert!(first.start_epoch == start_epoch && first.end_epoch == end_epoch, EIncompatibleEpochs);
    first.storage_size = first.storage_size + storage_size;
}

/// Fuses by amount when the start epochs are equal, otherwise by period (see `fuse_amount`, `fuse_periods`).
public fun fuse(first: &mut Storage, second: Storage) {
    if (first.start_epoch == second.start_epoch) {
        fuse_amount(first, second)
    } else {
        fuse_periods(first, second)
    }
}

/// Destroys a storage resource. Capacity is not returned to the system.
public fun destroy(storage: Storage) {
    let Storage { id, .. } = storage;
    id.delete();
}

/// Moves the end epoch later by `extended_epochs` (the system has been paid for the added epochs).
public(package) fun extend_end_epoch(self: &mut Storage, extended_epochs: u32) {
    self.end_epoch = self.end_epoch + extended_epochs;
}

#[test_only]
/// A storage resource for tests, without payment.
public fun create_for_test(
    start_epoch: u32,
    end_epoch: u32,
    storage_size: u64,
    ctx: &mut TxContext,
): Storage {
    create_storage(start_epoch, end_epoch, storage_size, ctx)
}
