#[test_only]
module walrus::pending_values_tests;

use walrus::pending_values;

#[test, expected_failure(abort_code = pending_values::EMissingEpochValue)]
fun reducing_an_epoch_without_a_value_aborts() {
    let mut pv = pending_values::empty();
    pv.insert_or_add(2, 5);
    pv.reduce(3, 1);
}

#[test, expected_failure(abort_code = pending_values::EReduceValueTooLarge)]
fun reducing_by_more_than_the_value_aborts() {
    let mut pv = pending_values::empty();
    pv.insert_or_add(2, 5);
    pv.reduce(2, 6);
}

#[test]
fun flush_removes_only_epochs_up_to_the_given_one() {
    let mut pv = pending_values::empty();
    pv.insert_or_add(1, 1);
    pv.insert_or_add(4, 4);
    pv.insert_or_add(9, 9);
    assert!(pv.flush(4) == 5);
    assert!(pv.value_at(100) == 9);
    assert!(pv.inner().length() == 1);
    assert!(pv.flush(3) == 0);
}

#[test]
fun insert_or_replace_overwrites_and_latest_at_picks_the_newest_due_entry() {
    let mut pv = pending_values::empty();
    pv.insert_or_replace(5, 100);
    pv.insert_or_replace(5, 200);
    pv.insert_or_replace(7, 300);
    assert!(pv.value_for(5) == 200);
    assert!(pv.latest_at(6) == option::some(200));
    assert!(pv.latest_at(8) == option::some(300));
    assert!(pv.latest_at(4).is_none());
}

#[test]
fun partial_reduce_keeps_the_rest() {
    let mut pv = pending_values::empty();
    pv.insert_or_add(3, 10);
    pv.reduce(3, 4);
    assert!(pv.value_for(3) == 6);
    assert!(!pv.is_empty());
}
