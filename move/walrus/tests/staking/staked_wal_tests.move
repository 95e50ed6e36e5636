#[test_only]
module walrus::staked_wal_tests;

use sui::balance;
use wal::wal::WAL;
use walrus::staked_wal::{Self, StakedWal};

const FROST: u64 = 1_000_000_000;

fun node(n: u256): ID { object::id_from_address(sui::address::from_u256(n)) }

fun mint(node_n: u256, amount: u64, activation: u32, ctx: &mut TxContext): StakedWal {
    staked_wal::mint_for_testing(
        node(node_n),
        balance::create_for_testing<WAL>(amount),
        activation,
        ctx,
    )
}

fun destroy(sw: StakedWal) { staked_wal::into_balance_for_testing(sw).destroy_for_testing(); }

#[test]
fun a_new_stake_is_staked_with_its_node_principal_and_activation_epoch() {
    let ctx = &mut tx_context::dummy();
    let sw = mint(1, 5 * FROST, 3, ctx);
    assert!(sw.node_id() == node(1));
    assert!(sw.value() == 5 * FROST);
    assert!(sw.activation_epoch() == 3);
    assert!(sw.is_staked() && !sw.is_withdrawing());
    destroy(sw);
}

#[test]
fun a_withdrawing_stake_reports_its_withdraw_epoch() {
    let ctx = &mut tx_context::dummy();
    let mut sw = mint(1, 5 * FROST, 3, ctx);
    sw.set_withdrawing_for_testing(7);
    assert!(sw.is_withdrawing());
    assert!(sw.withdraw_epoch() == 7);
    destroy(sw);
}

#[test, expected_failure(abort_code = staked_wal::ENotWithdrawing)]
fun withdraw_epoch_of_a_staked_stake_aborts() {
    let ctx = &mut tx_context::dummy();
    let sw = mint(1, 5 * FROST, 3, ctx);
    sw.withdraw_epoch();
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EAlreadyWithdrawing)]
fun marking_a_withdrawing_stake_withdrawing_again_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut sw = mint(1, 5 * FROST, 3, ctx);
    sw.set_withdrawing_for_testing(7);
    sw.set_withdrawing_for_testing(8);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EStakeBelowThreshold)]
fun minting_less_than_one_wal_aborts() {
    let ctx = &mut tx_context::dummy();
    let _sw = mint(1, FROST - 1, 3, ctx);
    abort 1337
}

#[test]
fun split_keeps_node_activation_and_state_and_conserves_the_principal() {
    let ctx = &mut tx_context::dummy();
    let mut sw = mint(1, 5 * FROST, 3, ctx);
    sw.set_withdrawing_for_testing(9);
    let other = sw.split(2 * FROST, ctx);
    assert!(sw.value() == 3 * FROST && other.value() == 2 * FROST);
    assert!(other.node_id() == node(1) && other.activation_epoch() == 3);
    assert!(other.withdraw_epoch() == 9);
    sw.join(other);
    assert!(sw.value() == 5 * FROST);
    destroy(sw);
}

#[test, expected_failure(abort_code = staked_wal::EInvalidAmount)]
fun splitting_the_whole_principal_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut sw = mint(1, 5 * FROST, 3, ctx);
    let _other = sw.split(5 * FROST, ctx);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EInvalidAmount)]
fun splitting_more_than_the_principal_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut sw = mint(1, 5 * FROST, 3, ctx);
    let _other = sw.split(6 * FROST, ctx);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EStakeBelowThreshold)]
fun splitting_zero_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut sw = mint(1, 5 * FROST, 3, ctx);
    let _other = sw.split(0, ctx);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EStakeBelowThreshold)]
fun splitting_that_leaves_less_than_one_wal_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut sw = mint(1, 2 * FROST, 3, ctx);
    let _other = sw.split(FROST + 1, ctx);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EMetadataMismatch)]
fun joining_stakes_of_different_nodes_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut a = mint(1, 2 * FROST, 3, ctx);
    let b = mint(2, 2 * FROST, 3, ctx);
    a.join(b);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EMetadataMismatch)]
fun joining_stakes_with_different_activation_epochs_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut a = mint(1, 2 * FROST, 3, ctx);
    let b = mint(1, 2 * FROST, 4, ctx);
    a.join(b);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EMetadataMismatch)]
fun joining_a_staked_and_a_withdrawing_stake_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut a = mint(1, 2 * FROST, 3, ctx);
    let mut b = mint(1, 2 * FROST, 3, ctx);
    b.set_withdrawing_for_testing(5);
    a.join(b);
    abort 1337
}

#[test, expected_failure(abort_code = staked_wal::EMetadataMismatch)]
fun joining_stakes_withdrawing_at_different_epochs_aborts() {
    let ctx = &mut tx_context::dummy();
    let mut a = mint(1, 2 * FROST, 3, ctx);
    let mut b = mint(1, 2 * FROST, 3, ctx);
    a.set_withdrawing_for_testing(5);
    b.set_withdrawing_for_testing(6);
    a.join(b);
    abort 1337
}
