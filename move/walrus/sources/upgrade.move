/// Holds the package's `UpgradeCap` in the shared `UpgradeManager` and issues the `EmergencyUpgradeCap` that
/// can authorize upgrades without a vote. Quorum-voted upgrades are not part of this package yet: the
/// `upgrade_proposals` table stays empty.
module walrus::upgrade;

use sui::{package::{UpgradeCap, UpgradeTicket}, table::{Self, Table}, vec_set::VecSet};

/// The emergency capability belongs to another upgrade manager.
const EInvalidUpgradeManager: u64 = 0;
/// A package digest that is not 32 bytes.
const EInvalidPackageDigest: u64 = 3;

/// Length of a package digest.
const DIGEST_LENGTH: u64 = 32;

/// A package digest (32 bytes).
public struct PackageDigest(vector<u8>) has copy, drop, store;

/// A proposal to upgrade to the package with `digest`, voted by node shard weight.
public struct UpgradeProposal has drop, store {
    epoch: u32,
    digest: PackageDigest,
    version: u64,
    voting_weight: u16,
    voters: VecSet<ID>,
}

/// Shared holder of the package's upgrade capability.
public struct UpgradeManager has key {
    id: UID,
    cap: UpgradeCap,
    upgrade_proposals: Table<PackageDigest, UpgradeProposal>,
}

/// Lets its holder authorize an upgrade of the package held by `upgrade_manager_id` without a vote.
public struct EmergencyUpgradeCap has key, store {
    id: UID,
    upgrade_manager_id: ID,
}

/// Wraps `cap` in a shared `UpgradeManager` and returns the emergency capability for it.
public(package) fun new(cap: UpgradeCap, ctx: &mut TxContext): EmergencyUpgradeCap {
    let manager = UpgradeManager { id: object::new(ctx), cap, upgrade_proposals: table::new(ctx) };
    let emergency = EmergencyUpgradeCap {
        id: object::new(ctx),
        upgrade_manager_id: object::id(&manager),
    };
    transfer::share_object(manager);
    emergency
}

/// Authorizes an upgrade to the package with `digest` (32 bytes) using the emergency capability. Aborts
/// `EInvalidUpgradeManager` if the capability belongs to another manager, `EInvalidPackageDigest` for a digest
/// of the wrong length.
public fun authorize_emergency_upgrade(
    upgrade_manager: &mut UpgradeManager,
    emergency_upgrade_cap: &EmergencyUpgradeCap,
    digest: vector<u8>,
): UpgradeTicket {
    assert!(
        emergency_upgrade_cap.upgrade_manager_id == object::id(upgrade_manager),
        EInvalidUpgradeManager,
    );
    assert!(digest.length() == DIGEST_LENGTH, EInvalidPackageDigest);
    let policy = upgrade_manager.cap.upgrade_policy();
    upgrade_manager.cap.authorize_upgrade(policy, digest)
}

/// Destroys the emergency capability, leaving upgrades to a vote.
public fun burn_emergency_upgrade_cap(emergency_upgrade_cap: EmergencyUpgradeCap) {
    let EmergencyUpgradeCap { id, .. } = emergency_upgrade_cap;
    id.delete();
}

/// The ID of the manager this capability belongs to.
public(package) fun upgrade_manager_id(cap: &EmergencyUpgradeCap): ID { cap.upgrade_manager_id }

/// The package the manager's upgrade capability controls.
public(package) fun package_id(manager: &UpgradeManager): ID { manager.cap.upgrade_package() }
