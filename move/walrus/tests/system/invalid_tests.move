#[test_only]
module walrus::invalid_tests;

use sui::event;
use walrus::{bls_aggregate, events, messages, system_test_utils as tu};

#[test]
fun invalidating_a_blob_id_returns_it_and_emits_an_event() {
    let ctx = &mut tx_context::dummy();
    let system = tu::new_system(ctx);
    let message = messages::invalid_blob_id_message_for_testing(0, 0xbad);
    // Member 3 alone holds 4 of 10 shards: enough for one correct node (3 * 4 >= 11).
    let blob_id = system.invalidate_blob_id(tu::signature(), vector[0x08], message);
    assert!(blob_id == 0xbad);
    let emitted = event::events_by_type<events::InvalidBlobID>();
    assert!(emitted == vector[events::invalid_blob_id_for_testing(0, 0xbad)]);
    system.destroy_for_testing();
}

#[test]
fun invalidation_keeps_existing_blobs_untouched() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    let mut blob = tu::register_default_blob(&mut system, 1000, 2, false, ctx);
    let message = messages::invalid_blob_id_message_for_testing(0, blob.blob_id());
    system.invalidate_blob_id(tu::signature(), vector[0x0f], message);
    tu::certify(&system, &mut blob);
    assert!(blob.certified_epoch().is_some());
    blob.burn();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = bls_aggregate::ENotEnoughStake)]
fun invalidating_with_less_than_one_correct_node_aborts() {
    let ctx = &mut tx_context::dummy();
    let system = tu::new_system(ctx);
    let message = messages::invalid_blob_id_message_for_testing(0, 0xbad);
    // Member 2 alone holds 3 shards: 3 * 3 < 11.
    system.invalidate_blob_id(tu::signature(), vector[0x04], message);
    abort
}

#[test, expected_failure(abort_code = bls_aggregate::EIncorrectCommittee)]
fun invalidating_with_a_message_of_another_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let system = tu::new_system(ctx);
    let message = messages::invalid_blob_id_message_for_testing(1, 0xbad);
    system.invalidate_blob_id(tu::signature(), vector[0x0f], message);
    abort
}

#[test, expected_failure(abort_code = messages::EInvalidMsgType)]
fun invalidating_with_a_certification_message_aborts() {
    let ctx = &mut tx_context::dummy();
    let system = tu::new_system(ctx);
    let message = messages::permanent_blob_message_for_testing(0, 0xbad);
    system.invalidate_blob_id(tu::signature(), vector[0x0f], message);
    abort
}
