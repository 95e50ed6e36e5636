#[test_only]
module walrus::blob_tests;

use sui::{bcs, event};
use walrus::{
    blob,
    bls_aggregate,
    events,
    messages,
    storage_resource,
    system_state_inner,
    system_test_utils as tu
};

// === certify ===

#[test]
fun certifying_a_permanent_blob_sets_the_epoch_and_emits_an_event() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    tu::certify(&system, &mut blob);
    assert!(blob.certified_epoch() == option::some(0));
    let certified = event::events_by_type<events::BlobCertified>();
    assert!(certified.length() == 1);
    assert!(
        certified[0] == events::blob_certified_for_testing(0, blob.blob_id(), 3, false, blob.object_id(), false),
    );
    blob.burn();
    system.destroy_for_testing();
}

#[test]
fun certifying_a_deletable_blob_checks_its_object_id() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, true, ctx);
    tu::certify(&system, &mut blob);
    assert!(blob.certified_epoch() == option::some(0));
    blob.burn();
    system.destroy_for_testing();
}

#[test]
fun a_blob_is_certified_in_the_epoch_of_the_certificate() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 5, false, ctx);
    tu::advance_epoch(&mut system);
    tu::advance_epoch(&mut system);
    tu::certify(&system, &mut blob);
    assert!(blob.certified_epoch() == option::some(2));
    assert!(blob.registered_epoch() == 0);
    blob.burn();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = blob::EInvalidBlobId)]
fun a_certificate_for_another_blob_id_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let message = messages::permanent_blob_message_for_testing(0, blob.blob_id() + 1);
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = blob::EAlreadyCertified)]
fun certifying_twice_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    tu::certify(&system, &mut blob);
    tu::certify(&system, &mut blob);
    abort
}

#[test, expected_failure(abort_code = blob::EResourceBounds)]
fun certifying_an_expired_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 1, false, ctx);
    tu::advance_epoch(&mut system);
    tu::certify(&system, &mut blob);
    abort
}

#[test, expected_failure(abort_code = blob::EInvalidBlobPersistenceType)]
fun a_deletable_certificate_for_a_permanent_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let message = messages::deletable_blob_message_for_testing(0, blob.blob_id(), blob.object_id());
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = blob::EInvalidBlobPersistenceType)]
fun a_permanent_certificate_for_a_deletable_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, true, ctx);
    let message = messages::permanent_blob_message_for_testing(0, blob.blob_id());
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = blob::EInvalidBlobObject)]
fun a_deletable_certificate_for_another_object_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, true, ctx);
    let other = object::id_from_address(@0xdead);
    let message = messages::deletable_blob_message_for_testing(0, blob.blob_id(), other);
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = messages::EInvalidMsgType)]
fun certifying_with_an_invalid_blob_id_message_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let message = messages::invalid_blob_id_message_for_testing(0, blob.blob_id());
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = bls_aggregate::ENotEnoughStake)]
fun certifying_without_a_quorum_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let message = tu::certification_message(&blob, 0);
    // Members 1 and 3: 6 of 10 shards, below the quorum of 7.
    system.certify_blob(&mut blob, tu::signature(), vector[0x0a], message);
    abort
}

#[test, expected_failure(abort_code = bls_aggregate::EIncorrectCommittee)]
fun a_certificate_from_a_past_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let message = tu::certification_message(&blob, 0);
    tu::advance_epoch(&mut system);
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = sui::bcs::EOutOfRange)]
fun a_certificate_with_a_truncated_body_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let mut message = messages::header_for_testing(1, 0);
    message.append(x"0102030405");
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = blob::EInvalidBlobId)]
fun the_blob_id_is_checked_before_the_certified_state() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    tu::certify(&system, &mut blob);
    let message = messages::permanent_blob_message_for_testing(0, blob.blob_id() + 1);
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = blob::EAlreadyCertified)]
fun the_certified_state_is_checked_before_the_persistence_type() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    tu::certify(&system, &mut blob);
    let message = messages::deletable_blob_message_for_testing(0, blob.blob_id(), blob.object_id());
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test, expected_failure(abort_code = blob::EResourceBounds)]
fun expiry_is_checked_before_the_persistence_type() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 1, false, ctx);
    tu::advance_epoch(&mut system);
    let message = messages::deletable_blob_message_for_testing(1, blob.blob_id(), blob.object_id());
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    abort
}

#[test]
fun a_certificate_with_trailing_bytes_is_accepted() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    let mut message = tu::certification_message(&blob, 0);
    message.append(bcs::to_bytes(&12345u64));
    system.certify_blob(&mut blob, tu::signature(), tu::all_signers(4), message);
    assert!(blob.certified_epoch().is_some());
    blob.burn();
    system.destroy_for_testing();
}

// === extend_blob ===

#[test]
fun extend_blob_pays_for_the_added_epochs_and_emits_an_extension() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 2, false, ctx);
    let size = blob.storage().size();
    let used_before = system.future_accounting().ring_lookup(2).used_capacity();
    let mut payment = tu::wal(100, ctx);
    system.extend_blob(&mut blob, 3, &mut payment);
    // 1 unit * 5 FROST for epochs 2, 3 and 4.
    assert!(payment.value() == 85);
    assert!(blob.end_epoch() == 5);
    let accounting = system.future_accounting();
    assert!(accounting.ring_lookup(2).used_capacity() == used_before + size);
    assert!(accounting.ring_lookup(4).used_capacity() == size);
    assert!(accounting.ring_lookup(4).rewards() == 5);
    assert!(accounting.ring_lookup(5).rewards() == 0);
    let certified = event::events_by_type<events::BlobCertified>();
    assert!(certified.length() == 2);
    assert!(
        certified[1] == events::blob_certified_for_testing(0, blob.blob_id(), 5, false, blob.object_id(), true),
    );
    payment.burn_for_testing();
    blob.burn();
    system.destroy_for_testing();
}

#[test]
fun an_extension_event_reports_the_first_certified_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 4, false, ctx);
    tu::advance_epoch(&mut system);
    let mut payment = tu::wal(100, ctx);
    system.extend_blob(&mut blob, 1, &mut payment);
    let certified = event::events_by_type<events::BlobCertified>();
    assert!(
        certified[1] == events::blob_certified_for_testing(0, blob.blob_id(), 5, false, blob.object_id(), true),
    );
    payment.burn_for_testing();
    blob.burn();
    system.destroy_for_testing();
}

#[test]
fun extending_up_to_max_epochs_ahead_is_allowed() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 4, false, ctx);
    tu::advance_epoch(&mut system);
    let mut payment = tu::wal(1_000_000, ctx);
    // At epoch 1 the blob ends at 4: 3 epochs left, so at most max - 3 more.
    system.extend_blob(&mut blob, tu::max_epochs_ahead() - 3, &mut payment);
    assert!(blob.end_epoch() == 1 + tu::max_epochs_ahead());
    payment.burn_for_testing();
    blob.burn();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidEpochsAhead)]
fun extending_one_epoch_beyond_max_epochs_ahead_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 4, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    system.extend_blob(&mut blob, tu::max_epochs_ahead() - 3, &mut payment);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidEpochsAhead)]
fun extending_by_zero_epochs_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 4, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    system.extend_blob(&mut blob, 0, &mut payment);
    abort
}

#[test, expected_failure(abort_code = blob::ENotCertified)]
fun extending_an_uncertified_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 4, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    system.extend_blob(&mut blob, 1, &mut payment);
    abort
}

#[test, expected_failure(abort_code = blob::EResourceBounds)]
fun extending_an_expired_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 1, false, ctx);
    tu::advance_epoch(&mut system);
    let mut payment = tu::wal(1_000_000, ctx);
    system.extend_blob(&mut blob, 1, &mut payment);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EStorageExceeded)]
fun extending_into_a_full_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 20_000, 10, ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 2, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    // Fill epoch 2 completely.
    let filler = system.reserve_space_for_epochs(20_000, 2, 3, &mut payment, ctx);
    system.extend_blob(&mut blob, 1, &mut payment);
    filler.destroy();
    abort
}

// === extend_blob_with_resource ===

#[test]
fun extending_with_a_resource_fuses_the_periods() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 2, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let extension = system.reserve_space_for_epochs(blob.storage().size(), 2, 6, &mut payment, ctx);
    system.extend_blob_with_resource(&mut blob, extension);
    assert!(blob.end_epoch() == 6 && blob.storage().start_epoch() == 0);
    let certified = event::events_by_type<events::BlobCertified>();
    assert!(
        certified[1] == events::blob_certified_for_testing(0, blob.blob_id(), 6, false, blob.object_id(), true),
    );
    payment.burn_for_testing();
    blob.burn();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = storage_resource::EIncompatibleEpochs)]
fun an_extension_with_a_gap_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 2, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let extension = system.reserve_space_for_epochs(blob.storage().size(), 3, 6, &mut payment, ctx);
    system.extend_blob_with_resource(&mut blob, extension);
    abort
}

#[test, expected_failure(abort_code = storage_resource::EIncompatibleAmount)]
fun an_extension_of_another_size_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 2, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let extension = system.reserve_space_for_epochs(
        blob.storage().size() + 1,
        2,
        6,
        &mut payment,
        ctx,
    );
    system.extend_blob_with_resource(&mut blob, extension);
    abort
}

#[test, expected_failure(abort_code = blob::EResourceBounds)]
fun an_extension_ending_before_the_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::certified_blob(&mut system, 1000, 5, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    // Adjacent at the start of the blob's period, so it would not make the blob live longer.
    let extension = system.reserve_space_for_epochs(blob.storage().size(), 0, 1, &mut payment, ctx);
    system.extend_blob_with_resource(&mut blob, extension);
    abort
}

#[test, expected_failure(abort_code = blob::ENotCertified)]
fun extending_an_uncertified_blob_with_a_resource_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 2, false, ctx);
    let mut payment = tu::wal(1_000_000, ctx);
    let extension = system.reserve_space_for_epochs(blob.storage().size(), 2, 6, &mut payment, ctx);
    system.extend_blob_with_resource(&mut blob, extension);
    abort
}

// === delete and burn ===

#[test]
fun deleting_a_certified_deletable_blob_returns_its_storage() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let blob = tu::certified_blob(&mut system, 1000, 3, true, ctx);
    let (blob_id, object_id, size) = (blob.blob_id(), blob.object_id(), blob.storage().size());
    let used = system.used_capacity_size();
    let storage = system.delete_blob(blob);
    assert!(storage.start_epoch() == 0 && storage.end_epoch() == 3 && storage.size() == size);
    // Deleting gives no capacity back to the system.
    assert!(system.used_capacity_size() == used);
    let deleted = event::events_by_type<events::BlobDeleted>();
    assert!(deleted == vector[events::blob_deleted_for_testing(0, blob_id, 3, object_id, true)]);
    storage.destroy();
    system.destroy_for_testing();
}

#[test]
fun an_uncertified_deletable_blob_can_be_deleted_and_its_storage_reused() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 3, true, ctx);
    blob.insert_or_update_metadata_pair(b"k".to_string(), b"v".to_string());
    let (blob_id, object_id) = (blob.blob_id(), blob.object_id());
    let storage = system.delete_blob(blob);
    let deleted = event::events_by_type<events::BlobDeleted>();
    assert!(deleted == vector[events::blob_deleted_for_testing(0, blob_id, 3, object_id, false)]);
    let mut payment = tu::wal(1_000, ctx);
    let again = system.register_blob(storage, blob_id, 0xabc, 1000, 1, false, &mut payment, ctx);
    assert!(again.end_epoch() == 3);
    again.burn();
    payment.burn_for_testing();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = blob::EBlobNotDeletable)]
fun deleting_a_permanent_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let blob = tu::certified_blob(&mut system, 1000, 3, false, ctx);
    let _storage = system.delete_blob(blob);
    abort
}

#[test, expected_failure(abort_code = blob::EResourceBounds)]
fun deleting_an_expired_blob_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let blob = tu::certified_blob(&mut system, 1000, 1, true, ctx);
    tu::advance_epoch(&mut system);
    let _storage = system.delete_blob(blob);
    abort
}

#[test]
fun an_expired_blob_can_still_be_burned() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let blob = tu::certified_blob(&mut system, 1000, 1, false, ctx);
    tu::advance_epoch(&mut system);
    tu::advance_epoch(&mut system);
    blob.burn();
    assert!(event::events_by_type<events::BlobDeleted>().is_empty());
    system.destroy_for_testing();
}

#[test]
fun the_encoded_size_depends_on_the_shard_count() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let blob = tu::register_default_blob(&mut system, 1, 1, false, ctx);
    assert!(blob.encoded_size(10) == 10 * (2 * (4 + 7) + 10 * 2 * 32 + 32));
    assert!(blob.encoded_size(1000) == 1000 * (2 * (334 + 667) + 1000 * 64 + 32));
    blob.burn();
    system.destroy_for_testing();
}
