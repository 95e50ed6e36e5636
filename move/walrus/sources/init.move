/// Package initialization: `init` hands the publisher an `InitCap`, which `initialize_walrus` consumes to create
/// and share `System`, `Staking`, the display objects and the `UpgradeManager`.
module walrus::init;

use sui::{clock::Clock, package::{Self, Publisher, UpgradeCap}};
use walrus::{
    display,
    staking::{Self, Staking},
    system::{Self, System},
    upgrade::{Self, EmergencyUpgradeCap}
};

/// Reserved for `migrate_v2` (not part of this package version); kept so the code stays pinned.
#[allow(unused_const)]
const EInvalidMigration: u64 = 0;
/// The upgrade capability passed to `initialize_walrus` is not for this package.
const EInvalidUpgradeCap: u64 = 1;
/// The function is deprecated and always aborts.
const EDeprecatedFunction: u64 = 2;

/// One-time witness of the package.
public struct INIT has drop {}

/// Capability to initialize the system, sent to the publisher.
public struct InitCap has key, store {
    id: UID,
    publisher: Publisher,
}

fun init(otw: INIT, ctx: &mut TxContext) {
    let publisher = package::claim(otw, ctx);
    transfer::transfer(InitCap { id: object::new(ctx), publisher }, ctx.sender());
}

/// Creates and shares `System` and `Staking` (epoch 0; epoch 1 may start `epoch_zero_duration` ms from now,
/// later epochs last `epoch_duration` ms), the display objects and the `UpgradeManager` holding `upgrade_cap`,
/// and returns the emergency upgrade capability. `upgrade_cap` must be this package's (`EInvalidUpgradeCap`).
public fun initialize_walrus(
    init_cap: InitCap,
    upgrade_cap: UpgradeCap,
    epoch_zero_duration: u64,
    epoch_duration: u64,
    n_shards: u16,
    max_epochs_ahead: u32,
    clock: &Clock,
    ctx: &mut TxContext,
): EmergencyUpgradeCap {
    let InitCap { id, publisher } = init_cap;
    id.delete();
    let package_id = upgrade_cap.upgrade_package();
    assert!(package_id == this_package_id(), EInvalidUpgradeCap);

    system::create_empty(max_epochs_ahead, package_id, ctx).share();
    staking::create(epoch_zero_duration, epoch_duration, n_shards, clock, package_id, ctx).share();
    display::create(publisher, ctx);
    upgrade::new(upgrade_cap, ctx)
}

/// Deprecated: always aborts `EDeprecatedFunction`.
public fun migrate(_staking: &mut Staking, _system: &mut System) {
    abort EDeprecatedFunction
}

fun this_package_id(): ID {
    let address_bytes = std::type_name::with_original_ids<INIT>().address_string().into_bytes();
    object::id_from_address(sui::address::from_ascii_bytes(&address_bytes))
}

#[test_only]
/// Runs the publish-time `init`.
public fun init_for_testing(ctx: &mut TxContext) {
    init(INIT {}, ctx);
}
