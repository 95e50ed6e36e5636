#[test_only]
/// Shared helpers for the system tests: test nodes with BLS keys, committees, a configured `System`, WAL coins
/// and certificate bytes.
///
/// The test VM's `bls12381_min_pk_verify` accepts every signature, so certificates here carry a fixed dummy
/// signature; the tests exercise everything around the signature (bitmaps, weights, thresholds, headers, epochs).
module walrus::system_test_utils;

use sui::{bls12381::{Self, UncompressedG1}, coin::{Self, Coin}, group_ops::Element};
use wal::wal::WAL;
use walrus::{
    blob::{Self, Blob},
    bls_aggregate::{Self, BlsCommittee, BlsCommitteeMember},
    messages,
    system::{Self, System}
};

/// Storage price used by `new_system`: FROST per MiB per epoch.
const STORAGE_PRICE: u64 = 5;
/// Write price used by `new_system`: FROST per MiB.
const WRITE_PRICE: u64 = 3;
/// Capacity used by `new_system`.
const CAPACITY: u64 = 1_000_000_000;
/// `max_epochs_ahead` used by `new_system`.
const MAX_EPOCHS_AHEAD: u32 = 104;
/// Encoding type RS2.
const RS2: u8 = 1;
/// The root hash used by `register_default_blob`.
const ROOT_HASH: u256 = 0xabc;

/// Compressed BLS12-381 G1 public keys of ten test nodes (real curve points).
public fun bls_public_key(index: u64): vector<u8> {
    let keys = vector[
        x"af51b856584c5e12a7ca95099fedae1e1959e1c4584d70a9556b705ff4a1db3c1c934770d47404e150afc349a49c4a27",
        x"a4a98afc36b6d608d92c5f3ceea51005270dd131f3e99ae776ba27e393b3d343824bfe5470eb20083e0db1105f302e8b",
        x"ac7826161cbee5addd56df4bb589343fdc201698202b272c36b3bd263af46cf0c175cf303a02366bfb7c2d9bba32475a",
        x"99e534fbdf5ba5881c74547374780dd453e42b93a01ef07a8dd436a13094c4fa1bad8846499eeafb3a6969f9caf00547",
        x"b1b617be4cb56757ed89addaf6bdd14e634a3c71259535c88e11bb021b206be44ea943cee549a14912a488f2e3c28d0d",
        x"96b8a321eef5cd814e6992d690cfdd1e3afe5eb917bb259a84548fac5c42c73d636fe817b5759cd4ee7b86842b7d8eb4",
        x"95ace4f2c4a766fa7e459c4dfbc66b9468155e44d1661fe4b7b0a4bfd1b42629eabd4f435b0669da19fad1f40ef60ac1",
        x"a938e338d0a32c45812ccdfc8170d6d5334c6e78f00e24fff44a516cf0039a60e26ca9a9258d0deea5035928d0ee7555",
        x"adf3cc137c65ab19dd1e2ad2a91dcade9c42b8211ea546c6e84a344e8c5a8e8b68d9f1ec161a1523e7b2700551870794",
        x"85a6762832f4d4c9d3ca9128bfbf354dc767fe17aedde6275e9920ef5abfa49b03640bd74b58433dde21bdd83fcf947e",
    ];
    keys[index]
}

/// The uncompressed key of test node `index`.
public fun uncompressed_key(index: u64): Element<UncompressedG1> {
    bls12381::g1_to_uncompressed_g1(&bls12381::g1_from_bytes(&bls_public_key(index)))
}

/// Node id of test node `index` (increasing with the index).
public fun node_id(index: u64): ID {
    object::id_from_address(sui::address::from_u256((index as u256) + 1))
}

/// Committee members for nodes `0..weights.length()` with the given weights.
public fun members(weights: vector<u16>): vector<BlsCommitteeMember> {
    let mut index = 0;
    weights.map!(|weight| {
        let member = bls_aggregate::new_bls_committee_member(
            uncompressed_key(index),
            weight,
            node_id(index),
        );
        index = index + 1;
        member
    })
}

/// A committee of `epoch` for nodes `0..weights.length()` with the given weights.
public fun committee(epoch: u32, weights: vector<u16>): BlsCommittee {
    bls_aggregate::new_bls_committee(epoch, members(weights))
}

/// The default committee weights: 10 shards over 4 nodes.
public fun default_weights(): vector<u16> {
    vector[1, 2, 3, 4]
}

/// A dummy 96-byte signature (the test VM accepts any signature).
public fun signature(): vector<u8> {
    vector::tabulate!(96, |i| i as u8)
}

/// A bitmap in which all of `n_members` members signed.
public fun all_signers(n_members: u64): vector<u8> {
    vector::tabulate!((n_members + 7) / 8, |byte| {
        let mut bits: u8 = 0;
        8u64.do!(|bit| if (byte * 8 + bit < n_members) bits = bits | (1 << (bit as u8)));
        bits
    })
}

/// A system at epoch 0 with the default committee (10 shards), capacity 1e9 bytes, storage price 5 and write
/// price 3 FROST per MiB, and 104 epochs ahead.
public fun new_system(ctx: &mut TxContext): System {
    new_system_with(default_weights(), CAPACITY, MAX_EPOCHS_AHEAD, ctx)
}

/// A system at epoch 0 with a committee of the given weights, capacity and `max_epochs_ahead`, and the default
/// prices.
public fun new_system_with(
    weights: vector<u16>,
    capacity: u64,
    max_epochs_ahead: u32,
    ctx: &mut TxContext,
): System {
    let mut system = system::create_empty(max_epochs_ahead, object::id_from_address(@0x1), ctx);
    system.inner_mut().set_committee_and_capacity_for_testing(committee(0, weights), capacity);
    system.set_storage_price(STORAGE_PRICE);
    system.set_write_price(WRITE_PRICE);
    system
}

/// Storage price of `new_system`.
public fun storage_price(): u64 { STORAGE_PRICE }

/// Write price of `new_system`.
public fun write_price(): u64 { WRITE_PRICE }

/// Capacity of `new_system`.
public fun capacity(): u64 { CAPACITY }

/// `max_epochs_ahead` of `new_system`.
public fun max_epochs_ahead(): u32 { MAX_EPOCHS_AHEAD }

/// The RS2 encoding type.
public fun rs2(): u8 { RS2 }

/// A WAL coin of `value` FROST.
public fun wal(value: u64, ctx: &mut TxContext): Coin<WAL> {
    coin::mint_for_testing<WAL>(value, ctx)
}

/// Destroys a coin, asserting its value.
public fun assert_and_destroy(coin: Coin<WAL>, expected: u64) {
    assert!(coin.value() == expected);
    coin.burn_for_testing();
}

/// The blob ID for `size` bytes with the default root hash.
public fun default_blob_id(size: u64): u256 {
    blob::derive_blob_id(ROOT_HASH, RS2, size)
}

/// Buys storage for `size` bytes encoded over the system's shards for `epochs_ahead` epochs and registers a
/// blob of `size` bytes on it, paying from a large coin that is then destroyed.
public fun register_default_blob(
    system: &mut System,
    size: u64,
    epochs_ahead: u32,
    deletable: bool,
    ctx: &mut TxContext,
): Blob {
    let mut payment = wal(1_000_000_000_000, ctx);
    let encoded = walrus::encoding::encoded_blob_length(size, RS2, system.n_shards());
    let storage = system.reserve_space(encoded, epochs_ahead, &mut payment, ctx);
    let blob = system.register_blob(
        storage,
        default_blob_id(size),
        ROOT_HASH,
        size,
        RS2,
        deletable,
        &mut payment,
        ctx,
    );
    payment.burn_for_testing();
    blob
}

/// The certificate message for `blob` in `epoch`, permanent or deletable as the blob is.
public fun certification_message(blob: &Blob, epoch: u32): vector<u8> {
    if (blob.is_deletable()) {
        messages::deletable_blob_message_for_testing(epoch, blob.blob_id(), blob.object_id())
    } else {
        messages::permanent_blob_message_for_testing(epoch, blob.blob_id())
    }
}

/// Certifies `blob` with a certificate signed by the whole committee in the current epoch.
public fun certify(system: &System, blob: &mut Blob) {
    let message = certification_message(blob, system.epoch());
    let bitmap = all_signers(system.committee().n_members());
    system.certify_blob(blob, signature(), bitmap, message);
}

/// A registered and certified blob of `size` bytes for `epochs_ahead` epochs.
public fun certified_blob(
    system: &mut System,
    size: u64,
    epochs_ahead: u32,
    deletable: bool,
    ctx: &mut TxContext,
): Blob {
    let mut blob = register_default_blob(system, size, epochs_ahead, deletable, ctx);
    certify(system, &mut blob);
    blob
}

/// Advances the system one epoch with the same committee weights and the default capacity, destroying the
/// returned rewards.
public fun advance_epoch(system: &mut System) {
    let epoch = system.epoch();
    let weights = system.committee().members().map_ref!(|member| member.weight());
    let params = walrus::epoch_parameters::new(CAPACITY);
    let rewards = system.advance_epoch(committee(epoch + 1, weights), &params);
    std::unit_test::destroy(rewards);
}
