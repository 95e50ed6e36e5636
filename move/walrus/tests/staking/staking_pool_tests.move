#[test_only]
/// The staking pool on its own: stake activation, exchange rates, rewards, commission and withdrawals, driven
/// with hand-made contexts.
module walrus::staking_pool_tests;

use sui::{balance::{Self, Balance}, vec_map};
use wal::wal::WAL;
use walrus::{
    auth,
    e2e_runner,
    node_metadata,
    staked_wal::{Self, StakedWal},
    staking_pool::{Self, StakingPool},
    walrus_context::{Self, WalrusContext}
};

const FROST: u64 = 1_000_000_000;

fun wctx(epoch: u32, selected: bool): WalrusContext {
    walrus_context::new(epoch, selected, vec_map::empty())
}

fun new_pool(commission_rate: u16, ctx: &mut TxContext): StakingPool {
    staking_pool::new(
        b"pool".to_string(),
        b"127.0.0.1".to_string(),
        node_metadata::default(),
        e2e_runner::bls_public_key(1),
        e2e_runner::network_key(1),
        e2e_runner::test_pop(),
        commission_rate,
        1,
        1,
        1,
        &wctx(0, false),
        ctx,
    )
}

fun wal(amount: u64): Balance<WAL> { balance::create_for_testing(amount) }

fun stake(
    pool: &mut StakingPool,
    amount: u64,
    epoch: u32,
    selected: bool,
    ctx: &mut TxContext,
): StakedWal {
    pool.stake(wal(amount), &wctx(epoch, selected), ctx)
}

fun advance(pool: &mut StakingPool, rewards: u64, epoch: u32) {
    pool.advance_epoch(wal(rewards), &wctx(epoch, false));
}

fun withdraw_value(
    pool: &mut StakingPool,
    sw: StakedWal,
    in_cur: bool,
    in_next: bool,
    epoch: u32,
    selected: bool,
): u64 {
    pool.withdraw_stake(sw, in_cur, in_next, &wctx(epoch, selected)).destroy_for_testing()
}

#[test]
fun stake_activates_next_epoch_or_the_one_after_once_the_committee_is_selected() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let a = stake(&mut pool, 10 * FROST, 0, false, ctx);
    let b = stake(&mut pool, 20 * FROST, 0, true, ctx);
    assert!(a.activation_epoch() == 1 && b.activation_epoch() == 2);
    assert!(pool.wal_balance_at_epoch(1) == 10 * FROST);
    assert!(pool.wal_balance_at_epoch(2) == 30 * FROST);
    advance(&mut pool, 0, 1);
    assert!(pool.wal_balance() == 10 * FROST);
    advance(&mut pool, 0, 2);
    assert!(pool.wal_balance() == 30 * FROST && pool.num_shares() == 30 * FROST);
    std::unit_test::destroy(vector[a, b]);
    std::unit_test::destroy(pool);
}

#[test, expected_failure(abort_code = staking_pool::EZeroStake)]
fun staking_nothing_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let _s = stake(&mut pool, 0, 0, false, ctx);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EPoolIsNotActive)]
fun staking_with_a_withdrawing_pool_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    pool.set_withdrawing(&wctx(0, false));
    let _s = stake(&mut pool, FROST, 0, false, ctx);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EPoolAlreadyWithdrawing)]
fun a_pool_cannot_start_withdrawing_twice() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    pool.set_withdrawing(&wctx(0, false));
    pool.set_withdrawing(&wctx(1, false));
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EPoolAlreadyUpdated)]
fun advancing_twice_to_the_same_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    advance(&mut pool, 0, 1);
    advance(&mut pool, 0, 1);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EIncorrectEpochAdvance)]
fun advancing_to_an_earlier_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    advance(&mut pool, 0, 3);
    advance(&mut pool, 0, 2);
    abort 1337
}

#[test]
fun rewards_raise_the_exchange_rate_and_are_paid_on_withdrawal() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let mut a = stake(&mut pool, 100 * FROST, 0, false, ctx);
    advance(&mut pool, 0, 1);
    // Stake b joins at epoch 2, after the first rewards.
    let mut b = stake(&mut pool, 100 * FROST, 1, false, ctx);
    advance(&mut pool, 50 * FROST, 2);
    assert!(pool.wal_balance() == 250 * FROST);
    advance(&mut pool, 50 * FROST, 3);
    // a earned 50 alone, then 25 of the next 50 (a holds 150 of 250 WAL: 30 of 50).
    assert!(pool.calculate_rewards(100 * FROST, 1, 3) == 80 * FROST);
    // b's shares round down, so it is at most one FROST short of 20 WAL.
    let rewards_b = pool.calculate_rewards(100 * FROST, 2, 3);
    assert!(rewards_b <= 20 * FROST && rewards_b >= 20 * FROST - 1);
    pool.request_withdraw_stake(&mut a, true, true, &wctx(3, true));
    pool.request_withdraw_stake(&mut b, true, true, &wctx(3, true));
    assert!(a.withdraw_epoch() == 5);
    advance(&mut pool, 0, 4);
    advance(&mut pool, 0, 5);
    let paid_a = withdraw_value(&mut pool, a, true, false, 5, false);
    let paid_b = withdraw_value(&mut pool, b, true, false, 5, false);
    assert!(paid_a == 180 * FROST);
    assert!(paid_b == 100 * FROST + rewards_b);
    // Only rounding dust is left.
    assert!(pool.rewards_amount() <= 1);
    assert!(pool.wal_balance() <= 1);
    std::unit_test::destroy(pool);
}

#[test]
fun commission_is_taken_at_the_rate_in_force_and_blocked_until_unblocked() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(1_000, ctx);
    let s = stake(&mut pool, 100 * FROST, 0, false, ctx);
    advance(&mut pool, 0, 1);
    advance(&mut pool, 1_001, 2);
    assert!(pool.commission_amount() == 100);
    assert!(pool.blocked_commission() == 100);
    assert!(pool.rewards_amount() == 901);
    let sender = auth::authenticate_sender(ctx);
    assert!(pool.collect_commission(sender).destroy_for_testing() == 0);
    pool.unblock_commission();
    let collected = pool.collect_commission(auth::authenticate_sender(ctx));
    assert!(collected.destroy_for_testing() == 100);
    std::unit_test::destroy(s);
    std::unit_test::destroy(pool);
}

#[test]
fun a_new_commission_rate_applies_two_epochs_later_even_after_skipped_epochs() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(1_000, ctx);
    pool.set_next_commission(5_000, &wctx(0, false));
    assert!(pool.pending_commission_rate().value_for(2) == 5_000);
    advance(&mut pool, 0, 1);
    assert!(pool.commission_rate() == 1_000);
    // The pool skips epoch 2 and advances straight to 4.
    advance(&mut pool, 0, 4);
    assert!(pool.commission_rate() == 5_000);
    assert!(pool.pending_commission_rate().is_empty());
    std::unit_test::destroy(pool);
}

#[test]
fun commission_rounds_down_and_the_rest_goes_to_stakers() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(3_333, ctx);
    let s = stake(&mut pool, FROST, 0, false, ctx);
    advance(&mut pool, 0, 1);
    advance(&mut pool, 7, 2);
    // 7 * 3333 / 10000 = 2.33 -> 2.
    assert!(pool.commission_amount() == 2);
    assert!(pool.rewards_amount() == 5);
    std::unit_test::destroy(s);
    std::unit_test::destroy(pool);
}

#[test, expected_failure(abort_code = staking_pool::EIncorrectCommissionRate)]
fun a_commission_rate_above_one_hundred_percent_cannot_be_scheduled() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    pool.set_next_commission(10_001, &wctx(0, false));
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EIncorrectCommissionRate)]
fun a_pool_cannot_be_created_with_commission_above_one_hundred_percent() {
    let ctx = &mut tx_context::dummy();
    let _pool = new_pool(10_001, ctx);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun a_stranger_cannot_collect_commission() {
    let mut pool = new_pool(0, &mut tx_context::dummy());
    let stranger = tx_context::new_from_hint(@0xBAD, 0, 0, 0, 0);
    let _c = pool.collect_commission(auth::authenticate_sender(&stranger));
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun a_stranger_cannot_change_the_commission_receiver() {
    let mut pool = new_pool(0, &mut tx_context::dummy());
    let stranger = tx_context::new_from_hint(@0xBAD, 0, 0, 0, 0);
    pool.set_commission_receiver(
        auth::authenticate_sender(&stranger),
        auth::authorized_address(@0xBAD),
    );
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EAuthorizationFailure)]
fun a_stranger_cannot_change_the_governance_party() {
    let mut pool = new_pool(0, &mut tx_context::dummy());
    let stranger = tx_context::new_from_hint(@0xBAD, 0, 0, 0, 0);
    pool.set_governance_authorized(
        auth::authenticate_sender(&stranger),
        auth::authorized_address(@0xBAD),
    );
    abort 1337
}

#[test]
fun the_governance_party_can_hand_over_to_another_address() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    assert!(pool.check_governance_authorization(auth::authenticate_sender(ctx)));
    pool.set_governance_authorized(
        auth::authenticate_sender(ctx),
        auth::authorized_address(@0xB0B),
    );
    assert!(!pool.check_governance_authorization(auth::authenticate_sender(ctx)));
    let bob = tx_context::new_from_hint(@0xB0B, 0, 0, 0, 0);
    assert!(pool.check_governance_authorization(auth::authenticate_sender(&bob)));
    std::unit_test::destroy(pool);
}

#[test]
fun added_commission_is_blocked_only_when_asked() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    pool.add_commission(wal(10), true);
    pool.add_commission(wal(5), false);
    assert!(pool.blocked_commission() == 10);
    assert!(pool.collect_commission(auth::authenticate_sender(ctx)).destroy_for_testing() == 5);
    assert!(pool.take_all_commission().destroy_for_testing() == 10);
    std::unit_test::destroy(pool);
}

#[test, expected_failure(abort_code = staking_pool::EInvalidNameLength)]
fun a_name_longer_than_one_hundred_bytes_is_rejected() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let mut name = b"".to_string();
    101u64.do!(|_| name.append(b"x".to_string()));
    pool.set_name(name);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EInvalidNetworkAddressLength)]
fun a_network_address_longer_than_259_bytes_is_rejected() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let mut addr = b"".to_string();
    260u64.do!(|_| addr.append(b"a".to_string()));
    pool.set_network_address(addr);
    abort 1337
}

#[test, expected_failure(abort_code = walrus::storage_node::EInvalidNetworkPublicKey)]
fun a_network_key_that_is_not_33_bytes_is_rejected() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    pool.set_network_public_key(vector[1, 2, 3]);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EIncorrectPoolId)]
fun withdrawing_from_the_wrong_pool_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool_a = new_pool(0, ctx);
    let mut pool_b = new_pool(0, ctx);
    let s = stake(&mut pool_a, FROST, 0, false, ctx);
    withdraw_value(&mut pool_b, s, false, false, 0, false);
    std::unit_test::destroy(pool_a);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EIncorrectPoolId)]
fun requesting_a_withdrawal_from_the_wrong_pool_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool_a = new_pool(0, ctx);
    let mut pool_b = new_pool(0, ctx);
    let mut s = stake(&mut pool_a, FROST, 0, false, ctx);
    pool_b.request_withdraw_stake(&mut s, true, true, &wctx(3, false));
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EZeroShares)]
fun a_withdrawal_worth_zero_shares_is_rejected() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let first = stake(&mut pool, FROST, 0, false, ctx);
    advance(&mut pool, 0, 1);
    // Enormous rewards: one share is now worth more than a whole WAL.
    advance(&mut pool, 2_000_000_000 * FROST, 2);
    let mut second = stake(&mut pool, FROST, 2, false, ctx);
    advance(&mut pool, 0, 3);
    pool.request_withdraw_stake(&mut second, true, false, &wctx(4, false));
    std::unit_test::destroy(first);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EPoolNotEmpty)]
fun a_pool_with_stake_cannot_be_destroyed() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let s = stake(&mut pool, FROST, 0, false, ctx);
    pool.destroy_empty();
    std::unit_test::destroy(s);
}

#[test]
fun an_empty_pool_can_be_destroyed() {
    let ctx = &mut tx_context::dummy();
    let pool = new_pool(0, ctx);
    assert!(pool.is_empty());
    pool.destroy_empty();
}

#[test]
fun a_pending_next_key_becomes_the_key_at_the_next_advance() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let old = *pool.node_info().public_key();
    pool.set_next_public_key(
        e2e_runner::bls_public_key(77),
        e2e_runner::test_pop(),
        &wctx(0, false),
        ctx,
    );
    assert!(pool.node_info().has_next_epoch_public_key());
    assert!(pool.node_info().public_key() == &old);
    advance(&mut pool, 0, 1);
    assert!(!pool.node_info().has_next_epoch_public_key());
    // The test VM's group operations are stand-ins, so compare with the same conversion of the new key.
    let expected = sui::bls12381::g1_to_uncompressed_g1(
        &sui::bls12381::g1_from_bytes(&e2e_runner::bls_public_key(77)),
    );
    assert!(pool.node_info().public_key() == &expected);
    std::unit_test::destroy(pool);
}

#[test, expected_failure(abort_code = walrus::messages::EInvalidKeyLength)]
fun a_next_key_that_is_not_48_bytes_is_rejected() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    pool.set_next_public_key(vector[1, 2, 3], e2e_runner::test_pop(), &wctx(0, false), ctx);
    abort 1337
}

#[test]
fun payouts_over_many_epochs_never_exceed_what_the_pool_holds() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(777, ctx);
    let mut stakes = vector[];
    let mut seed = 5u64;
    // Ten epochs of odd rewards, a new odd-sized stake each epoch.
    10u32.do!(|e| {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        stakes.push_back(stake(&mut pool, FROST + seed % 1_000_000_007, e, false, ctx));
        advance(&mut pool, seed % 999_999_937, e + 1);
    });
    let mut paid = 0u64;
    let mut principal = 0u64;
    let mut e = 11;
    while (!stakes.is_empty()) {
        let mut s = stakes.pop_back();
        principal = principal + s.value();
        pool.request_withdraw_stake(&mut s, true, false, &wctx(e, false));
        advance(&mut pool, 0, e + 1);
        paid = paid + withdraw_value(&mut pool, s, true, false, e + 1, false);
        e = e + 1;
    };
    stakes.destroy_empty();
    // Everything paid came from principal and the rewards pool; rounding dust stays in the pool.
    assert!(paid >= principal);
    assert!(
        paid - principal + pool.rewards_amount() + pool.commission_amount() <= 10 * 999_999_937,
    );
    std::unit_test::destroy(pool);
}

/// A receipt not backed by stake in any pool, to reach the pool's defensive checks.
fun forged(pool: &StakingPool, amount: u64, activation: u32, ctx: &mut TxContext): StakedWal {
    staked_wal::mint_for_testing(pool.node_id(), wal(amount), activation, ctx)
}

#[test, expected_failure(abort_code = staking_pool::EActivationEpochNotReached)]
fun requesting_a_withdrawal_of_a_stake_that_activates_later_than_next_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let mut s = forged(&pool, FROST, 9, ctx);
    pool.request_withdraw_stake(&mut s, true, false, &wctx(2, false));
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::EActivationEpochNotReached)]
fun withdrawing_a_stake_before_its_activation_epoch_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let mut s = forged(&pool, FROST, 9, ctx);
    staked_wal::set_withdrawing_for_testing(&mut s, 1);
    withdraw_value(&mut pool, s, true, false, 2, false);
    abort 1337
}

#[test, expected_failure(abort_code = staking_pool::ECalculationError)]
fun more_shares_leaving_than_the_pool_holds_is_caught() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    advance(&mut pool, 0, 1);
    let mut s = forged(&pool, FROST, 1, ctx);
    pool.request_withdraw_stake(&mut s, true, false, &wctx(1, false));
    advance(&mut pool, 0, 2);
    abort 1337
}

#[test]
fun a_pre_active_withdrawal_is_left_out_of_the_balance_from_its_withdraw_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let base = stake(&mut pool, 10 * FROST, 0, false, ctx);
    let mut s = stake(&mut pool, 5 * FROST, 0, false, ctx);
    pool.request_withdraw_stake(&mut s, false, true, &wctx(0, true));
    assert!(s.withdraw_epoch() == 2);
    assert!(pool.pre_active_withdrawals().value_for(2) == 5 * FROST);
    assert!(pool.wal_balance_at_epoch(1) == 15 * FROST);
    assert!(pool.wal_balance_at_epoch(2) == 10 * FROST);
    advance(&mut pool, 0, 1);
    advance(&mut pool, 3 * FROST, 2);
    // s held a third of the pool during epoch 1 and earns a third of the rewards.
    assert!(pool.wal_balance() == 12 * FROST);
    let paid = withdraw_value(&mut pool, s, true, true, 2, false);
    assert!(paid == 6 * FROST);
    std::unit_test::destroy(base);
    std::unit_test::destroy(pool);
}

#[test]
fun an_early_withdrawal_returns_the_principal_and_cancels_the_pending_stake() {
    let ctx = &mut tx_context::dummy();
    let mut pool = new_pool(0, ctx);
    let s = stake(&mut pool, 7 * FROST, 0, true, ctx);
    assert!(pool.can_withdraw_early(&s, false, &wctx(0, true)));
    assert!(withdraw_value(&mut pool, s, false, false, 0, true) == 7 * FROST);
    assert!(pool.pending_stake().is_empty());
    assert!(pool.wal_balance_at_epoch(5) == 0);
    std::unit_test::destroy(pool);
}
