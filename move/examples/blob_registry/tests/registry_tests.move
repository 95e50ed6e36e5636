#[test_only]
module blob_registry::registry_tests;

use blob_registry::registry::{Self, Registry, Artwork};
use sui::{coin::{Self, Coin}, test_scenario::{Self, Scenario}};
use wal::wal::WAL;
use walrus::{blob::{Self, Blob}, messages, shared_blob::SharedBlob, system::{Self, System}};

const CREATOR: address = @0xc;
const OTHER: address = @0xd;
const ROOT_HASH: u256 = 0x5eed;

fun wal(value: u64, scenario: &mut Scenario): Coin<WAL> {
    coin::mint_for_testing<WAL>(value, scenario.ctx())
}

/// A system of 10 shards over 4 nodes, storage price 5 and write price 3 FROST per MiB, 50 epochs ahead.
fun new_system(scenario: &mut Scenario): System {
    system::new_for_testing(vector[1, 2, 3, 4], 1_000_000_000, 5, 3, 50, scenario.ctx())
}

/// Registers a blob of `size` bytes stored for `epochs_ahead` epochs, certified unless `certify` is false.
fun new_blob(
    system: &mut System,
    size: u64,
    epochs_ahead: u32,
    deletable: bool,
    certify: bool,
    scenario: &mut Scenario,
): Blob {
    let mut payment = wal(1_000_000, scenario);
    let encoded = walrus::encoding::encoded_blob_length(size, 1, system.n_shards());
    let storage = system.reserve_space(encoded, epochs_ahead, &mut payment, scenario.ctx());
    let blob_id = blob::derive_blob_id(ROOT_HASH, 1, size);
    let mut blob = system.register_blob(
        storage,
        blob_id,
        ROOT_HASH,
        size,
        1,
        deletable,
        &mut payment,
        scenario.ctx(),
    );
    if (certify) {
        let message = if (deletable) {
            messages::deletable_blob_message_for_testing(system.epoch(), blob_id, blob.object_id())
        } else {
            messages::permanent_blob_message_for_testing(system.epoch(), blob_id)
        };
        // The test VM accepts any BLS signature; all four members sign.
        system.certify_blob(&mut blob, vector::tabulate!(96, |i| i as u8), vector[0x0f], message);
    };
    payment.burn_for_testing();
    blob
}

/// A scenario with a registry requiring 10 epochs ahead, at the start of a transaction by `CREATOR`.
fun setup(): (Scenario, System) {
    let mut scenario = test_scenario::begin(CREATOR);
    let system = new_system(&mut scenario);
    registry::create(10, scenario.ctx());
    scenario.next_tx(CREATOR);
    (scenario, system)
}

#[test]
fun a_certified_permanent_long_lived_blob_is_registered_and_shared() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let blob = new_blob(&mut system, 1000, 10, false, true, &mut scenario);
    let (blob_id, object_id) = (blob.blob_id(), blob.object_id());
    let artwork = registry.register(
        &system,
        blob,
        b"sunset".to_string(),
        wal(100, &mut scenario),
        scenario.ctx(),
    );
    assert!(artwork.name() == b"sunset".to_string());
    assert!(artwork.blob_id() == blob_id);
    assert!(registry.contains(blob_id));
    let entry = registry.entry(blob_id);
    assert!(entry.entry_name() == b"sunset".to_string());
    assert!(entry.entry_creator() == CREATOR);
    assert!(entry.entry_blob_object_id() == object_id);
    assert!(registry.min_epochs_ahead() == 10);
    transfer::public_transfer(artwork, CREATOR);
    test_scenario::return_shared(registry);

    scenario.next_tx(CREATOR);
    let shared = scenario.take_shared<SharedBlob>();
    assert!(shared.blob().object_id() == object_id);
    assert!(shared.funds().value() == 100);
    test_scenario::return_shared(shared);
    system.destroy_for_testing();
    scenario.end();
}

#[test]
fun the_artwork_holder_extends_the_blob_from_the_shared_funds() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let blob = new_blob(&mut system, 1000, 10, false, true, &mut scenario);
    let artwork = registry.register(
        &system,
        blob,
        b"dawn".to_string(),
        wal(100, &mut scenario),
        scenario.ctx(),
    );
    transfer::public_transfer(artwork, CREATOR);
    test_scenario::return_shared(registry);

    // Anyone can add funds.
    scenario.next_tx(OTHER);
    let mut shared = scenario.take_shared<SharedBlob>();
    shared.fund(wal(20, &mut scenario));
    test_scenario::return_shared(shared);

    scenario.next_tx(CREATOR);
    let registry = scenario.take_shared<Registry>();
    let mut shared = scenario.take_shared<SharedBlob>();
    let artwork = scenario.take_from_sender<Artwork>();
    system.advance_epoch_for_testing();
    registry.extend(&artwork, &mut shared, &mut system, 4, scenario.ctx());
    // 1 MiB unit at 5 FROST for each of 4 epochs.
    assert!(shared.funds().value() == 120 - 20);
    assert!(shared.blob().end_epoch() == 14);
    scenario.return_to_sender(artwork);
    test_scenario::return_shared(registry);
    test_scenario::return_shared(shared);
    system.destroy_for_testing();
    scenario.end();
}

#[test, expected_failure(abort_code = registry::ENotCertified)]
fun an_uncertified_blob_is_rejected() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let blob = new_blob(&mut system, 1000, 10, false, false, &mut scenario);
    let _artwork = registry.register(
        &system,
        blob,
        b"x".to_string(),
        wal(0, &mut scenario),
        scenario.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = registry::EDeletable)]
fun a_deletable_blob_is_rejected() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let blob = new_blob(&mut system, 1000, 10, true, true, &mut scenario);
    let _artwork = registry.register(
        &system,
        blob,
        b"x".to_string(),
        wal(0, &mut scenario),
        scenario.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = registry::ETooShortLived)]
fun a_blob_one_epoch_short_of_the_bound_is_rejected() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let blob = new_blob(&mut system, 1000, 9, false, true, &mut scenario);
    let _artwork = registry.register(
        &system,
        blob,
        b"x".to_string(),
        wal(0, &mut scenario),
        scenario.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = registry::ETooShortLived)]
fun the_bound_is_counted_from_the_current_epoch() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let blob = new_blob(&mut system, 1000, 10, false, true, &mut scenario);
    system.advance_epoch_for_testing();
    let _artwork = registry.register(
        &system,
        blob,
        b"x".to_string(),
        wal(0, &mut scenario),
        scenario.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = registry::EAlreadyRegistered)]
fun the_same_blob_id_cannot_be_registered_twice() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let first = new_blob(&mut system, 1000, 10, false, true, &mut scenario);
    let second = new_blob(&mut system, 1000, 12, false, true, &mut scenario);
    let artwork = registry.register(
        &system,
        first,
        b"a".to_string(),
        wal(0, &mut scenario),
        scenario.ctx(),
    );
    transfer::public_transfer(artwork, CREATOR);
    let _artwork = registry.register(
        &system,
        second,
        b"b".to_string(),
        wal(0, &mut scenario),
        scenario.ctx(),
    );
    abort
}

#[test, expected_failure(abort_code = registry::EWrongArtwork)]
fun an_artwork_cannot_extend_another_shared_blob() {
    let (mut scenario, mut system) = setup();
    let mut registry = scenario.take_shared<Registry>();
    let mine = new_blob(&mut system, 1000, 10, false, true, &mut scenario);
    let artwork = registry.register(
        &system,
        mine,
        b"mine".to_string(),
        wal(100, &mut scenario),
        scenario.ctx(),
    );
    // Another blob shared outside the registry.
    let theirs = new_blob(&mut system, 2000, 10, false, true, &mut scenario);
    let theirs_id = theirs.object_id();
    theirs.share(scenario.ctx());
    transfer::public_transfer(artwork, CREATOR);
    test_scenario::return_shared(registry);

    scenario.next_tx(CREATOR);
    let registry = scenario.take_shared<Registry>();
    let artwork = scenario.take_from_sender<Artwork>();
    let mut shared = scenario.take_shared<SharedBlob>();
    if (shared.blob().object_id() != theirs_id) {
        test_scenario::return_shared(shared);
        shared = scenario.take_shared<SharedBlob>();
    };
    assert!(shared.blob().object_id() == theirs_id);
    registry.extend(&artwork, &mut shared, &mut system, 1, scenario.ctx());
    abort
}

#[test, expected_failure(abort_code = registry::EWrongRegistry)]
fun an_artwork_from_another_registry_is_rejected() {
    let (mut scenario, mut system) = setup();
    registry::create(1, scenario.ctx());
    scenario.next_tx(CREATOR);
    let mut first = scenario.take_shared<Registry>();
    let second = scenario.take_shared<Registry>();
    let blob = new_blob(&mut system, 1000, 10, false, true, &mut scenario);
    let artwork = first.register(
        &system,
        blob,
        b"a".to_string(),
        wal(100, &mut scenario),
        scenario.ctx(),
    );
    transfer::public_transfer(artwork, CREATOR);
    scenario.next_tx(CREATOR);
    let artwork = scenario.take_from_sender<Artwork>();
    let mut shared = scenario.take_shared<SharedBlob>();
    second.extend(&artwork, &mut shared, &mut system, 1, scenario.ctx());
    abort
}
