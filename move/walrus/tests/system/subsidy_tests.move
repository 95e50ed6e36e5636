#[test_only]
module walrus::subsidy_tests;

use sui::balance;
use walrus::{storage_accounting, system_state_inner, system_test_utils as tu};

#[test]
fun a_subsidy_is_split_evenly_with_the_remainder_in_the_current_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.add_subsidy(tu::wal(10, ctx), 3);
    let accounting = system.future_accounting();
    assert!(accounting.ring_lookup(0).rewards() == 4);
    assert!(accounting.ring_lookup(1).rewards() == 3);
    assert!(accounting.ring_lookup(2).rewards() == 3);
    assert!(accounting.ring_lookup(3).rewards() == 0);
    system.destroy_for_testing();
}

#[test]
fun a_subsidy_smaller_than_the_epoch_count_goes_to_the_current_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.add_subsidy(tu::wal(2, ctx), 5);
    assert!(system.future_accounting().ring_lookup(0).rewards() == 2);
    assert!(system.future_accounting().ring_lookup(1).rewards() == 0);
    system.destroy_for_testing();
}

#[test]
fun a_zero_subsidy_changes_nothing() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.add_subsidy(tu::wal(0, ctx), 4);
    4u32.do!(|i| assert!(system.future_accounting().ring_lookup(i).rewards() == 0));
    system.destroy_for_testing();
}

#[test]
fun a_subsidy_over_all_epochs_ahead_reaches_the_last_one() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 1_000, 4, ctx);
    system.add_subsidy(tu::wal(8, ctx), 4);
    4u32.do!(|i| assert!(system.future_accounting().ring_lookup(i).rewards() == 2));
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidEpochsAhead)]
fun a_subsidy_over_zero_epochs_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    system.add_subsidy(tu::wal(10, ctx), 0);
    abort
}

#[test, expected_failure(abort_code = system_state_inner::EInvalidEpochsAhead)]
fun a_subsidy_beyond_max_epochs_ahead_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 1_000, 4, ctx);
    system.add_subsidy(tu::wal(10, ctx), 5);
    abort
}

#[test]
fun per_epoch_subsidies_go_to_consecutive_epochs() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system(ctx);
    tu::advance_epoch(&mut system);
    system.add_per_epoch_subsidies(vector[
        balance::create_for_testing(7),
        balance::create_for_testing(0),
        balance::create_for_testing(9),
    ]);
    let accounting = system.future_accounting();
    assert!(accounting.ring_lookup(0).epoch() == 1 && accounting.ring_lookup(0).rewards() == 7);
    assert!(accounting.ring_lookup(1).rewards() == 0);
    assert!(accounting.ring_lookup(2).rewards() == 9);
    system.destroy_for_testing();
}

#[test, expected_failure(abort_code = storage_accounting::ETooFarInFuture)]
fun more_per_epoch_subsidies_than_epochs_ahead_abort() {
    let ctx = &mut tx_context::dummy();
    let mut system = tu::new_system_with(tu::default_weights(), 1_000, 2, ctx);
    system.add_per_epoch_subsidies(vector[
        balance::create_for_testing(1),
        balance::create_for_testing(1),
        balance::create_for_testing(1),
    ]);
    abort
}
