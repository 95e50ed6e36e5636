/// The WAL coin: the token that pays for Walrus storage and backs storage-node stake.
///
/// The whole supply (5 billion WAL, 9 decimals) is minted once, when the package is published, and sent to
/// the publisher. The `TreasuryCap` is then locked inside the shared `ProtectedTreasury`, which only lets supply
/// shrink: anyone may burn their own WAL, and nobody can ever mint again.
module wal::wal;

use sui::{coin::{Self, Coin, TreasuryCap}, dynamic_object_field as dof};

/// Whole WAL ever minted.
const TOTAL_WAL_SUPPLY: u64 = 5_000_000_000;

/// One WAL is 10^9 FROST, the smallest unit.
const FROST_PER_WAL: u64 = 1_000_000_000;

/// Decimal places shown by wallets.
const DECIMALS: u8 = 9;

/// One-time witness that makes `WAL` a coin type.
public struct WAL has drop {}

/// Shared object that holds the `TreasuryCap<WAL>` as a dynamic object field, so minting is impossible and
/// burning goes through `burn`.
public struct ProtectedTreasury has key {
    id: UID,
}

/// Dynamic object field key under which the `TreasuryCap<WAL>` is stored.
public struct TreasuryCapKey has copy, drop, store {}

fun init(otw: WAL, ctx: &mut TxContext) {
    let (mut treasury_cap, metadata) = coin::create_currency(
        otw,
        DECIMALS,
        b"WAL",
        b"WAL Token",
        b"The token of the Walrus storage protocol.",
        option::none(),
        ctx,
    );
    let supply = treasury_cap.mint(TOTAL_WAL_SUPPLY * FROST_PER_WAL, ctx);
    transfer::public_transfer(supply, ctx.sender());
    transfer::public_freeze_object(metadata);

    let mut treasury = ProtectedTreasury { id: object::new(ctx) };
    dof::add(&mut treasury.id, TreasuryCapKey {}, treasury_cap);
    transfer::share_object(treasury);
}

/// Total WAL supply in FROST. Starts at 5 * 10^18 and only goes down.
public fun total_supply(treasury: &ProtectedTreasury): u64 {
    treasury.borrow_cap().total_supply()
}

/// Burns `coin`, reducing the total supply by its value. Anyone may burn WAL they own.
public fun burn(treasury: &mut ProtectedTreasury, coin: Coin<WAL>) {
    treasury.borrow_cap_mut().burn(coin);
}

fun borrow_cap(treasury: &ProtectedTreasury): &TreasuryCap<WAL> {
    dof::borrow(&treasury.id, TreasuryCapKey {})
}

fun borrow_cap_mut(treasury: &mut ProtectedTreasury): &mut TreasuryCap<WAL> {
    dof::borrow_mut(&mut treasury.id, TreasuryCapKey {})
}

// === Test-only ===

#[test_only]
/// Runs the publish-time `init` in a test scenario.
public fun init_for_testing(ctx: &mut TxContext) {
    init(WAL {}, ctx);
}
