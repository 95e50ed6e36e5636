#[test_only]
module walrus::metadata_tests;

use std::string::String;
use walrus::{blob::{Self, Blob}, metadata, system_test_utils as tu};

fun s(bytes: vector<u8>): String {
    bytes.to_string()
}

fun new_blob(ctx: &mut TxContext): (walrus::system::System, Blob) {
    let mut system = tu::new_system(ctx);
    let blob = tu::register_default_blob(&mut system, 1000, 3, false, ctx);
    (system, blob)
}

#[test]
fun metadata_insert_update_and_remove_pairs() {
    let mut m = metadata::new();
    m.insert_or_update(s(b"content-type"), s(b"text/plain"));
    m.insert_or_update(s(b"content-type"), s(b"image/png"));
    assert!(m.metadata().length() == 1);
    assert!(*m.metadata().get(&s(b"content-type")) == s(b"image/png"));
    let (key, value) = m.remove(&s(b"content-type"));
    assert!(key == s(b"content-type") && value == s(b"image/png"));
    assert!(m.remove_if_exists(&s(b"content-type")).is_none());
    m.insert_or_update(s(b"a"), s(b"1"));
    assert!(m.remove_if_exists(&s(b"a")) == option::some(s(b"1")));
}

#[test, expected_failure(abort_code = sui::vec_map::EKeyDoesNotExist)]
fun metadata_remove_of_a_missing_key_aborts() {
    let mut m = metadata::new();
    m.remove(&s(b"missing"));
}

#[test]
fun blob_metadata_can_be_added_replaced_and_taken() {
    let ctx = &mut tx_context::dummy();
    let (system, mut blob) = new_blob(ctx);
    let mut first = metadata::new();
    first.insert_or_update(s(b"k"), s(b"v1"));
    blob.add_metadata(first);
    assert!(*blob.metadata().metadata().get(&s(b"k")) == s(b"v1"));

    let mut second = metadata::new();
    second.insert_or_update(s(b"k"), s(b"v2"));
    let old = blob.add_or_replace_metadata(second);
    assert!(*old.borrow().metadata().get(&s(b"k")) == s(b"v1"));
    assert!(blob.add_or_replace_metadata(metadata::new()).is_some());

    let taken = blob.take_metadata();
    assert!(taken.metadata().is_empty());
    assert!(blob.add_or_replace_metadata(metadata::new()).is_none());
    blob.burn();
    system.destroy_for_testing();
}

#[test]
fun insert_or_update_metadata_pair_creates_missing_metadata() {
    let ctx = &mut tx_context::dummy();
    let (system, mut blob) = new_blob(ctx);
    blob.insert_or_update_metadata_pair(s(b"k"), s(b"v"));
    blob.insert_or_update_metadata_pair(s(b"k"), s(b"w"));
    blob.insert_or_update_metadata_pair(s(b"j"), s(b"x"));
    assert!(blob.metadata().metadata().length() == 2);
    let (_, value) = blob.remove_metadata_pair(&s(b"k"));
    assert!(value == s(b"w"));
    assert!(blob.remove_metadata_pair_if_exists(&s(b"k")).is_none());
    assert!(blob.remove_metadata_pair_if_exists(&s(b"j")) == option::some(s(b"x")));
    blob.burn();
    system.destroy_for_testing();
}

#[test]
fun remove_metadata_pair_if_exists_without_metadata_returns_none() {
    let ctx = &mut tx_context::dummy();
    let (system, mut blob) = new_blob(ctx);
    assert!(blob.remove_metadata_pair_if_exists(&s(b"k")).is_none());
    blob.burn();
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = blob::EDuplicateMetadata)]
fun adding_metadata_twice_aborts() {
    let ctx = &mut tx_context::dummy();
    let (_system, mut blob) = new_blob(ctx);
    blob.add_metadata(metadata::new());
    blob.add_metadata(metadata::new());
    abort
}

#[test, expected_failure(abort_code = blob::EMissingMetadata)]
fun taking_missing_metadata_aborts() {
    let ctx = &mut tx_context::dummy();
    let (_system, mut blob) = new_blob(ctx);
    let _m = blob.take_metadata();
    abort
}

#[test, expected_failure(abort_code = blob::EMissingMetadata)]
fun removing_a_pair_without_metadata_aborts() {
    let ctx = &mut tx_context::dummy();
    let (_system, mut blob) = new_blob(ctx);
    blob.remove_metadata_pair(&s(b"k"));
    abort
}

#[test]
fun burning_a_blob_with_metadata_removes_it() {
    let ctx = &mut tx_context::dummy();
    let (system, mut blob) = new_blob(ctx);
    blob.insert_or_update_metadata_pair(s(b"k"), s(b"v"));
    blob.burn();
    system.destroy_for_testing();
}
