/// The shared `Staking` object: the public entry points for storage nodes and stakers, and the permissionless,
/// clock-gated epoch change. The state lives in a versioned dynamic field (`StakingInnerV1`) so the package can
/// be upgraded.
module walrus::staking;

use std::string::String;
use sui::{balance::Balance, clock::Clock, coin::{Self, Coin}, dynamic_field as df};
use wal::wal::{WAL, ProtectedTreasury};
use walrus::{
    auth::{Self, Authenticated, Authorized},
    committee::Committee,
    events,
    node_metadata::NodeMetadata,
    staked_wal::StakedWal,
    staking_inner::{Self, StakingInnerV1},
    storage_node::{Self, StorageNodeCap},
    system::System
};

/// Version of the state layout this package reads; the dynamic field key of the inner state.
const VERSION: u64 = 3;

/// A migration was attempted without a newer package authorized, or from a version this package cannot read.
const EInvalidMigration: u64 = 0;
/// The object is at a version this package does not read.
const EWrongVersion: u64 = 1;
/// The function is deprecated and always aborts; use its replacement.
const EDeprecatedFunction: u64 = 2;

/// The shared staking object.
public struct Staking has key {
    id: UID,
    version: u64,
    /// The package currently allowed to use this object.
    package_id: ID,
    /// The package an authorized upgrade will migrate to.
    new_package_id: Option<ID>,
}

/// Creates the staking object (epoch 0, no nodes). `initialize_walrus` shares it.
public(package) fun create(
    epoch_zero_duration: u64,
    epoch_duration: u64,
    n_shards: u16,
    clock: &Clock,
    package_id: ID,
    ctx: &mut TxContext,
): Staking {
    let mut id = object::new(ctx);
    df::add(
        &mut id,
        VERSION,
        staking_inner::new(epoch_zero_duration, epoch_duration, n_shards, clock, ctx),
    );
    Staking { id, version: VERSION, package_id, new_package_id: option::none() }
}

/// Shares the staking object.
public(package) fun share(self: Staking) {
    transfer::share_object(self);
}

// === Storage nodes ===

/// Registers a storage node: creates its staking pool (whose object ID becomes the node ID) and returns the
/// operator's capability, which also becomes the commission receiver. The BLS proof of possession must be
/// signed for the sender and the current epoch (`staking_pool::EInvalidProofOfPossession`).
public fun register_candidate(
    staking: &mut Staking,
    name: String,
    network_address: String,
    metadata: NodeMetadata,
    public_key: vector<u8>,
    network_public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    commission_rate: u16,
    storage_price: u64,
    write_price: u64,
    node_capacity: u64,
    ctx: &mut TxContext,
): StorageNodeCap {
    let inner = staking.inner_mut();
    let node_id = inner.create_pool(
        name,
        network_address,
        metadata,
        public_key,
        network_public_key,
        proof_of_possession,
        commission_rate,
        storage_price,
        write_price,
        node_capacity,
        ctx,
    );
    let cap = storage_node::new_cap(node_id, ctx);
    inner.set_commission_receiver(
        node_id,
        auth::authenticate_sender(ctx),
        auth::authorized_object(object::id(&cap)),
    );
    cap
}

/// Schedules a new commission rate (basis points, at most 10_000) for two epochs from now.
public fun set_next_commission(staking: &mut Staking, cap: &StorageNodeCap, commission_rate: u16) {
    staking.inner_mut().set_next_commission(cap, commission_rate);
}

/// Withdraws the collectable commission of `node_id`. Only its commission receiver may
/// (`staking_pool::EAuthorizationFailure`).
public fun collect_commission(
    staking: &mut Staking,
    node_id: ID,
    auth: Authenticated,
    ctx: &mut TxContext,
): Coin<WAL> {
    staking.inner_mut().collect_commission(node_id, auth).into_coin(ctx)
}

/// Changes who receives the commission of `node_id`. Only the current receiver may.
public fun set_commission_receiver(
    staking: &mut Staking,
    node_id: ID,
    auth: Authenticated,
    receiver: Authorized,
) {
    staking.inner_mut().set_commission_receiver(node_id, auth, receiver);
}

/// Changes who may vote on governance for `node_id`. Only the current governance party may.
public fun set_governance_authorized(
    staking: &mut Staking,
    node_id: ID,
    auth: Authenticated,
    authorized: Authorized,
) {
    staking.inner_mut().set_governance_authorized(node_id, auth, authorized);
}

/// The current committee.
public fun committee(staking: &Staking): &Committee { staking.inner().committee() }

/// The previous committee.
public fun previous_committee(staking: &Staking): &Committee {
    staking.inner().previous_committee()
}

/// The committee the current active set would be given.
public fun compute_next_committee(staking: &Staking): Committee {
    staking.inner().compute_next_committee()
}

/// Sets the node's vote for the storage price (FROST per MiB per epoch). Takes effect with `update_prices`.
public fun set_storage_price_vote(self: &mut Staking, cap: &StorageNodeCap, storage_price: u64) {
    self.inner_mut().set_storage_price_vote(cap, storage_price);
}

/// Sets the node's vote for the write price (FROST per MiB). Takes effect with `update_prices`.
public fun set_write_price_vote(self: &mut Staking, cap: &StorageNodeCap, write_price: u64) {
    self.inner_mut().set_write_price_vote(cap, write_price);
}

/// Sets the node's vote for the capacity it offers (bytes). Counted at the next `voting_end`.
public fun set_node_capacity_vote(self: &mut Staking, cap: &StorageNodeCap, node_capacity: u64) {
    self.inner_mut().set_node_capacity_vote(cap, node_capacity);
}

/// Recomputes the storage and write prices from the current committee's votes, writes them to `System` and
/// emits `PricesUpdated`. Permissionless.
public fun update_prices(staking: &mut Staking, system: &mut System) {
    let (storage_price, write_price) = staking.inner().calculate_prices();
    system.set_storage_price(storage_price);
    system.set_write_price(write_price);
    events::emit_prices_updated(staking.inner().epoch(), storage_price, write_price);
}

/// The metadata of `node_id`.
public fun node_metadata(self: &Staking, node_id: ID): NodeMetadata {
    self.inner().node_metadata(node_id)
}

/// Sets the BLS key the node uses from the next epoch on; the proof of possession must be signed for the sender
/// and the current epoch.
public fun set_next_public_key(
    self: &mut Staking,
    cap: &StorageNodeCap,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    ctx: &mut TxContext,
) {
    self.inner_mut().set_next_public_key(cap, public_key, proof_of_possession, ctx);
}

/// Sets the node name (at most 100 bytes).
public fun set_name(self: &mut Staking, cap: &StorageNodeCap, name: String) {
    self.inner_mut().set_name(cap, name);
}

/// Sets the network address (at most 259 bytes).
public fun set_network_address(self: &mut Staking, cap: &StorageNodeCap, network_address: String) {
    self.inner_mut().set_network_address(cap, network_address);
}

/// Sets the 33-byte network public key.
public fun set_network_public_key(
    self: &mut Staking,
    cap: &StorageNodeCap,
    network_public_key: vector<u8>,
) {
    self.inner_mut().set_network_public_key(cap, network_public_key);
}

/// Sets the node metadata.
public fun set_node_metadata(self: &mut Staking, cap: &StorageNodeCap, metadata: NodeMetadata) {
    self.inner_mut().set_node_metadata(cap, metadata);
}

// === Epoch change ===

/// Ends the epoch's voting: selects the next committee and capacity and emits `EpochParametersSelected`.
/// Allowed once per epoch, from the start time of epoch 1 in epoch 0 and from half the epoch on afterwards.
public fun voting_end(staking: &mut Staking, clock: &Clock) {
    staking.inner_mut().voting_end(clock);
}

/// Deprecated: always aborts `EDeprecatedFunction`; use `initiate_epoch_change_v2`.
public fun initiate_epoch_change(_staking: &mut Staking, _system: &mut System, _clock: &Clock) {
    abort EDeprecatedFunction
}

/// Starts the next epoch once it is due: burns 3% of the ending epoch's rewards, moves `System` to the selected
/// committee, hands each node's rewards to its pool, emits `EpochChangeStart`, and updates the prices
/// (`PricesUpdated`). Permissionless.
public fun initiate_epoch_change_v2(
    staking: &mut Staking,
    system: &mut System,
    treasury: &mut ProtectedTreasury,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    staking.inner().assert_can_initiate_epoch_change(clock);
    let burn = system.extract_burn_balance();
    treasury.burn(coin::from_balance(burn, ctx));
    let inner = staking.inner_mut();
    let rewards = system.advance_epoch(inner.next_bls_committee(), &inner.next_epoch_params());
    inner.advance_epoch(rewards);
    staking.update_prices(system);
}

/// Reports that the node has received its shards for `epoch` (`ShardsReceived`); once nodes holding a quorum
/// of shards reported, the epoch change is done (`EpochChangeDone`).
public fun epoch_sync_done(
    staking: &mut Staking,
    cap: &mut StorageNodeCap,
    epoch: u32,
    clock: &Clock,
) {
    staking.inner_mut().epoch_sync_done(cap, epoch, clock);
}

// === Staking ===

/// Stakes `to_stake` (at least 1 WAL) with the pool of `node_id`. It counts from the next epoch, or the one
/// after if the next committee is already selected.
public fun stake_with_pool(
    staking: &mut Staking,
    to_stake: Coin<WAL>,
    node_id: ID,
    ctx: &mut TxContext,
): StakedWal {
    staking.inner_mut().stake_with_pool(to_stake.into_balance(), node_id, ctx)
}

/// Asks to withdraw a stake that can no longer be withdrawn directly; it becomes withdrawable at the epoch
/// recorded in it. Aborts `staking_pool::EWithdrawDirectly` when `withdraw_stake` can be used at once.
public fun request_withdraw_stake(
    staking: &mut Staking,
    staked_wal: &mut StakedWal,
    _ctx: &mut TxContext,
) {
    staking.inner_mut().request_withdraw_stake(staked_wal);
}

/// Withdraws a stake: the principal alone if it never counted, otherwise the principal plus its rewards.
public fun withdraw_stake(
    staking: &mut Staking,
    staked_wal: StakedWal,
    ctx: &mut TxContext,
): Coin<WAL> {
    staking.inner_mut().withdraw_stake(staked_wal).into_coin(ctx)
}

/// Re-evaluates the node's place in the active set (useful after being left out of a full set).
public fun try_join_active_set(staking: &mut Staking, cap: &StorageNodeCap) {
    staking.inner_mut().try_join_active_set(cap);
}

/// Adds commission to pools (used by subsidies). Anyone may add commission to any pool; it is collectable
/// after the next `voting_end`, or at once if the next committee is already selected.
public fun add_commission_to_pools(
    staking: &mut Staking,
    node_ids: vector<ID>,
    commissions: vector<Balance<WAL>>,
) {
    staking.inner_mut().add_commission_to_pools(node_ids, commissions);
}

/// The current epoch.
public fun epoch(staking: &Staking): u32 { staking.inner().epoch() }

/// The rewards `staked_principal` earns in the pool of `node_id` from `activation_epoch` to `withdraw_epoch`.
public fun calculate_rewards(
    staking: &Staking,
    node_id: ID,
    staked_principal: u64,
    activation_epoch: u32,
    withdraw_epoch: u32,
): u64 {
    staking.inner().calculate_rewards(node_id, staked_principal, activation_epoch, withdraw_epoch)
}

/// True when `staked_wal` can be withdrawn at once, principal only.
public fun can_withdraw_staked_wal_early(staking: &Staking, staked_wal: &StakedWal): bool {
    staking.inner().can_withdraw_staked_wal_early(staked_wal)
}

/// Records `epoch + 1` under the dynamic field `b"migration_epoch"`.
entry fun set_migration_epoch(staking: &mut Staking) {
    let next_epoch = staking.inner().epoch() + 1;
    let key = b"migration_epoch";
    if (df::exists_(&staking.id, key)) {
        *df::borrow_mut(&mut staking.id, key) = next_epoch;
    } else {
        df::add(&mut staking.id, key, next_epoch);
    }
}

// === Package-internal ===

/// The epoch recorded by `set_migration_epoch`, if any.
public(package) fun migration_epoch(staking: &Staking): Option<u32> {
    let key = b"migration_epoch";
    if (df::exists_(&staking.id, key)) option::some(*df::borrow(&staking.id, key))
    else option::none()
}

/// True when `auth` is the governance party of `node_id`.
public(package) fun check_governance_authorization(
    staking: &Staking,
    node_id: ID,
    auth: Authenticated,
): bool {
    staking.inner().check_governance_authorization(node_id, auth)
}

/// The node's shard count in the current committee.
public(package) fun get_current_node_weight(staking: &Staking, node_id: ID): u16 {
    staking.inner().get_current_node_weight(node_id)
}

/// True when `weight` shards are a quorum.
public(package) fun is_quorum(staking: &Staking, weight: u16): bool {
    staking.inner().is_quorum(weight)
}

/// Authorizes the package `new_package_id` to migrate this object.
public(package) fun set_new_package_id(staking: &mut Staking, new_package_id: ID) {
    staking.new_package_id = option::some(new_package_id);
}

/// Moves the inner state of an older version to this package's `VERSION` and switches `package_id` to the
/// authorized new package. Aborts `EInvalidMigration` when the object is not older or no package is authorized.
public(package) fun migrate(staking: &mut Staking) {
    assert!(staking.version < VERSION, EInvalidMigration);
    assert!(staking.new_package_id.is_some(), EInvalidMigration);
    let inner: StakingInnerV1 = df::remove(&mut staking.id, staking.version);
    df::add(&mut staking.id, VERSION, inner);
    staking.version = VERSION;
    staking.package_id = staking.new_package_id.extract();
}

/// The package allowed to use this object.
public(package) fun package_id(staking: &Staking): ID { staking.package_id }

/// The object's version.
public(package) fun version(staking: &Staking): u64 { staking.version }

/// The inner state. Aborts `EWrongVersion` if the object is not at this package's version.
public(package) fun inner(staking: &Staking): &StakingInnerV1 {
    assert!(staking.version == VERSION, EWrongVersion);
    df::borrow(&staking.id, VERSION)
}

/// The inner state, mutably. Aborts `EWrongVersion` if the object is not at this package's version.
public(package) fun inner_mut(staking: &mut Staking): &mut StakingInnerV1 {
    assert!(staking.version == VERSION, EWrongVersion);
    df::borrow_mut(&mut staking.id, VERSION)
}

#[test_only]
/// Sets the version field (the inner state stays under its key), to test the version guard and migration.
public fun set_version_for_testing(staking: &mut Staking, version: u64) {
    let inner: StakingInnerV1 = df::remove(&mut staking.id, staking.version);
    df::add(&mut staking.id, version, inner);
    staking.version = version;
}

#[test_only]
/// Sets the version field only, leaving the inner state where it is.
public fun set_version_field_for_testing(staking: &mut Staking, version: u64) {
    staking.version = version;
}

#[test_only]
/// A staking object for unit tests, not shared.
public fun new_for_testing(
    epoch_zero_duration: u64,
    epoch_duration: u64,
    n_shards: u16,
    clock: &Clock,
    ctx: &mut TxContext,
): Staking {
    create(
        epoch_zero_duration,
        epoch_duration,
        n_shards,
        clock,
        object::id_from_address(@walrus),
        ctx,
    )
}

#[test_only]
/// Destroys a staking object in tests.
public fun destroy_for_testing(staking: Staking) { std::unit_test::destroy(staking); }
