/// The size of a blob once RedStuff-encoded: two-dimensional Reed-Solomon with primary and secondary slivers.
module walrus::redstuff;

/// Bytes of one hash in the per-shard metadata.
const DIGEST_LEN: u64 = 32;
/// Bytes of a blob ID in the per-shard metadata.
const BLOB_ID_LEN: u64 = 32;

/// Encoded size, summed over `n_shards` shards, of a blob of `unencoded_length` bytes: every shard stores one
/// primary and one secondary sliver plus the metadata (two digests per shard and the blob ID).
/// Aborts with an arithmetic error when the symbol size does not fit a `u16`, which bounds the blob size.
public(package) fun encoded_blob_length(unencoded_length: u64, n_shards: u16): u64 {
    let n = n_shards as u64;
    let (primary, secondary) = source_symbols(n_shards);
    let symbol = symbol_size(unencoded_length, n_shards) as u64;
    n * ((primary + secondary) * symbol + metadata_size(n_shards))
}

/// Source symbols of the primary and the secondary encoding: `(n - 2f, n - f)` with `f = (n - 1) / 3`.
public(package) fun source_symbols(n_shards: u16): (u64, u64) {
    let n = n_shards as u64;
    let f = max_byzantine(n_shards);
    (n - 2 * f, n - f)
}

/// The largest number of faulty shards tolerated: `(n_shards - 1) / 3`.
public(package) fun max_byzantine(n_shards: u16): u64 {
    ((n_shards as u64) - 1) / 3
}

/// Bytes per symbol: `ceil(max(len, 1) / (primary * secondary))`, rounded up to an even number.
/// Aborts with an arithmetic error when the result does not fit a `u16`.
public(package) fun symbol_size(unencoded_length: u64, n_shards: u16): u16 {
    let (primary, secondary) = source_symbols(n_shards);
    let len = if (unencoded_length == 0) 1 else unencoded_length;
    let mut size = (len - 1) / (primary * secondary) + 1;
    if (size % 2 == 1) size = size + 1;
    size as u16
}

/// Metadata bytes stored by each shard: a primary and a secondary digest per shard, plus the blob ID.
public(package) fun metadata_size(n_shards: u16): u64 {
    (n_shards as u64) * DIGEST_LEN * 2 + BLOB_ID_LEN
}

#[test]
fun encoded_size_matches_the_protocol_vectors() {
    assert!(encoded_blob_length(1, 10) == 10 * (2 * (4 + 7) + 10 * 2 * 32 + 32));
    assert!(encoded_blob_length(1, 1000) == 1000 * (2 * (334 + 667) + 1000 * 64 + 32));
    assert!(encoded_blob_length(28 * 100, 10) == 10 * ((4 + 7) * 100 + 672));
}

#[test]
fun an_empty_blob_is_encoded_like_a_one_byte_blob() {
    assert!(encoded_blob_length(0, 10) == encoded_blob_length(1, 10));
}

#[test]
fun source_symbols_match_the_protocol_pairs() {
    check_source_symbols(7, 3, 5);
    check_source_symbols(10, 4, 7);
    check_source_symbols(31, 11, 21);
    check_source_symbols(100, 34, 67);
    check_source_symbols(301, 101, 201);
    check_source_symbols(1000, 334, 667);
}

#[test_only]
fun check_source_symbols(n_shards: u16, primary: u64, secondary: u64) {
    let (p, s) = source_symbols(n_shards);
    assert!(p == primary && s == secondary);
}

#[test]
fun symbol_size_is_rounded_up_to_an_even_number() {
    // 10 shards: 4 * 7 = 28 source symbols per sliver pair.
    assert!(symbol_size(28, 10) == 2);
    assert!(symbol_size(29, 10) == 2);
    assert!(symbol_size(57, 10) == 4);
    assert!(symbol_size(28 * 3, 10) == 4);
}

#[test]
fun the_largest_blob_for_1000_shards_has_symbol_size_65534() {
    // 334 * 667 * 65534 bytes: the documented maximum blob size for 1000 shards.
    assert!(symbol_size(334 * 667 * 65534, 1000) == 65534);
}

#[test, expected_failure(arithmetic_error, location = Self)]
fun a_blob_one_byte_over_the_maximum_does_not_fit_the_symbol_size() {
    symbol_size(334 * 667 * 65534 + 1, 1000);
}
