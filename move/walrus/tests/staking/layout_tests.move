#[test_only]
/// BCS layouts of the staking objects that off-chain readers decode (field order and types must match the
/// protocol's).
module walrus::layout_tests;

use sui::{balance, bcs};
use wal::wal::WAL;
use walrus::{auth, node_metadata, pool_exchange_rate, staked_wal, storage_node};

#[test]
fun staked_wal_serializes_as_id_state_node_principal_activation() {
    let ctx = &mut tx_context::dummy();
    let node = object::id_from_address(@0x42);
    let mut sw = staked_wal::mint_for_testing(
        node,
        balance::create_for_testing<WAL>(7_000_000_000),
        9,
        ctx,
    );
    let mut expected = bcs::to_bytes(&object::id(&sw));
    expected.push_back(0); // Staked
    expected.append(bcs::to_bytes(&node));
    expected.append(bcs::to_bytes(&7_000_000_000u64));
    expected.append(bcs::to_bytes(&9u32));
    assert!(bcs::to_bytes(&sw) == expected);

    sw.set_withdrawing_for_testing(11);
    let mut expected = bcs::to_bytes(&object::id(&sw));
    expected.push_back(1); // Withdrawing { withdraw_epoch }
    expected.append(bcs::to_bytes(&11u32));
    expected.append(bcs::to_bytes(&node));
    expected.append(bcs::to_bytes(&7_000_000_000u64));
    expected.append(bcs::to_bytes(&9u32));
    assert!(bcs::to_bytes(&sw) == expected);
    staked_wal::into_balance_for_testing(sw).destroy_for_testing();
}

#[test]
fun storage_node_cap_serializes_in_protocol_field_order() {
    let ctx = &mut tx_context::dummy();
    let node = object::id_from_address(@0x42);
    let mut cap = storage_node::new_cap_for_testing(node, ctx);
    cap.set_last_epoch_sync_done(3);
    cap.set_deny_list_properties(5, 6, 7);
    let mut expected = bcs::to_bytes(&object::id(&cap));
    expected.append(bcs::to_bytes(&node));
    expected.append(bcs::to_bytes(&3u32));
    expected.push_back(0); // no event-blob attestation
    expected.append(bcs::to_bytes(&5u256));
    expected.append(bcs::to_bytes(&6u64));
    expected.append(bcs::to_bytes(&7u64));
    assert!(bcs::to_bytes(&cap) == expected);
    assert!(cap.deny_list_size() == 7);
    storage_node::destroy_cap_for_testing(cap);
}

#[test]
fun exchange_rate_and_authorization_enums_use_their_variant_order() {
    assert!(bcs::to_bytes(&pool_exchange_rate::flat()) == vector[0]);
    let mut variable = vector[1];
    variable.append(bcs::to_bytes(&10u128));
    variable.append(bcs::to_bytes(&5u128));
    assert!(bcs::to_bytes(&pool_exchange_rate::new(10, 5)) == variable);
    let mut address = vector[0];
    address.append(bcs::to_bytes(&@0xA));
    assert!(bcs::to_bytes(&auth::authorized_address(@0xA)) == address);
    let mut object = vector[1];
    object.append(bcs::to_bytes(&@0xB));
    assert!(bcs::to_bytes(&auth::authorized_object(object::id_from_address(@0xB))) == object);
}

#[test]
fun node_metadata_serializes_urls_description_then_extra_fields() {
    let m = node_metadata::new(b"i".to_string(), b"p".to_string(), b"d".to_string());
    assert!(bcs::to_bytes(&m) == vector[1, 105, 1, 112, 1, 100, 0]);
}
