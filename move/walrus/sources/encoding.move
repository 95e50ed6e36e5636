/// Dispatches encoded-size computations on the blob's encoding type.
module walrus::encoding;

use walrus::redstuff;

/// The encoding type is not supported (only RS2 = 1 is).
const EInvalidEncodingType: u64 = 0;

/// RedStuff over Reed-Solomon: the only encoding type the system accepts.
const RS2: u8 = 1;

/// Encoded size, over all `n_shards` shards, of a blob of `unencoded_length` bytes, including the per-shard
/// metadata. Aborts with `EInvalidEncodingType` for any encoding type other than RS2 (1).
public fun encoded_blob_length(unencoded_length: u64, encoding_type: u8, n_shards: u16): u64 {
    assert!(encoding_type == RS2, EInvalidEncodingType);
    redstuff::encoded_blob_length(unencoded_length, n_shards)
}
