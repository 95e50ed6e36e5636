#[test_only]
module walrus::ringbuffer_tests;

use sui::balance;
use walrus::storage_accounting as sa;

#[test]
fun a_new_ring_covers_consecutive_epochs_from_zero() {
    let ring = sa::ring_new(3);
    assert!(ring.max_epochs_ahead() == 3);
    3u32.do!(|i| {
        assert!(ring.ring_lookup(i).epoch() == i);
        assert!(ring.ring_lookup(i).used_capacity() == 0);
        assert!(ring.ring_lookup(i).rewards() == 0);
    });
    ring.destroy_ring_for_testing();
}

#[test]
fun pop_expand_returns_the_current_epoch_and_appends_one_length_later() {
    let mut ring = sa::ring_new(3);
    ring.ring_lookup_mut(0).increase_used_capacity(10);
    ring.ring_lookup_mut(1).increase_used_capacity(20);
    ring.ring_lookup_mut(0).rewards_balance().join(balance::create_for_testing(7));

    let popped = ring.ring_pop_expand();
    assert!(popped.epoch() == 0 && popped.used_capacity() == 10 && popped.rewards() == 7);
    popped.unwrap_balance().destroy_for_testing();

    assert!(ring.ring_lookup(0).epoch() == 1 && ring.ring_lookup(0).used_capacity() == 20);
    assert!(ring.ring_lookup(2).epoch() == 3 && ring.ring_lookup(2).used_capacity() == 0);

    // Wrap around several times.
    5u64.do!(|_| sa::unwrap_balance(ring.ring_pop_expand()).destroy_zero());
    assert!(ring.ring_lookup(0).epoch() == 6);
    assert!(ring.ring_lookup(2).epoch() == 8);
    ring.destroy_ring_for_testing();
}

#[test]
fun increase_used_capacity_returns_the_new_total() {
    let mut ring = sa::ring_new(2);
    assert!(ring.ring_lookup_mut(1).increase_used_capacity(5) == 5);
    assert!(ring.ring_lookup_mut(1).increase_used_capacity(6) == 11);
    ring.destroy_ring_for_testing();
}

#[test, expected_failure(abort_code = sa::ETooFarInFuture)]
fun looking_up_length_epochs_ahead_aborts() {
    let ring = sa::ring_new(3);
    ring.ring_lookup(3);
    abort
}

#[test]
fun burn_balance_is_three_percent_rounded_down() {
    let mut ring = sa::ring_new(2);
    ring.ring_lookup_mut(0).rewards_balance().join(balance::create_for_testing(1_099));
    let burned = ring.extract_burn_balance();
    // floor(1099 * 3 / 100) = 32.
    assert!(burned.value() == 32);
    assert!(ring.ring_lookup(0).rewards() == 1_067);
    burned.destroy_for_testing();
    ring.destroy_ring_for_testing();
}

#[test]
fun burn_balance_of_huge_rewards_does_not_overflow() {
    let mut ring = sa::ring_new(1);
    let huge = std::u64::max_value!();
    ring.ring_lookup_mut(0).rewards_balance().join(balance::create_for_testing(huge));
    let burned = ring.extract_burn_balance();
    assert!(burned.value() == (((huge as u128) * 3 / 100) as u64));
    burned.destroy_for_testing();
    ring.destroy_ring_for_testing();
}
