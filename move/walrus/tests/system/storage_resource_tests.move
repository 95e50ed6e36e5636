#[test_only]
module walrus::storage_resource_tests;

use walrus::storage_resource::{Self as sr, Storage};

fun storage(start: u32, end: u32, size: u64, ctx: &mut TxContext): Storage {
    sr::create_for_test(start, end, size, ctx)
}

fun assert_storage(storage: &Storage, start: u32, end: u32, size: u64) {
    assert!(storage.start_epoch() == start);
    assert!(storage.end_epoch() == end);
    assert!(storage.size() == size);
}

#[test]
fun split_by_epoch_keeps_the_early_part_and_returns_the_late_part() {
    let ctx = &mut tx_context::dummy();
    let mut early = storage(2, 10, 500, ctx);
    let late = early.split_by_epoch(7, ctx);
    assert_storage(&early, 2, 7, 500);
    assert_storage(&late, 7, 10, 500);
    early.destroy();
    late.destroy();
}

#[test, expected_failure(abort_code = sr::EInvalidEpoch)]
fun split_by_epoch_at_the_start_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut s = storage(2, 10, 500, ctx);
    let _late = s.split_by_epoch(2, ctx);
    abort
}

#[test, expected_failure(abort_code = sr::EInvalidEpoch)]
fun split_by_epoch_at_the_end_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut s = storage(2, 10, 500, ctx);
    let _late = s.split_by_epoch(10, ctx);
    abort
}

#[test]
fun split_by_size_keeps_the_split_size_and_returns_the_rest() {
    let ctx = &mut tx_context::dummy();
    let mut kept = storage(1, 5, 1000, ctx);
    let rest = kept.split_by_size(300, ctx);
    assert_storage(&kept, 1, 5, 300);
    assert_storage(&rest, 1, 5, 700);
    kept.destroy();
    rest.destroy();
}

#[test]
fun split_by_size_of_the_whole_size_leaves_an_empty_remainder() {
    let ctx = &mut tx_context::dummy();
    let mut kept = storage(1, 5, 1000, ctx);
    let rest = kept.split_by_size(1000, ctx);
    assert_storage(&kept, 1, 5, 1000);
    assert_storage(&rest, 1, 5, 0);
    kept.destroy();
    rest.destroy();
}

#[test, expected_failure(abort_code = sr::EIncompatibleAmount)]
fun split_by_size_larger_than_the_resource_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut s = storage(1, 5, 1000, ctx);
    let _rest = s.split_by_size(1001, ctx);
    abort
}

#[test]
fun fuse_periods_joins_adjacent_periods_in_either_order() {
    let ctx = &mut tx_context::dummy();
    let mut first = storage(1, 4, 100, ctx);
    first.fuse_periods(storage(4, 9, 100, ctx));
    assert_storage(&first, 1, 9, 100);
    let mut late = storage(9, 12, 100, ctx);
    late.fuse_periods(first);
    assert_storage(&late, 1, 12, 100);
    late.destroy();
}

#[test, expected_failure(abort_code = sr::EIncompatibleEpochs)]
fun fuse_periods_of_non_adjacent_periods_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut first = storage(1, 4, 100, ctx);
    first.fuse_periods(storage(5, 9, 100, ctx));
    abort
}

#[test, expected_failure(abort_code = sr::EIncompatibleAmount)]
fun fuse_periods_of_different_sizes_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut first = storage(1, 4, 100, ctx);
    first.fuse_periods(storage(4, 9, 101, ctx));
    abort
}

#[test]
fun fuse_amount_adds_the_sizes_of_identical_periods() {
    let ctx = &mut tx_context::dummy();
    let mut first = storage(3, 6, 100, ctx);
    first.fuse_amount(storage(3, 6, 250, ctx));
    assert_storage(&first, 3, 6, 350);
    first.destroy();
}

#[test, expected_failure(abort_code = sr::EIncompatibleEpochs)]
fun fuse_amount_of_different_end_epochs_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut first = storage(3, 6, 100, ctx);
    first.fuse_amount(storage(3, 7, 100, ctx));
    abort
}

#[test]
fun fuse_picks_amount_for_equal_starts_and_periods_otherwise() {
    let ctx = &mut tx_context::dummy();
    let mut s = storage(3, 6, 100, ctx);
    s.fuse(storage(3, 6, 50, ctx));
    assert_storage(&s, 3, 6, 150);
    s.fuse(storage(6, 8, 150, ctx));
    assert_storage(&s, 3, 8, 150);
    s.destroy();
}

#[test, expected_failure(abort_code = sr::EIncompatibleEpochs)]
fun fuse_with_equal_starts_but_different_ends_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut s = storage(3, 6, 100, ctx);
    s.fuse(storage(3, 8, 100, ctx));
    abort
}

#[test, expected_failure(abort_code = sr::EInvalidEpochRange)]
fun creating_storage_with_an_empty_period_aborts() {
    let ctx = &mut tx_context::dummy();
    let _s = storage(5, 5, 100, ctx);
    abort
}

#[test]
fun split_then_fuse_restores_the_original_resource() {
    let ctx = &mut tx_context::dummy();
    let mut s = storage(0, 20, 4096, ctx);
    let late = s.split_by_epoch(13, ctx);
    let half = s.split_by_size(2048, ctx);
    s.fuse_amount(half);
    s.fuse_periods(late);
    assert_storage(&s, 0, 20, 4096);
    s.destroy();
}
