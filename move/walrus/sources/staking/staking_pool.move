/// `StakingPool`: one per storage node (the pool's object ID is the node ID). It holds the node's info and
/// votes, the stake delegated to it and its per-epoch exchange rates, the rewards earned by that stake, and the
/// node's commission.
///
/// Accounting: `wal_balance` is the WAL that counts for the node in the current epoch (active principal plus
/// rewards), split into `num_shares` shares. Stake waits in `pending_stake` until its activation epoch; leaving
/// shares wait in `pending_shares_withdraw` (and pre-active principal in `pre_active_withdrawals`) until their
/// withdraw epoch. Every epoch in which the pool advances records the rate `(wal_balance, num_shares)` before
/// applying those changes, and stakers are paid `rate(withdraw).to_wal(rate(activation).to_shares(principal))`.
module walrus::staking_pool;

use std::string::String;
use sui::{bag::{Self, Bag}, balance::{Self, Balance}, table::{Self, Table}};
use wal::wal::WAL;
use walrus::{
    auth::{Self, Authenticated, Authorized},
    messages,
    node_metadata::NodeMetadata,
    pending_values::{Self, PendingValues},
    pool_exchange_rate::{Self, PoolExchangeRate},
    staked_wal::{Self, StakedWal},
    storage_node::{Self, StorageNodeInfo},
    walrus_context::WalrusContext
};

/// Commission is expressed in basis points: 10_000 = 100%.
const N_BASIS_POINTS: u16 = 10_000;
/// Longest node name, in bytes.
const MAX_NODE_NAME_LENGTH: u64 = 100;
/// Longest network address, in bytes.
const MAX_NETWORK_ADDRESS_LENGTH: u64 = 259;

/// The pool was already advanced to this epoch (`advance_epoch` needs a later epoch).
const EPoolAlreadyUpdated: u64 = 0;
/// An internal amount did not add up (more leaving than the pool holds).
const ECalculationError: u64 = 1;
/// The pool was asked to advance to an epoch before its latest one.
const EIncorrectEpochAdvance: u64 = 2;
/// The pool still holds stake or balances and cannot be destroyed.
const EPoolNotEmpty: u64 = 3;
/// The BLS proof of possession does not verify for the sender, the current epoch and the key.
const EInvalidProofOfPossession: u64 = 4;
/// The pool is already withdrawing.
const EPoolAlreadyWithdrawing: u64 = 5;
/// The pool is not active and accepts no stake.
const EPoolIsNotActive: u64 = 6;
/// The amount to stake is zero.
const EZeroStake: u64 = 7;
/// The stake is not in the `Staked` state.
const ENotStaked: u64 = 8;
/// The `StakedWal` belongs to another pool.
const EIncorrectPoolId: u64 = 9;
/// A non-early withdrawal was attempted for a stake that is not withdrawing.
const ENotWithdrawing: u64 = 10;
/// The stake's withdraw epoch has not been reached.
const EWithdrawEpochNotReached: u64 = 11;
/// The stake's activation epoch has not been reached.
const EActivationEpochNotReached: u64 = 12;
/// A withdrawal request for a stake that must be withdrawn directly with `withdraw_stake`.
const EWithdrawDirectly: u64 = 13;
/// A commission rate above 10_000 basis points.
const EIncorrectCommissionRate: u64 = 14;
/// The caller is not the authorized commission receiver or governance party.
const EAuthorizationFailure: u64 = 15;
/// A network address longer than 259 bytes.
const EInvalidNetworkAddressLength: u64 = 16;
/// A node name longer than 100 bytes.
const EInvalidNameLength: u64 = 17;
/// A withdrawal request that would withdraw zero shares.
const EZeroShares: u64 = 18;

/// The pool's lifecycle. Only `Active` is ever used.
public enum PoolState has copy, drop, store {
    Active,
    Withdrawing(u32),
    Withdrawn,
}

/// The node's votes: storage price, write price (FROST per MiB) and offered capacity (bytes).
public struct VotingParams has copy, drop, store {
    storage_price: u64,
    write_price: u64,
    node_capacity: u64,
}

/// Key in `extra_fields` of the commission (FROST) earned at the latest epoch change and not yet collectable.
public struct NewEpochCommissionBlockedForCollection() has copy, drop, store;

/// The staking pool of one storage node.
public struct StakingPool has key, store {
    id: UID,
    state: PoolState,
    voting_params: VotingParams,
    node_info: StorageNodeInfo,
    activation_epoch: u32,
    latest_epoch: u32,
    wal_balance: u64,
    num_shares: u64,
    pending_shares_withdraw: PendingValues,
    pre_active_withdrawals: PendingValues,
    pending_commission_rate: PendingValues,
    commission_rate: u16,
    exchange_rates: Table<u32, PoolExchangeRate>,
    pending_stake: PendingValues,
    rewards_pool: Balance<WAL>,
    commission: Balance<WAL>,
    commission_receiver: Authorized,
    governance_authorized: Authorized,
    extra_fields: Bag,
}

/// Creates the pool of a new node. The proof of possession must verify for the sender, the current epoch and
/// `public_key`. The pool activates in the current epoch, or the next one if the next committee is already
/// selected. The sender is the initial commission receiver and governance party.
public(package) fun new(
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
    wctx: &WalrusContext,
    ctx: &mut TxContext,
): StakingPool {
    assert!(commission_rate <= N_BASIS_POINTS, EIncorrectCommissionRate);
    assert!(name.length() <= MAX_NODE_NAME_LENGTH, EInvalidNameLength);
    assert!(network_address.length() <= MAX_NETWORK_ADDRESS_LENGTH, EInvalidNetworkAddressLength);
    verify_pop(&public_key, proof_of_possession, wctx, ctx);

    let id = object::new(ctx);
    let node_id = id.to_inner();
    let epoch = wctx.epoch();
    let activation_epoch = if (wctx.committee_selected()) epoch + 1 else epoch;
    let mut extra_fields = bag::new(ctx);
    extra_fields.add(NewEpochCommissionBlockedForCollection(), 0u64);
    let node_info = storage_node::new(
        name,
        node_id,
        network_address,
        public_key,
        network_public_key,
        metadata,
        ctx,
    );
    StakingPool {
        id,
        state: PoolState::Active,
        voting_params: VotingParams { storage_price, write_price, node_capacity },
        node_info,
        activation_epoch,
        latest_epoch: epoch,
        wal_balance: 0,
        num_shares: 0,
        pending_shares_withdraw: pending_values::empty(),
        pre_active_withdrawals: pending_values::empty(),
        pending_commission_rate: pending_values::empty(),
        commission_rate,
        exchange_rates: table::new(ctx),
        pending_stake: pending_values::empty(),
        rewards_pool: balance::zero(),
        commission: balance::zero(),
        commission_receiver: auth::authorized_address(ctx.sender()),
        governance_authorized: auth::authorized_address(ctx.sender()),
        extra_fields,
    }
}

fun verify_pop(public_key: &vector<u8>, pop: vector<u8>, wctx: &WalrusContext, ctx: &TxContext) {
    assert!(
        messages::verify_proof_of_possession_for(wctx.epoch(), ctx.sender(), *public_key, pop),
        EInvalidProofOfPossession,
    );
}

// === Staking ===

/// Stakes `to_stake` with the pool. It activates at E+1, or E+2 once the next committee is selected.
public(package) fun stake(
    pool: &mut StakingPool,
    to_stake: Balance<WAL>,
    wctx: &WalrusContext,
    ctx: &mut TxContext,
): StakedWal {
    assert!(pool.is_active(), EPoolIsNotActive);
    assert!(to_stake.value() > 0, EZeroStake);
    let epoch = wctx.epoch();
    let activation_epoch = if (wctx.committee_selected()) epoch + 2 else epoch + 1;
    pool.pending_stake.insert_or_add(activation_epoch, to_stake.value());
    staked_wal::mint(pool.id.to_inner(), to_stake, activation_epoch, ctx)
}

/// True when the stake can be withdrawn at once, principal only: it is not withdrawing and it has not started
/// to count for any committee (it activates at E+2, or at E+1 while the node is not in the next committee,
/// which includes the time before the next committee is selected).
public(package) fun can_withdraw_early(
    pool: &StakingPool,
    staked_wal: &StakedWal,
    in_next_committee: bool,
    wctx: &WalrusContext,
): bool {
    if (staked_wal.node_id() != pool.id.to_inner() || staked_wal.is_withdrawing()) return false;
    let epoch = wctx.epoch();
    let activation = staked_wal.activation_epoch();
    activation == epoch + 2 || (activation == epoch + 1 && !in_next_committee)
}

/// Asks to withdraw an active or soon-active stake. A stake activating at E+1 for a node in the next committee
/// leaves at E+2 (pre-active withdrawal). An active stake leaves at E+2 if the node is in the next committee,
/// at E+1 if it is only in the current one; a node in neither must be withdrawn from directly.
public(package) fun request_withdraw_stake(
    pool: &mut StakingPool,
    staked_wal: &mut StakedWal,
    in_current_committee: bool,
    in_next_committee: bool,
    wctx: &WalrusContext,
) {
    assert!(staked_wal.node_id() == pool.id.to_inner(), EIncorrectPoolId);
    assert!(staked_wal.is_staked(), ENotStaked);
    assert!(!pool.can_withdraw_early(staked_wal, in_next_committee, wctx), EWithdrawDirectly);
    let epoch = wctx.epoch();
    let activation = staked_wal.activation_epoch();
    let principal = staked_wal.value();
    if (activation == epoch + 1) {
        // Selected into the next committee: the stake counts for one epoch, then leaves.
        let withdraw_epoch = epoch + 2;
        pool.pre_active_withdrawals.insert_or_add(withdraw_epoch, principal);
        staked_wal.set_withdrawing(withdraw_epoch);
        return
    };
    assert!(activation <= epoch, EActivationEpochNotReached);
    let withdraw_epoch = if (in_next_committee) {
        epoch + 2
    } else if (in_current_committee) {
        epoch + 1
    } else {
        abort EWithdrawDirectly
    };
    let shares = pool.exchange_rate_at_epoch(activation).convert_to_share_amount(principal);
    assert!(shares > 0, EZeroShares);
    pool.pending_shares_withdraw.insert_or_add(withdraw_epoch, shares);
    staked_wal.set_withdrawing(withdraw_epoch);
}

/// Withdraws a stake and returns the principal plus the rewards it earned (capped at the rewards the pool
/// holds). Early withdrawals return the principal only. A stake of a node in neither committee is withdrawn in
/// one step; otherwise it must be withdrawing with its withdraw and activation epochs reached.
public(package) fun withdraw_stake(
    pool: &mut StakingPool,
    staked_wal: StakedWal,
    in_current_committee: bool,
    in_next_committee: bool,
    wctx: &WalrusContext,
): Balance<WAL> {
    assert!(staked_wal.node_id() == pool.id.to_inner(), EIncorrectPoolId);
    let epoch = wctx.epoch();
    let activation = staked_wal.activation_epoch();
    let principal = staked_wal.value();

    if (pool.can_withdraw_early(&staked_wal, in_next_committee, wctx)) {
        pool.pending_stake.reduce(activation, principal);
        return staked_wal.into_balance()
    };

    let inactive = !in_current_committee && !in_next_committee;
    if (inactive && staked_wal.is_staked()) {
        if (activation > epoch) {
            pool.pending_stake.reduce(activation, principal);
            return staked_wal.into_balance()
        };
        let shares = pool.exchange_rate_at_epoch(activation).convert_to_share_amount(principal);
        pool.pending_shares_withdraw.insert_or_add(epoch, shares);
        let rewards = pool.calculate_rewards(principal, activation, epoch);
        return pool.pay_out(staked_wal, rewards)
    };

    assert!(staked_wal.is_withdrawing(), ENotWithdrawing);
    let withdraw_epoch = staked_wal.withdraw_epoch();
    assert!(withdraw_epoch <= epoch, EWithdrawEpochNotReached);
    assert!(activation <= epoch, EActivationEpochNotReached);
    let rewards = pool.calculate_rewards(principal, activation, withdraw_epoch);
    pool.pay_out(staked_wal, rewards)
}

fun pay_out(pool: &mut StakingPool, staked_wal: StakedWal, rewards: u64): Balance<WAL> {
    let rewards = rewards.min(pool.rewards_pool.value());
    let mut principal = staked_wal.into_balance();
    principal.join(pool.rewards_pool.split(rewards));
    principal
}

// === Epoch change ===

/// Advances the pool to the current epoch with the rewards its node earned in the epoch that ended: takes
/// the commission (blocked until the next `voting_end`), applies a pending commission rate, adds the rest to
/// the stakers' rewards, rotates a pending BLS key, and processes pending stake and withdrawals.
public(package) fun advance_epoch(
    pool: &mut StakingPool,
    mut rewards: Balance<WAL>,
    wctx: &WalrusContext,
) {
    let epoch = wctx.epoch();
    assert!(epoch >= pool.latest_epoch, EIncorrectEpochAdvance);
    assert!(epoch > pool.latest_epoch, EPoolAlreadyUpdated);

    let rewards_amount = rewards.value();
    let commission_amount =
        (
            (rewards_amount as u128) * (pool.commission_rate as u128) / (N_BASIS_POINTS as u128),
        ) as u64;
    pool.commission.join(rewards.split(commission_amount));
    let blocked: &mut u64 = &mut pool.extra_fields[NewEpochCommissionBlockedForCollection()];
    *blocked = *blocked + commission_amount;

    let pending_rate = pool.pending_commission_rate.latest_at(epoch);
    if (pending_rate.is_some()) {
        pool.commission_rate = pending_rate.destroy_some() as u16;
        pool.pending_commission_rate.flush(epoch);
    };

    pool.wal_balance = pool.wal_balance + rewards.value();
    pool.rewards_pool.join(rewards);
    pool.latest_epoch = epoch;
    pool.node_info.rotate_public_key();
    pool.process_pending_stake(wctx);
}

/// Records the epoch's exchange rate, then adds the stake activating now and removes the shares leaving now.
public(package) fun process_pending_stake(pool: &mut StakingPool, wctx: &WalrusContext) {
    let epoch = wctx.epoch();
    let current_rate = pool_exchange_rate::new(pool.wal_balance, pool.num_shares);
    if (pool.exchange_rates.contains(epoch)) {
        *&mut pool.exchange_rates[epoch] = current_rate;
    } else {
        pool.exchange_rates.add(epoch, current_rate);
    };

    pool.wal_balance = pool.wal_balance + pool.pending_stake.flush(epoch);

    let pre_active = pool.pre_active_withdrawals.flush(epoch);
    let pre_active_shares = if (pre_active > 0 && epoch > 0) {
        pool.exchange_rate_at_epoch(epoch - 1).convert_to_share_amount(pre_active)
    } else pre_active;
    let shares_leaving = pool.pending_shares_withdraw.flush(epoch) + pre_active_shares;
    let wal_leaving = current_rate.convert_to_wal_amount(shares_leaving);
    assert!(wal_leaving <= pool.wal_balance, ECalculationError);
    pool.wal_balance = pool.wal_balance - wal_leaving;
    pool.num_shares = current_rate.convert_to_share_amount(pool.wal_balance);
}

// === Rewards and exchange rates ===

/// The rewards (FROST) a principal staked from `activation_epoch` earns until `withdraw_epoch`:
/// `max(0, rate(withdraw).to_wal(rate(activation).to_shares(principal)) - principal)`.
public(package) fun calculate_rewards(
    pool: &StakingPool,
    staked_principal: u64,
    activation_epoch: u32,
    withdraw_epoch: u32,
): u64 {
    let shares = pool
        .exchange_rate_at_epoch(activation_epoch)
        .convert_to_share_amount(staked_principal);
    let value = pool.exchange_rate_at_epoch(withdraw_epoch).convert_to_wal_amount(shares);
    if (value > staked_principal) value - staked_principal else 0
}

/// The most recent exchange rate recorded at or before `epoch` (and not before the pool's activation), or
/// `Flat` when there is none.
public(package) fun exchange_rate_at_epoch(pool: &StakingPool, epoch: u32): PoolExchangeRate {
    let mut e = epoch.min(pool.latest_epoch);
    if (e < pool.activation_epoch) return pool_exchange_rate::flat();
    loop {
        if (pool.exchange_rates.contains(e)) return pool.exchange_rates[e];
        if (e == pool.activation_epoch) break;
        e = e - 1;
    };
    pool_exchange_rate::flat()
}

/// The WAL that will count for the node at `epoch`, given what is pending now.
public(package) fun wal_balance_at_epoch(pool: &StakingPool, epoch: u32): u64 {
    let current_rate = pool_exchange_rate::new(pool.wal_balance, pool.num_shares);
    let leaving =
        current_rate.convert_to_wal_amount(pool.pending_shares_withdraw.value_at(epoch)) +
        pool.pre_active_withdrawals.value_at(epoch);
    let total = pool.wal_balance + pool.pending_stake.value_at(epoch);
    if (total > leaving) total - leaving else 0
}

// === Commission and authorization ===

/// Schedules a new commission rate for E+2.
public(package) fun set_next_commission(
    pool: &mut StakingPool,
    commission_rate: u16,
    wctx: &WalrusContext,
) {
    assert!(commission_rate <= N_BASIS_POINTS, EIncorrectCommissionRate);
    pool.pending_commission_rate.insert_or_replace(wctx.epoch() + 2, commission_rate as u64);
}

/// Withdraws the collectable commission (all but the blocked part). Only the commission receiver may.
public(package) fun collect_commission(pool: &mut StakingPool, auth: Authenticated): Balance<WAL> {
    assert!(auth.matches(&pool.commission_receiver), EAuthorizationFailure);
    let blocked = pool.blocked_commission();
    let amount = pool.commission.value() - blocked.min(pool.commission.value());
    pool.commission.split(amount)
}

/// Changes the commission receiver. Only the current receiver may.
public(package) fun set_commission_receiver(
    pool: &mut StakingPool,
    auth: Authenticated,
    receiver: Authorized,
) {
    assert!(auth.matches(&pool.commission_receiver), EAuthorizationFailure);
    pool.commission_receiver = receiver;
}

/// Changes the governance party. Only the current one may.
public(package) fun set_governance_authorized(
    pool: &mut StakingPool,
    auth: Authenticated,
    authorized: Authorized,
) {
    assert!(auth.matches(&pool.governance_authorized), EAuthorizationFailure);
    pool.governance_authorized = authorized;
}

/// True when `auth` is the pool's governance party.
public(package) fun check_governance_authorization(pool: &StakingPool, auth: Authenticated): bool {
    auth.matches(&pool.governance_authorized)
}

/// Adds commission from outside (subsidies); `blocked` keeps it uncollectable until the next `voting_end`.
public(package) fun add_commission(
    pool: &mut StakingPool,
    commission: Balance<WAL>,
    blocked: bool,
) {
    if (blocked) {
        let b: &mut u64 = &mut pool.extra_fields[NewEpochCommissionBlockedForCollection()];
        *b = *b + commission.value();
    };
    pool.commission.join(commission);
}

/// Makes all commission collectable.
public(package) fun unblock_commission(pool: &mut StakingPool) {
    *&mut pool.extra_fields[NewEpochCommissionBlockedForCollection()] = 0u64;
}

/// Takes the whole commission balance, blocked or not.
public(package) fun take_all_commission(pool: &mut StakingPool): Balance<WAL> {
    pool.unblock_commission();
    pool.commission.withdraw_all()
}

/// Commission not yet collectable.
public(package) fun blocked_commission(pool: &StakingPool): u64 {
    pool.extra_fields[NewEpochCommissionBlockedForCollection()]
}

// === Node parameters ===

/// Sets the node name (at most 100 bytes).
public(package) fun set_name(pool: &mut StakingPool, name: String) {
    assert!(name.length() <= MAX_NODE_NAME_LENGTH, EInvalidNameLength);
    pool.node_info.set_name(name);
}

/// Sets the network address (at most 259 bytes).
public(package) fun set_network_address(pool: &mut StakingPool, network_address: String) {
    assert!(network_address.length() <= MAX_NETWORK_ADDRESS_LENGTH, EInvalidNetworkAddressLength);
    pool.node_info.set_network_address(network_address);
}

/// Sets the 33-byte network public key.
public(package) fun set_network_public_key(pool: &mut StakingPool, network_public_key: vector<u8>) {
    pool.node_info.set_network_public_key(network_public_key);
}

/// Sets the BLS key that takes over at the next epoch change, after checking its proof of possession.
public(package) fun set_next_public_key(
    pool: &mut StakingPool,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    wctx: &WalrusContext,
    ctx: &TxContext,
) {
    verify_pop(&public_key, proof_of_possession, wctx, ctx);
    pool.node_info.set_next_public_key(public_key);
}

/// Sets the node metadata.
public(package) fun set_node_metadata(pool: &mut StakingPool, metadata: NodeMetadata) {
    pool.node_info.set_node_metadata(metadata);
}

/// Sets the storage price vote.
public(package) fun set_next_storage_price(pool: &mut StakingPool, storage_price: u64) {
    pool.voting_params.storage_price = storage_price;
}

/// Sets the write price vote.
public(package) fun set_next_write_price(pool: &mut StakingPool, write_price: u64) {
    pool.voting_params.write_price = write_price;
}

/// Sets the capacity vote.
public(package) fun set_next_node_capacity(pool: &mut StakingPool, node_capacity: u64) {
    pool.voting_params.node_capacity = node_capacity;
}

/// Marks the pool withdrawing (unused by the protocol; kept with the state enum).
public(package) fun set_withdrawing(pool: &mut StakingPool, wctx: &WalrusContext) {
    assert!(pool.is_active(), EPoolAlreadyWithdrawing);
    pool.state = PoolState::Withdrawing(wctx.epoch());
}

/// Destroys an empty pool.
public(package) fun destroy_empty(pool: StakingPool) {
    assert!(pool.is_empty(), EPoolNotEmpty);
    let StakingPool {
        id,
        node_info,
        exchange_rates,
        rewards_pool,
        commission,
        mut extra_fields,
        ..,
    } = pool;
    id.delete();
    node_info.destroy();
    exchange_rates.drop();
    rewards_pool.destroy_zero();
    commission.destroy_zero();
    let _: u64 = extra_fields.remove(NewEpochCommissionBlockedForCollection());
    extra_fields.destroy_empty();
}

/// True when nothing is staked, pending, or held as rewards or commission.
public(package) fun is_empty(pool: &StakingPool): bool {
    pool.wal_balance == 0 && pool.num_shares == 0 && pool.pending_stake.is_empty() &&
        pool.pending_shares_withdraw.is_empty() && pool.pre_active_withdrawals.is_empty() &&
        pool.rewards_pool.value() == 0 && pool.commission.value() == 0
}

// === Accessors ===

/// The node ID (= pool object ID).
public(package) fun node_id(pool: &StakingPool): ID { pool.id.to_inner() }

/// True while the pool accepts stake.
public(package) fun is_active(pool: &StakingPool): bool { pool.state == PoolState::Active }

/// The node's info.
public(package) fun node_info(pool: &StakingPool): &StorageNodeInfo { &pool.node_info }

/// The storage price vote.
public(package) fun storage_price(pool: &StakingPool): u64 { pool.voting_params.storage_price }

/// The write price vote.
public(package) fun write_price(pool: &StakingPool): u64 { pool.voting_params.write_price }

/// The capacity vote.
public(package) fun node_capacity(pool: &StakingPool): u64 { pool.voting_params.node_capacity }

/// The commission rate in basis points.
public(package) fun commission_rate(pool: &StakingPool): u16 { pool.commission_rate }

/// Commission rates scheduled for later epochs.
public(package) fun pending_commission_rate(pool: &StakingPool): &PendingValues {
    &pool.pending_commission_rate
}

/// Commission held, collectable or not.
public(package) fun commission_amount(pool: &StakingPool): u64 { pool.commission.value() }

/// The commission receiver.
public(package) fun commission_receiver(pool: &StakingPool): &Authorized {
    &pool.commission_receiver
}

/// The governance party.
public(package) fun governance_authorized(pool: &StakingPool): &Authorized {
    &pool.governance_authorized
}

/// WAL counting in the current epoch.
public(package) fun wal_balance(pool: &StakingPool): u64 { pool.wal_balance }

/// Shares outstanding.
public(package) fun num_shares(pool: &StakingPool): u64 { pool.num_shares }

/// Rewards held for stakers.
public(package) fun rewards_amount(pool: &StakingPool): u64 { pool.rewards_pool.value() }

/// The epoch the pool activated in.
public(package) fun activation_epoch(pool: &StakingPool): u32 { pool.activation_epoch }

/// The last epoch the pool advanced to.
public(package) fun latest_epoch(pool: &StakingPool): u32 { pool.latest_epoch }

/// Stake waiting to activate.
public(package) fun pending_stake(pool: &StakingPool): &PendingValues { &pool.pending_stake }

/// Shares waiting to leave.
public(package) fun pending_shares_withdraw(pool: &StakingPool): &PendingValues {
    &pool.pending_shares_withdraw
}

/// Pre-active principal waiting to leave.
public(package) fun pre_active_withdrawals(pool: &StakingPool): &PendingValues {
    &pool.pre_active_withdrawals
}

/// True when a rate was recorded for `epoch`.
public(package) fun has_exchange_rate(pool: &StakingPool, epoch: u32): bool {
    pool.exchange_rates.contains(epoch)
}
