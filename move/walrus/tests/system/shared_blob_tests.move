#[test_only]
module walrus::shared_blob_tests;

use sui::{event, test_scenario};
use walrus::{events, shared_blob::{Self, SharedBlob}, system_test_utils as tu};

#[test]
fun a_shared_blob_is_funded_and_extended_from_its_funds() {
    let mut scenario = test_scenario::begin(@0xa);
    let mut system = tu::new_system(scenario.ctx());
    let blob = tu::certified_blob(&mut system, 1000, 2, false, scenario.ctx());
    let (blob_id, object_id) = (blob.blob_id(), blob.object_id());
    blob.share(scenario.ctx());
    scenario.next_tx(@0xb);
    let mut shared = scenario.take_shared<SharedBlob>();
    assert!(shared.funds().value() == 0);
    shared.fund(tu::wal(40, scenario.ctx()));
    shared.fund(tu::wal(60, scenario.ctx()));
    assert!(shared.funds().value() == 100);
    shared.extend(&mut system, 3, scenario.ctx());
    // 1 unit * 5 FROST for 3 epochs.
    assert!(shared.funds().value() == 85);
    assert!(shared.blob().end_epoch() == 5);
    let certified = event::events_by_type<events::BlobCertified>();
    assert!(
        certified == vector[events::blob_certified_for_testing(0, blob_id, 5, false, object_id, true)],
    );
    test_scenario::return_shared(shared);
    system.destroy_for_testing();
    scenario.end();
}

#[test]
fun a_funded_shared_blob_starts_with_its_funds() {
    let mut scenario = test_scenario::begin(@0xa);
    let mut system = tu::new_system(scenario.ctx());
    let blob = tu::certified_blob(&mut system, 1000, 2, false, scenario.ctx());
    shared_blob::new_funded(blob, tu::wal(15, scenario.ctx()), scenario.ctx());
    scenario.next_tx(@0xa);
    let mut shared = scenario.take_shared<SharedBlob>();
    assert!(shared.funds().value() == 15);
    shared.extend(&mut system, 3, scenario.ctx());
    assert!(shared.funds().value() == 0);
    assert!(shared.blob().end_epoch() == 5);
    test_scenario::return_shared(shared);
    system.destroy_for_testing();
    scenario.end();
}

#[test, expected_failure(abort_code = sui::balance::ENotEnough)]
fun extending_beyond_the_funds_aborts() {
    let mut scenario = test_scenario::begin(@0xa);
    let mut system = tu::new_system(scenario.ctx());
    let blob = tu::certified_blob(&mut system, 1000, 2, false, scenario.ctx());
    shared_blob::new_funded(blob, tu::wal(14, scenario.ctx()), scenario.ctx());
    scenario.next_tx(@0xa);
    let mut shared = scenario.take_shared<SharedBlob>();
    shared.extend(&mut system, 3, scenario.ctx());
    abort
}

#[test, expected_failure(abort_code = walrus::blob::ENotCertified)]
fun an_uncertified_shared_blob_cannot_be_extended() {
    let mut scenario = test_scenario::begin(@0xa);
    let mut system = tu::new_system(scenario.ctx());
    let blob = tu::register_default_blob(&mut system, 1000, 2, false, scenario.ctx());
    shared_blob::new_funded(blob, tu::wal(100, scenario.ctx()), scenario.ctx());
    scenario.next_tx(@0xa);
    let mut shared = scenario.take_shared<SharedBlob>();
    shared.extend(&mut system, 1, scenario.ctx());
    abort
}
