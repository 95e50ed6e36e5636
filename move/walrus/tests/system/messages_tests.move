#[test_only]
module walrus::messages_tests;

use sui::bcs;
use walrus::messages;

#[test]
fun a_header_is_parsed_and_the_body_kept() {
    let bytes = messages::permanent_blob_message_for_testing(7, 0x1234);
    let msg = messages::new_certified_message(bytes, 7, 9);
    assert!(msg.intent_type() == 1);
    assert!(msg.intent_version() == 0);
    assert!(msg.cert_epoch() == 7);
    assert!(msg.stake_support() == 9);
    assert!(msg.message().length() == 33);
}

#[test]
fun a_permanent_blob_certification_is_decoded() {
    let bytes = messages::permanent_blob_message_for_testing(3, 0xbeef);
    let blob_msg = messages::certify_blob_message(messages::new_certified_message(bytes, 3, 1));
    assert!(blob_msg.certified_blob_id() == 0xbeef);
    assert!(!blob_msg.blob_persistence_type().is_deletable());
}

#[test]
fun a_deletable_blob_certification_names_the_object() {
    let object_id = object::id_from_address(@0x42);
    let bytes = messages::deletable_blob_message_for_testing(3, 0xbeef, object_id);
    let blob_msg = messages::certify_blob_message(messages::new_certified_message(bytes, 3, 1));
    let persistence = blob_msg.blob_persistence_type();
    assert!(persistence.is_deletable());
    assert!(persistence.object_id() == object_id);
}

#[test]
fun trailing_bytes_after_a_blob_certification_are_ignored() {
    let mut bytes = messages::permanent_blob_message_for_testing(3, 0xbeef);
    bytes.append(x"deadbeef");
    let blob_msg = messages::certify_blob_message(messages::new_certified_message(bytes, 3, 1));
    assert!(blob_msg.certified_blob_id() == 0xbeef);
}

#[test, expected_failure(abort_code = messages::ENotDeletable)]
fun the_object_id_of_a_permanent_certification_aborts() {
    let bytes = messages::permanent_blob_message_for_testing(3, 0xbeef);
    let blob_msg = messages::certify_blob_message(messages::new_certified_message(bytes, 3, 1));
    blob_msg.blob_persistence_type().object_id();
}

#[test, expected_failure(abort_code = messages::EInvalidBlobPersistenceType)]
fun an_unknown_persistence_byte_aborts() {
    let mut bytes = messages::header_for_testing(1, 3);
    bytes.append(bcs::to_bytes(&0xbeefu256));
    bytes.push_back(2);
    messages::certify_blob_message(messages::new_certified_message(bytes, 3, 1));
}

#[test, expected_failure(abort_code = messages::EIncorrectIntentVersion)]
fun a_nonzero_intent_version_aborts() {
    let mut bytes = messages::permanent_blob_message_for_testing(3, 1);
    *&mut bytes[1] = 1;
    messages::new_certified_message(bytes, 3, 1);
}

#[test, expected_failure(abort_code = messages::EIncorrectAppId)]
fun another_app_id_aborts() {
    let mut bytes = messages::permanent_blob_message_for_testing(3, 1);
    *&mut bytes[2] = 2;
    messages::new_certified_message(bytes, 3, 1);
}

#[test, expected_failure(abort_code = messages::EIncorrectEpoch)]
fun a_header_epoch_other_than_the_committee_epoch_aborts() {
    let bytes = messages::permanent_blob_message_for_testing(4, 1);
    messages::new_certified_message(bytes, 3, 1);
}

#[test, expected_failure(abort_code = messages::EInvalidMsgType)]
fun reading_an_invalid_blob_id_message_as_a_certification_aborts() {
    let bytes = messages::invalid_blob_id_message_for_testing(3, 1);
    messages::certify_blob_message(messages::new_certified_message(bytes, 3, 1));
}

#[test]
fun an_invalid_blob_id_message_is_decoded() {
    let bytes = messages::invalid_blob_id_message_for_testing(3, 0xfeed);
    let msg = messages::invalid_blob_id_message(messages::new_certified_message(bytes, 3, 1));
    assert!(msg.invalid_blob_id() == 0xfeed);
}

#[test]
fun deny_list_and_protocol_version_messages_are_decoded() {
    let node = object::id_from_address(@0x77);
    let bytes = messages::deny_list_update_message_for_testing(2, node, 5, 1000, 0xaa);
    let update = messages::deny_list_update_message(messages::new_certified_message(bytes, 2, 1));
    assert!(update.storage_node_id() == node);
    assert!(update.deny_list_sequence_number() == 5);
    assert!(update.deny_list_size() == 1000);
    assert!(update.deny_list_root() == 0xaa);

    let bytes = messages::deny_list_blob_deleted_message_for_testing(2, 0xbb);
    let deleted = messages::deny_list_blob_deleted_message(
        messages::new_certified_message(bytes, 2, 1),
    );
    assert!(deleted.deny_listed_blob_id() == 0xbb);

    let bytes = messages::protocol_version_message_for_testing(2, 9, 12);
    let version = messages::protocol_version_message(messages::new_certified_message(bytes, 2, 1));
    assert!(version.protocol_version_start_epoch() == 9);
    assert!(version.protocol_version() == 12);
}

#[test, expected_failure(abort_code = messages::EInvalidMsgType)]
fun reading_a_certification_as_a_deny_list_update_aborts() {
    let bytes = messages::permanent_blob_message_for_testing(3, 1);
    messages::deny_list_update_message(messages::new_certified_message(bytes, 3, 1));
}

#[test]
fun the_proof_of_possession_message_is_the_bcs_header_address_and_raw_key() {
    let key = walrus::system_test_utils::bls_public_key(0);
    let msg = messages::new_proof_of_possession_msg(5, @0xa11ce, key);
    let bytes = msg.to_bcs();
    // 3 intent bytes, 4 epoch bytes, 32 address bytes, 48 key bytes.
    assert!(bytes.length() == 3 + 4 + 32 + 48);
    let mut expected = x"000003";
    expected.append(x"05000000");
    expected.append(bcs::to_bytes(&@0xa11ce));
    expected.append(key);
    assert!(bytes == expected);
}

#[test]
fun a_proof_of_possession_is_checked_with_the_bls_verifier() {
    // The test VM's BLS verifier accepts any signature, so this only shows the call path; the rejection of a
    // wrong signature is proven off-chain against the same message bytes.
    let key = walrus::system_test_utils::bls_public_key(1);
    assert!(
        messages::verify_proof_of_possession_for(
            5,
            @0xa11ce,
            key,
            vector::tabulate!(96, |i| i as u8),
        ),
    );
}

#[test, expected_failure(abort_code = messages::EInvalidKeyLength)]
fun a_proof_of_possession_for_a_short_key_aborts() {
    messages::new_proof_of_possession_msg(5, @0xa11ce, vector::tabulate!(47, |i| i as u8));
}
