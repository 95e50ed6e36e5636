/// `StakedWal`: the receipt a staker holds for WAL staked with one storage node's pool.
module walrus::staked_wal;

use sui::balance::Balance;
use wal::wal::WAL;

/// Smallest principal a `StakedWal` may hold: 1 WAL.
const MIN_STAKING_THRESHOLD: u64 = 1_000_000_000;

/// `withdraw_epoch` was asked of a stake that is not withdrawing.
const ENotWithdrawing: u64 = 0;
/// `join` was given stakes of different nodes, activation epochs, states or withdraw epochs.
const EMetadataMismatch: u64 = 1;
/// `split` was asked for an amount not below the principal.
const EInvalidAmount: u64 = 2;
/// A withdrawal was requested for a stake that is already withdrawing.
const EAlreadyWithdrawing: u64 = 6;
/// A stake (new, or either part of a split) would hold less than `MIN_STAKING_THRESHOLD`.
const EStakeBelowThreshold: u64 = 7;

/// Whether the stake is earning (`Staked`) or on its way out (`Withdrawing` from `withdraw_epoch`).
public enum StakedWalState has copy, drop, store {
    Staked,
    Withdrawing { withdraw_epoch: u32 },
}

/// WAL staked with the pool of `node_id`, counting from `activation_epoch`.
public struct StakedWal has key, store {
    id: UID,
    state: StakedWalState,
    node_id: ID,
    principal: Balance<WAL>,
    activation_epoch: u32,
}

/// Creates a staked receipt; the principal must be at least 1 WAL.
public(package) fun mint(
    node_id: ID,
    principal: Balance<WAL>,
    activation_epoch: u32,
    ctx: &mut TxContext,
): StakedWal {
    assert!(principal.value() >= MIN_STAKING_THRESHOLD, EStakeBelowThreshold);
    StakedWal {
        id: object::new(ctx),
        state: StakedWalState::Staked,
        node_id,
        principal,
        activation_epoch,
    }
}

/// Destroys the receipt and returns its principal.
public(package) fun into_balance(sw: StakedWal): Balance<WAL> {
    let StakedWal { id, principal, .. } = sw;
    id.delete();
    principal
}

/// Marks the stake as withdrawing from `withdraw_epoch`.
public(package) fun set_withdrawing(sw: &mut StakedWal, withdraw_epoch: u32) {
    assert!(sw.is_staked(), EAlreadyWithdrawing);
    sw.state = StakedWalState::Withdrawing { withdraw_epoch };
}

// === Accessors ===

/// The node (= pool) the stake belongs to.
public fun node_id(sw: &StakedWal): ID { sw.node_id }

/// The principal, in FROST.
public fun value(sw: &StakedWal): u64 { sw.principal.value() }

/// The first epoch in which the stake counts.
public fun activation_epoch(sw: &StakedWal): u32 { sw.activation_epoch }

/// True while the stake has not been asked to withdraw.
public fun is_staked(sw: &StakedWal): bool { sw.state == StakedWalState::Staked }

/// True once a withdrawal has been requested.
public fun is_withdrawing(sw: &StakedWal): bool { !sw.is_staked() }

/// The epoch from which a withdrawing stake can be withdrawn; aborts `ENotWithdrawing` for a staked one.
public fun withdraw_epoch(sw: &StakedWal): u32 {
    match (&sw.state) {
        StakedWalState::Withdrawing { withdraw_epoch } => *withdraw_epoch,
        _ => abort ENotWithdrawing,
    }
}

/// Merges `other` into `sw`. Both must be for the same node and activation epoch, and in the same state
/// (with the same withdraw epoch when withdrawing); otherwise aborts `EMetadataMismatch`.
public fun join(sw: &mut StakedWal, other: StakedWal) {
    assert!(sw.node_id == other.node_id, EMetadataMismatch);
    assert!(sw.activation_epoch == other.activation_epoch, EMetadataMismatch);
    assert!(sw.state == other.state, EMetadataMismatch);
    let StakedWal { id, principal, .. } = other;
    id.delete();
    sw.principal.join(principal);
}

/// Splits `amount` off into a new receipt with the same node, activation epoch and state. `amount` must be below
/// the principal (`EInvalidAmount`) and both parts at least 1 WAL (`EStakeBelowThreshold`).
public fun split(sw: &mut StakedWal, amount: u64, ctx: &mut TxContext): StakedWal {
    assert!(amount < sw.principal.value(), EInvalidAmount);
    assert!(amount >= MIN_STAKING_THRESHOLD, EStakeBelowThreshold);
    assert!(sw.principal.value() - amount >= MIN_STAKING_THRESHOLD, EStakeBelowThreshold);
    StakedWal {
        id: object::new(ctx),
        state: sw.state,
        node_id: sw.node_id,
        principal: sw.principal.split(amount),
        activation_epoch: sw.activation_epoch,
    }
}

#[test_only]
/// A receipt minted directly, for tests of this module.
public fun mint_for_testing(
    node_id: ID,
    principal: Balance<WAL>,
    activation_epoch: u32,
    ctx: &mut TxContext,
): StakedWal {
    mint(node_id, principal, activation_epoch, ctx)
}

#[test_only]
/// Marks a receipt withdrawing, for tests of this module.
public fun set_withdrawing_for_testing(sw: &mut StakedWal, withdraw_epoch: u32) {
    sw.set_withdrawing(withdraw_epoch)
}

#[test_only]
/// Destroys a receipt and returns its principal, for tests.
public fun into_balance_for_testing(sw: StakedWal): Balance<WAL> { sw.into_balance() }
