#[test_only]
module walrus::events_tests;

use sui::bcs;
use walrus::{event_blob, events};

#[test]
fun blob_registered_serializes_its_fields_in_protocol_order() {
    let object_id = object::id_from_address(
        @0x0101010101010101010101010101010101010101010101010101010101010101,
    );
    let event = events::blob_registered_for_testing(7, 0x02, 1000, 1, 9, true, object_id);
    let mut expected = x"07000000";
    expected.append(bcs::to_bytes(&0x02u256));
    expected.append(x"e803000000000000");
    expected.append(x"01");
    expected.append(x"09000000");
    expected.append(x"01");
    expected.append(bcs::to_bytes(&object_id));
    assert!(bcs::to_bytes(&event) == expected);
    assert!(expected.length() == 4 + 32 + 8 + 1 + 4 + 1 + 32);
}

#[test]
fun blob_certified_and_deleted_serialize_their_fields_in_protocol_order() {
    let object_id = object::id_from_address(@0x3);
    let certified = events::blob_certified_for_testing(2, 0x05, 8, false, object_id, true);
    let mut expected = x"02000000";
    expected.append(bcs::to_bytes(&0x05u256));
    expected.append(x"08000000");
    expected.append(x"00");
    expected.append(bcs::to_bytes(&object_id));
    expected.append(x"01");
    assert!(bcs::to_bytes(&certified) == expected);

    let deleted = events::blob_deleted_for_testing(2, 0x05, 8, object_id, false);
    let mut expected = x"02000000";
    expected.append(bcs::to_bytes(&0x05u256));
    expected.append(x"08000000");
    expected.append(bcs::to_bytes(&object_id));
    expected.append(x"00");
    assert!(bcs::to_bytes(&deleted) == expected);

    let invalid = events::invalid_blob_id_for_testing(2, 0x05);
    let mut expected = x"02000000";
    expected.append(bcs::to_bytes(&0x05u256));
    assert!(bcs::to_bytes(&invalid) == expected);
}

#[test]
fun every_emitter_emits_one_event() {
    let id = object::id_from_address(@0x9);
    events::emit_epoch_change_start(1);
    events::emit_epoch_change_done(1);
    events::emit_shards_received(1, vector[0, 1]);
    events::emit_epoch_parameters_selected(2);
    events::emit_shard_recovery_start(1, vector[3]);
    events::emit_contract_upgraded(1, id, 2);
    events::emit_register_deny_list_update(1, 0x1, 1, id);
    events::emit_deny_list_update(1, 0x1, 1, id);
    events::emit_deny_listed_blob_deleted(1, 0x1);
    events::emit_contract_upgrade_proposed(1, vector[1]);
    events::emit_contract_upgrade_quorum_reached(1, vector[1]);
    events::emit_protocol_version(1, 2, 3);
    events::emit_prices_updated(1, 2, 3);
    events::emit_storage_pool_created(1, id, 100, 1, 5);
    events::emit_pooled_blob_registered(1, 0x1, 10, 1, true, id, id);
    events::emit_pooled_blob_certified(1, 0x1, true, id, id);
    events::emit_pooled_blob_deleted(1, 0x1, id, true, id);
    events::emit_storage_pool_extended(1, id, 9);
    events::emit_blob_registered(1, 0x1, 10, 1, 5, false, id);
    events::emit_blob_certified(1, 0x1, 5, false, id, false);
    events::emit_blob_deleted(1, 0x1, 5, id, false);
    events::emit_invalid_blob_id(1, 0x1);
    assert!(sui::event::num_events() == 22);
}

#[test]
fun event_blob_values_expose_their_fields() {
    let blob = event_blob::new_event_blob(0xabc, 42);
    assert!(blob.blob_id() == 0xabc && blob.ending_checkpoint_sequence_number() == 42);
    let attestation = event_blob::new_attestation(42, 3);
    assert!(attestation.last_attested_event_blob_checkpoint_seq_num() == 42);
    assert!(attestation.last_attested_event_blob_epoch() == 3);
    let mut state = event_blob::create_with_empty_state();
    state.add_weight_for_testing(blob, 4);
    state.reset();
    assert!(state.pending_blob_count() == 0 && state.latest_certified_blob().is_none());
    std::unit_test::destroy(state);
}
