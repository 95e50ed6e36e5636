#[test_only]
module walrus::system_tests;

use sui::event;
use walrus::{blob, encoding, events, system, system_state_inner, system_test_utils as tu};

const MIB: u64 = 1_048_576;

#[test]
fun an_empty_system_starts_at_epoch_zero_with_nothing_for_sale() {
    let ctx = &mut tx_context::dummy();
    let package_id = object::id_from_address(@0xbeef);
    let system = system::create_empty(53, package_id, ctx);
    assert!(system.epoch() == 0);
    assert!(system.total_capacity_size() == 0);
    assert!(system.used_capacity_size() == 0);
    assert!(system.n_shards() == 0);
    assert!(system.version() == 3);
    assert!(system.package_id() == package_id);
    assert!(system.storage_price_per_unit_size() == std::u64::max_value!());
    assert!(system.write_price_per_unit_size() == std::u64::max_value!());
    assert!(system.future_accounting().max_epochs_ahead() == 53);
    assert!(system.committee().n_members() == 0);
    system.destroy_for_testing();
}

#[test]
fun max_epochs_ahead_of_1000_is_allowed() {
    let ctx = &mut tx_context::dummy();
    let system = system::create_empty(1000, object::id_from_address(@0x1), ctx);
    assert!(system.future_accounting().max_epochs_ahead() == 1000);
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidMaxEpochsAhead)]
fun max_epochs_ahead_above_1000_aborts() {
    let ctx = &mut tx_context::dummy();
    let _system = system::create_empty(1001, object::id_from_address(@0x1), ctx);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidMaxEpochsAhead)]
fun max_epochs_ahead_of_zero_aborts() {
    let ctx = &mut tx_context::dummy();
    let _system = system::create_empty(0, object::id_from_address(@0x1), ctx);
    abort
}

#[test]
fun prices_are_set_by_the_package() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.set_storage_price(11);
    system.set_write_price(13);
    assert!(system.storage_price_per_unit_size() == 11);
    assert!(system.write_price_per_unit_size() == 13);
    assert!(system.n_shards() == 10);
    assert!(system.total_capacity_size() == tu::capacity());
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system::EWrongVersion)]
fun a_system_at_another_version_rejects_reads() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.set_version_for_testing(2);
    system.epoch();
    abort
}

#[test, expected_failure(abort_code = system::EWrongVersion)]
fun a_system_at_another_version_rejects_writes() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.set_version_for_testing(4);
    let mut payment = tu::wal(1000, ctx);
    let _storage = system.reserve_space(1, 1, &mut payment, ctx);
    abort
}

// === reserve_space ===

#[test]
fun reserve_space_charges_the_storage_price_per_unit_for_each_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000, ctx);
    // 1 MiB + 1 byte is 2 units: 2 * 5 = 10 FROST per epoch, 3 epochs.
    let storage = system.reserve_space(MIB + 1, 3, &mut payment, ctx);
    assert!(payment.value() == 1_000 - 30);
    assert!(storage.start_epoch() == 0 && storage.end_epoch() == 3 && storage.size() == MIB + 1);
    let accounting = system.future_accounting();
    3u32.do!(|i| {
        assert!(accounting.ring_lookup(i).rewards() == 10);
        assert!(accounting.ring_lookup(i).used_capacity() == MIB + 1);
    });
    assert!(accounting.ring_lookup(3).rewards() == 0);
    assert!(accounting.ring_lookup(3).used_capacity() == 0);
    assert!(system.used_capacity_size() == MIB + 1);
    storage.destroy();
    tu::assert_and_destroy(payment, 970);
    system.destroy_for_testing();
}

#[test]
fun storage_units_round_up_to_whole_mebibytes() {
    assert!(system_state_inner::storage_units_from_size(0) == 0);
    assert!(system_state_inner::storage_units_from_size(1) == 1);
    assert!(system_state_inner::storage_units_from_size(MIB) == 1);
    assert!(system_state_inner::storage_units_from_size(MIB + 1) == 2);
    assert!(system_state_inner::storage_units_from_size(3 * MIB) == 3);
}

#[test]
fun an_exact_payment_is_fully_spent() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(5 * 4, ctx);
    let storage = system.reserve_space(MIB, 4, &mut payment, ctx);
    tu::assert_and_destroy(payment, 0);
    storage.destroy();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = sui::balance::ENotEnough)]
fun a_payment_one_frost_short_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(5 * 4 - 1, ctx);
    let _storage = system.reserve_space(MIB, 4, &mut payment, ctx);
    abort
}

#[test]
fun reserving_for_max_epochs_ahead_is_allowed() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(1, tu::max_epochs_ahead(), &mut payment, ctx);
    assert!(storage.end_epoch() == tu::max_epochs_ahead());
    assert!(payment.value() == 1_000_000 - 5 * (tu::max_epochs_ahead() as u64));
    storage.destroy();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidEpochsAhead)]
fun reserving_one_epoch_beyond_max_epochs_ahead_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let _storage = system.reserve_space(1, tu::max_epochs_ahead() + 1, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidEpochsAhead)]
fun reserving_for_zero_epochs_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let _storage = system.reserve_space(1, 0, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidResourceSize)]
fun reserving_zero_bytes_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let _storage = system.reserve_space(0, 1, &mut payment, ctx);
    abort
}

#[test]
fun reserving_exactly_the_capacity_is_allowed() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 1_000, 10, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let first = system.reserve_space(600, 2, &mut payment, ctx);
    let second = system.reserve_space(400, 2, &mut payment, ctx);
    assert!(system.used_capacity_size() == 1_000);
    first.destroy();
    second.destroy();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system_state_inner::EStorageExceeded)]
fun reserving_one_byte_over_the_capacity_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 1_000, 10, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let _first = system.reserve_space(600, 2, &mut payment, ctx);
    let _second = system.reserve_space(401, 2, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EStorageExceeded)]
fun capacity_is_checked_in_every_future_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 1_000, 10, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    // Epochs 5..7 are full; a reservation for 0..6 overlaps them only at its end.
    let _late = system.reserve_space_for_epochs(1_000, 5, 7, &mut payment, ctx);
    let _overlapping = system.reserve_space(1, 6, &mut payment, ctx);
    abort
}

#[test]
fun reserve_space_for_epochs_in_the_future_charges_only_those_epochs() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000, ctx);
    let storage = system.reserve_space_for_epochs(MIB, 3, 5, &mut payment, ctx);
    assert!(storage.start_epoch() == 3 && storage.end_epoch() == 5);
    assert!(payment.value() == 1_000 - 10);
    let accounting = system.future_accounting();
    assert!(accounting.ring_lookup(2).rewards() == 0);
    assert!(accounting.ring_lookup(3).rewards() == 5 && accounting.ring_lookup(4).rewards() == 5);
    assert!(accounting.ring_lookup(3).used_capacity() == MIB);
    assert!(accounting.ring_lookup(5).rewards() == 0);
    // Nothing was sold for the current epoch.
    assert!(system.used_capacity_size() == 0);
    storage.destroy();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test]
fun a_start_epoch_in_the_past_is_moved_to_the_current_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    tu::advance_epoch(&mut system);
    tu::advance_epoch(&mut system);
    let mut payment = tu::wal(1_000, ctx);
    let storage = system.reserve_space_for_epochs(MIB, 0, 5, &mut payment, ctx);
    assert!(storage.start_epoch() == 2 && storage.end_epoch() == 5);
    // Charged for epochs 2, 3 and 4 only.
    assert!(payment.value() == 1_000 - 15);
    storage.destroy();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidStartEpoch)]
fun reserve_space_for_an_empty_period_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000, ctx);
    let _storage = system.reserve_space_for_epochs(MIB, 4, 4, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidStartEpoch)]
fun reserve_space_for_a_period_already_over_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    tu::advance_epoch(&mut system);
    tu::advance_epoch(&mut system);
    let mut payment = tu::wal(1_000, ctx);
    let _storage = system.reserve_space_for_epochs(MIB, 0, 2, &mut payment, ctx);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidEpochsAhead)]
fun reserve_space_for_epochs_ending_too_far_ahead_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let end = tu::max_epochs_ahead() + 1;
    let _storage = system.reserve_space_for_epochs(MIB, end - 1, end, &mut payment, ctx);
    abort
}

#[test, expected_failure(arithmetic_error, location = walrus::system_state_inner)]
fun a_per_epoch_price_above_u64_max_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.set_storage_price(std::u64::max_value!() / 2 + 1);
    let mut payment = tu::wal(1, ctx);
    // 2 units at more than half of u64::MAX each does not fit a u64.
    let _storage = system.reserve_space(2 * MIB, 1, &mut payment, ctx);
    abort
}

#[test]
fun the_largest_price_that_fits_is_charged_exactly() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let price = std::u64::max_value!() / 2;
    system.set_storage_price(price);
    let mut payment = tu::wal(std::u64::max_value!(), ctx);
    let storage = system.reserve_space(2 * MIB, 1, &mut payment, ctx);
    assert!(payment.value() == std::u64::max_value!() - 2 * price);
    storage.destroy();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

// === register_blob ===

#[test]
fun register_blob_charges_the_write_fee_into_the_current_epoch_and_emits_an_event() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let size = 1000;
    let encoded = encoding::encoded_blob_length(size, 1, 10);
    assert!(encoded == 10 * (11 * 36 + 672));
    let mut payment = tu::wal(1_000, ctx);
    let storage = system.reserve_space(encoded, 2, &mut payment, ctx);
    assert!(payment.value() == 990);
    let blob_id = tu::default_blob_id(size);
    let blob = system.register_blob(storage, blob_id, 0xabc, size, 1, true, &mut payment, ctx);
    // Write fee: 1 unit * 3 FROST.
    assert!(payment.value() == 987);
    assert!(system.future_accounting().ring_lookup(0).rewards() == 5 + 3);
    assert!(system.future_accounting().ring_lookup(1).rewards() == 5);

    assert!(blob.blob_id() == blob_id);
    assert!(blob.size() == size);
    assert!(blob.encoding_type() == 1);
    assert!(blob.registered_epoch() == 0);
    assert!(blob.certified_epoch().is_none());
    assert!(blob.is_deletable());
    assert!(blob.end_epoch() == 2);
    assert!(blob.storage().size() == encoded);
    assert!(blob.encoded_size(10) == encoded);

    let registered = event::events_by_type<events::BlobRegistered>();
    assert!(registered.length() == 1);
    assert!(
        registered[0] == events::blob_registered_for_testing(0, blob_id, size, 1, 2, true, blob.object_id()),
    );
    blob.burn();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test]
fun the_write_fee_uses_the_encoded_size() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    // 1 MiB over 10 shards: symbols of 37,450 bytes, 10 * (11 * 37,450 + 672) = 4,126,220 encoded bytes,
    // which is 4 units (the unencoded size would be 1).
    let size = MIB;
    let encoded = encoding::encoded_blob_length(size, 1, 10);
    assert!(encoded == 4_126_220);
    let units = system_state_inner::storage_units_from_size(encoded);
    assert!(units == 4);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(encoded, 1, &mut payment, ctx);
    let before = payment.value();
    let blob = system.register_blob(
        storage,
        tu::default_blob_id(size),
        0xabc,
        size,
        1,
        false,
        &mut payment,
        ctx,
    );
    assert!(before - payment.value() == 3 * units);
    blob.burn();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test]
fun storage_exactly_the_encoded_size_is_enough() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let blob = tu::register_default_blob(&mut system, 12345, 1, false, ctx);
    assert!(blob.storage().size() == blob.encoded_size(10));
    blob.burn();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = blob::EResourceSize)]
fun storage_one_byte_smaller_than_the_encoded_size_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let size = 12345;
    let encoded = encoding::encoded_blob_length(size, 1, 10);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(encoded - 1, 1, &mut payment, ctx);
    let _blob = system.register_blob(
        storage,
        tu::default_blob_id(size),
        0xabc,
        size,
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = blob::EInvalidBlobId)]
fun a_blob_id_not_derived_from_the_metadata_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(1_000_000, 1, &mut payment, ctx);
    // The ID of a 1000-byte blob claimed for a 1001-byte one.
    let _blob = system.register_blob(
        storage,
        tu::default_blob_id(1000),
        0xabc,
        1001,
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = blob::EResourceBounds)]
fun registering_on_storage_that_starts_later_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space_for_epochs(1_000_000, 1, 3, &mut payment, ctx);
    let _blob = system.register_blob(
        storage,
        tu::default_blob_id(10),
        0xabc,
        10,
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = encoding::EInvalidEncodingType)]
fun an_unsupported_encoding_type_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(1_000_000, 1, &mut payment, ctx);
    let blob_id = blob::derive_blob_id(0xabc, 2, 10);
    let _blob = system.register_blob(storage, blob_id, 0xabc, 10, 2, false, &mut payment, ctx);
    abort
}

#[test]
fun derive_blob_id_hashes_the_bcs_of_encoding_size_and_root() {
    // Blake2b-256 of 01 ‖ e803000000000000 ‖ bc0a00..00, read little endian (computed off-chain).
    assert!(
        blob::derive_blob_id(0xabc, 1, 1000) ==
            0x5171749c2cdef9d2c5ea92ce6223c6d6bea750f4d86ec79098eb1ea3ed6b0d20,
    );
}

#[test]
fun the_test_system_for_dependent_packages_is_configured_as_asked() {
    let ctx = &mut tx_context::dummy();
    let mut system = system::new_for_testing(vector[3, 4], 5_000, 7, 2, 20, ctx);
    assert!(system.n_shards() == 7 && system.committee().n_members() == 2);
    assert!(system.total_capacity_size() == 5_000);
    assert!(system.storage_price_per_unit_size() == 7 && system.write_price_per_unit_size() == 2);
    assert!(system.future_accounting().max_epochs_ahead() == 20);
    system.advance_epoch_for_testing();
    assert!(system.epoch() == 1 && system.n_shards() == 7 && system.total_capacity_size() == 5_000);
    system.destroy_for_testing();
}

#[test]
fun an_older_system_migrates_to_the_authorized_package() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.downgrade_for_testing(2);
    let new_package = object::id_from_address(@0x2);
    system.set_new_package_id(new_package);
    system.migrate();
    assert!(system.version() == 3);
    assert!(system.package_id() == new_package);
    // The state survived the move.
    assert!(system.n_shards() == 10 && system.total_capacity_size() == tu::capacity());
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system::EInvalidMigration)]
fun migrating_a_current_system_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.set_new_package_id(object::id_from_address(@0x2));
    system.migrate();
    abort
}

#[test, expected_failure(abort_code = system::EInvalidMigration)]
fun migrating_without_an_authorized_package_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.downgrade_for_testing(2);
    system.migrate();
    abort
}

#[test, expected_failure(abort_code = sui::balance::ENotEnough)]
fun a_write_payment_one_frost_short_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(1_000_000, 1, &mut payment, ctx);
    // The write fee is 1 unit * 3 FROST.
    let mut write_payment = tu::wal(2, ctx);
    let _blob = system.register_blob(
        storage,
        tu::default_blob_id(10),
        0xabc,
        10,
        1,
        false,
        &mut write_payment,
        ctx,
    );
    abort
}

#[test, expected_failure(abort_code = blob::EResourceBounds)]
fun registering_on_storage_that_already_ended_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let storage = system.reserve_space(1_000_000, 1, &mut payment, ctx);
    tu::advance_epoch(&mut system);
    let _blob = system.register_blob(
        storage,
        tu::default_blob_id(10),
        0xabc,
        10,
        1,
        false,
        &mut payment,
        ctx,
    );
    abort
}
