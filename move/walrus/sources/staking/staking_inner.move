/// The staking state (`StakingInnerV1`): the pools, the active set, the current, previous and next committees,
/// the epoch state machine, the shard apportionment (d'Hondt) and the quorum votes on prices and capacity.
module walrus::staking_inner;

use std::{string::String, uq64_64};
use sui::{
    balance::{Self, Balance},
    bls12381::UncompressedG1,
    clock::Clock,
    group_ops::Element,
    object_table::{Self, ObjectTable},
    vec_map::{Self, VecMap}
};
use wal::wal::WAL;
use walrus::{
    active_set::{Self, ActiveSet},
    apportionment_queue,
    auth::{Authenticated, Authorized},
    bls_aggregate::{Self, BlsCommittee},
    committee::{Self, Committee},
    epoch_parameters::{Self, EpochParams},
    events,
    extended_field::{Self, ExtendedField},
    node_metadata::NodeMetadata,
    staked_wal::StakedWal,
    staking_pool::StakingPool,
    storage_node::StorageNodeCap,
    walrus_context::{Self, WalrusContext}
};

/// Minimum stake for a place in the active set.
const MIN_STAKE: u64 = 0;
/// Maximum number of nodes in the active set.
const TEMP_ACTIVE_SET_SIZE_LIMIT: u16 = 150;
/// From this many nodes on, a node holds at most `n_shards / SHARDS_LIMIT_DENOMINATOR` shards.
const MIN_NODES_FOR_SHARDS_LIMIT: u64 = 20;
/// See `MIN_NODES_FOR_SHARDS_LIMIT`.
const SHARDS_LIMIT_DENOMINATOR: u64 = 10;

/// The call does not fit the epoch state or comes too early (`voting_end`, `initiate_epoch_change_v2`).
const EWrongEpochState: u64 = 0;
/// `epoch_sync_done` was reported for an epoch other than the current one.
const EInvalidSyncEpoch: u64 = 1;
/// The node already reported `epoch_sync_done` for this epoch.
const EDuplicateSyncDone: u64 = 2;
/// The shard apportionment was given zero total stake.
const ENoStake: u64 = 3;
/// `epoch_sync_done` from a node that is not in the current committee.
const ENotInCommittee: u64 = 4;
/// `voting_end` after the next committee was already selected in this epoch.
const ECommitteeSelected: u64 = 5;
/// `voting_end` with an empty active set: no node has stake for the next epoch.
const ENextCommitteeIsEmpty: u64 = 6;
/// A shard weight larger than the number of shards.
const EInvalidNodeWeight: u64 = 7;
/// No staking pool exists for the node ID.
const EPoolNotFound: u64 = 8;
/// A committee member with zero shards.
const EZeroNodeWeight: u64 = 9;
/// Committee members not in strictly increasing node-ID order.
const EIncorrectNodeOrder: u64 = 10;

/// Where the epoch is in its lifecycle.
public enum EpochState has copy, drop, store {
    /// The epoch change started; the value is the shard weight of nodes that reported sync done.
    EpochChangeSync(u16),
    /// The epoch change finished at this time (ms).
    EpochChangeDone(u64),
    /// The next committee and parameters were selected; the value is the epoch start (ms).
    NextParamsSelected(u64),
}

/// The staking state, stored in `Staking` under its version.
public struct StakingInnerV1 has store {
    n_shards: u16,
    epoch_duration: u64,
    first_epoch_start: u64,
    pools: ObjectTable<ID, StakingPool>,
    epoch: u32,
    active_set: ExtendedField<ActiveSet>,
    next_committee: Option<Committee>,
    committee: Committee,
    previous_committee: Committee,
    next_epoch_params: Option<EpochParams>,
    epoch_state: EpochState,
    next_epoch_public_keys: ExtendedField<VecMap<ID, Element<UncompressedG1>>>,
}

/// Fresh state at epoch 0; epoch 1 may start `epoch_zero_duration` ms from now.
public(package) fun new(
    epoch_zero_duration: u64,
    epoch_duration: u64,
    n_shards: u16,
    clock: &Clock,
    ctx: &mut TxContext,
): StakingInnerV1 {
    let now = clock.timestamp_ms();
    StakingInnerV1 {
        n_shards,
        epoch_duration,
        first_epoch_start: now + epoch_zero_duration,
        pools: object_table::new(ctx),
        epoch: 0,
        active_set: extended_field::new(
            active_set::new(TEMP_ACTIVE_SET_SIZE_LIMIT, MIN_STAKE),
            ctx,
        ),
        next_committee: option::none(),
        committee: committee::empty(),
        previous_committee: committee::empty(),
        next_epoch_params: option::none(),
        epoch_state: EpochState::EpochChangeDone(now),
        next_epoch_public_keys: extended_field::new(vec_map::empty(), ctx),
    }
}

// === Storage nodes ===

/// Creates the pool of a new storage node and returns its ID.
public(package) fun create_pool(
    self: &mut StakingInnerV1,
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
): ID {
    let wctx = self.new_walrus_context();
    let pool = walrus::staking_pool::new(
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
        &wctx,
        ctx,
    );
    let node_id = pool.node_id();
    self.pools.add(node_id, pool);
    node_id
}

/// Schedules a new commission rate for E+2.
public(package) fun set_next_commission(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    commission_rate: u16,
) {
    let wctx = self.new_walrus_context();
    self.pool_mut(cap.node_id()).set_next_commission(commission_rate, &wctx);
}

/// Withdraws the collectable commission of `node_id` for its commission receiver.
public(package) fun collect_commission(
    self: &mut StakingInnerV1,
    node_id: ID,
    auth: Authenticated,
): Balance<WAL> {
    self.pool_mut(node_id).collect_commission(auth)
}

/// Changes the commission receiver of `node_id`.
public(package) fun set_commission_receiver(
    self: &mut StakingInnerV1,
    node_id: ID,
    auth: Authenticated,
    receiver: Authorized,
) {
    self.pool_mut(node_id).set_commission_receiver(auth, receiver);
}

/// Changes the governance party of `node_id`.
public(package) fun set_governance_authorized(
    self: &mut StakingInnerV1,
    node_id: ID,
    auth: Authenticated,
    authorized: Authorized,
) {
    self.pool_mut(node_id).set_governance_authorized(auth, authorized);
}

/// True when `auth` is the governance party of `node_id`.
public(package) fun check_governance_authorization(
    self: &StakingInnerV1,
    node_id: ID,
    auth: Authenticated,
): bool {
    self.pool(node_id).check_governance_authorization(auth)
}

/// Sets the node's next BLS key. If the node is already selected for the next committee, the key recorded for
/// that committee is replaced too.
public(package) fun set_next_public_key(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
    ctx: &TxContext,
) {
    let node_id = cap.node_id();
    let wctx = self.new_walrus_context();
    let pool = self.pool_mut(node_id);
    pool.set_next_public_key(public_key, proof_of_possession, &wctx, ctx);
    let key = *pool.node_info().next_epoch_public_key();
    let keys = self.next_epoch_public_keys.borrow_mut();
    if (keys.contains(&node_id)) {
        *&mut keys[&node_id] = key;
    };
}

/// Sets the node name.
public(package) fun set_name(self: &mut StakingInnerV1, cap: &StorageNodeCap, name: String) {
    self.pool_mut(cap.node_id()).set_name(name);
}

/// Sets the network address.
public(package) fun set_network_address(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    network_address: String,
) {
    self.pool_mut(cap.node_id()).set_network_address(network_address);
}

/// Sets the network public key.
public(package) fun set_network_public_key(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    network_public_key: vector<u8>,
) {
    self.pool_mut(cap.node_id()).set_network_public_key(network_public_key);
}

/// Sets the node metadata.
public(package) fun set_node_metadata(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    metadata: NodeMetadata,
) {
    self.pool_mut(cap.node_id()).set_node_metadata(metadata);
}

/// The node's metadata.
public(package) fun node_metadata(self: &StakingInnerV1, node_id: ID): NodeMetadata {
    self.pool(node_id).node_info().metadata()
}

/// Sets the node's storage price vote.
public(package) fun set_storage_price_vote(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    storage_price: u64,
) {
    self.pool_mut(cap.node_id()).set_next_storage_price(storage_price);
}

/// Sets the node's write price vote.
public(package) fun set_write_price_vote(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    write_price: u64,
) {
    self.pool_mut(cap.node_id()).set_next_write_price(write_price);
}

/// Sets the node's capacity vote.
public(package) fun set_node_capacity_vote(
    self: &mut StakingInnerV1,
    cap: &StorageNodeCap,
    node_capacity: u64,
) {
    self.pool_mut(cap.node_id()).set_next_node_capacity(node_capacity);
}

/// Re-evaluates the node's place in the active set (for a node that was left out when the set was full).
public(package) fun try_join_active_set(self: &mut StakingInnerV1, cap: &StorageNodeCap) {
    self.update_active_set(cap.node_id());
}

/// Adds commission to pools (subsidies). It stays blocked until the next `voting_end` unless the next
/// committee is already selected.
public(package) fun add_commission_to_pools(
    self: &mut StakingInnerV1,
    node_ids: vector<ID>,
    commissions: vector<Balance<WAL>>,
) {
    let blocked = !self.is_next_params_selected();
    node_ids.zip_do!(commissions, |node_id, commission| {
        self.pool_mut(node_id).add_commission(commission, blocked);
    });
}

// === Staking ===

/// Stakes with the pool of `node_id`.
public(package) fun stake_with_pool(
    self: &mut StakingInnerV1,
    to_stake: Balance<WAL>,
    node_id: ID,
    ctx: &mut TxContext,
): StakedWal {
    let wctx = self.new_walrus_context();
    let staked = self.pool_mut(node_id).stake(to_stake, &wctx, ctx);
    self.update_active_set(node_id);
    staked
}

/// Requests the withdrawal of a stake.
public(package) fun request_withdraw_stake(self: &mut StakingInnerV1, staked_wal: &mut StakedWal) {
    let node_id = staked_wal.node_id();
    let wctx = self.new_walrus_context();
    let (in_current, in_next) = self.committee_membership(node_id);
    self.pool_mut(node_id).request_withdraw_stake(staked_wal, in_current, in_next, &wctx);
    self.update_active_set(node_id);
}

/// Withdraws a stake.
public(package) fun withdraw_stake(self: &mut StakingInnerV1, staked_wal: StakedWal): Balance<WAL> {
    let node_id = staked_wal.node_id();
    let wctx = self.new_walrus_context();
    let (in_current, in_next) = self.committee_membership(node_id);
    let balance = self.pool_mut(node_id).withdraw_stake(staked_wal, in_current, in_next, &wctx);
    self.update_active_set(node_id);
    balance
}

/// True when the stake can be withdrawn at once (principal only).
public(package) fun can_withdraw_staked_wal_early(
    self: &StakingInnerV1,
    staked_wal: &StakedWal,
): bool {
    let node_id = staked_wal.node_id();
    let wctx = self.new_walrus_context();
    let (_, in_next) = self.committee_membership(node_id);
    self.pool(node_id).can_withdraw_early(staked_wal, in_next, &wctx)
}

/// The rewards a principal earns in `node_id`'s pool between two epochs.
public(package) fun calculate_rewards(
    self: &StakingInnerV1,
    node_id: ID,
    staked_principal: u64,
    activation_epoch: u32,
    withdraw_epoch: u32,
): u64 {
    self.pool(node_id).calculate_rewards(staked_principal, activation_epoch, withdraw_epoch)
}

fun committee_membership(self: &StakingInnerV1, node_id: ID): (bool, bool) {
    let in_current = self.committee.contains(&node_id);
    let in_next = self.next_committee.is_some() && self.next_committee.borrow().contains(&node_id);
    (in_current, in_next)
}

/// Sets the node's active-set stake to what will count at the next vote.
fun update_active_set(self: &mut StakingInnerV1, node_id: ID) {
    let epoch = if (self.is_next_params_selected()) self.epoch + 2 else self.epoch + 1;
    let balance = self.pool(node_id).wal_balance_at_epoch(epoch);
    self.active_set.borrow_mut().insert_or_update(node_id, balance);
}

// === Epoch change ===

/// Ends the voting period of the epoch: unblocks the commission earned by the previous committee, selects the
/// next committee and its parameters, and emits `EpochParametersSelected`. Allowed from the start of epoch 1
/// in epoch 0, and from half the epoch on afterwards.
public(package) fun voting_end(self: &mut StakingInnerV1, clock: &Clock) {
    assert!(self.next_committee.is_none(), ECommitteeSelected);
    let start = match (self.epoch_state) {
        EpochState::EpochChangeDone(start) => start,
        _ => abort EWrongEpochState,
    };
    let now = clock.timestamp_ms();
    if (self.epoch == 0) assert!(now >= self.first_epoch_start, EWrongEpochState)
    else assert!(now >= start + self.epoch_duration / 2, EWrongEpochState);

    let previous = self.previous_committee.inner().keys();
    previous.do!(|node_id| {
        if (self.pools.contains(node_id)) self.pools[node_id].unblock_commission();
    });

    self.select_committee_and_calculate_votes();
    self.epoch_state = EpochState::NextParamsSelected(start);
    events::emit_epoch_parameters_selected(self.epoch + 1);
}

/// Selects the next committee from the active set, the next capacity by quorum vote of its members, and
/// records their BLS keys.
fun select_committee_and_calculate_votes(self: &mut StakingInnerV1) {
    assert!(self.active_set.borrow().size() > 0, ENextCommitteeIsEmpty);
    let next = self.compute_next_committee();
    let capacity = self.capacity_vote(&next);
    let mut keys = vec_map::empty();
    next.inner().keys().do!(|node_id| {
        keys.insert(node_id, *self.pools[node_id].node_info().next_epoch_public_key());
    });
    self.next_epoch_public_keys.swap(keys);
    self.next_epoch_params = option::some(epoch_parameters::new(capacity));
    self.next_committee = option::some(next);
}

/// The committee the current active set would get: d'Hondt apportionment, then a transition from the current
/// committee that keeps continuing nodes' shards.
public(package) fun compute_next_committee(self: &StakingInnerV1): Committee {
    let (ids, stakes) = self.active_set.borrow().active_ids_and_stake();
    let (ids, shards) = dhondt(self.n_shards, ids, stakes);
    self.committee.transition(vec_map::from_keys_values(ids, shards))
}

/// The capacity the next committee votes for: each member votes `node_capacity * n_shards / weight`, and the
/// result is the largest value a quorum of shards votes at least.
fun capacity_vote(self: &StakingInnerV1, next: &Committee): u64 {
    let mut votes = vector[];
    let mut weights = vector[];
    let n_shards = self.n_shards as u128;
    next.inner().keys().do!(|node_id| {
        let weight = next.shards(&node_id).length() as u16;
        let capacity = self.pools[node_id].node_capacity() as u128;
        let vote = (capacity * n_shards / (weight as u128)).min(std::u64::max_value!() as u128);
        votes.push_back(vote as u64);
        weights.push_back(weight);
    });
    quorum_above(votes, weights, self.n_shards)
}

/// Checks that it is time to start the next epoch: the parameters are selected and epoch 1's start time (in
/// epoch 0) or a full epoch since the current epoch started has passed. Aborts `EWrongEpochState` otherwise.
public(package) fun assert_can_initiate_epoch_change(self: &StakingInnerV1, clock: &Clock) {
    let start = match (self.epoch_state) {
        EpochState::NextParamsSelected(start) => start,
        _ => abort EWrongEpochState,
    };
    let now = clock.timestamp_ms();
    if (self.epoch == 0) assert!(now >= self.first_epoch_start, EWrongEpochState)
    else assert!(now >= start + self.epoch_duration, EWrongEpochState);
}

/// The BLS committee for the next epoch: the selected committee's members in node-ID order, with the keys
/// recorded at `voting_end` and their shard counts as weights.
public(package) fun next_bls_committee(self: &StakingInnerV1): BlsCommittee {
    assert!(self.next_committee.is_some(), EWrongEpochState);
    let next = self.next_committee.borrow();
    let keys = self.next_epoch_public_keys.borrow();
    let (ids, shards) = next.to_inner().into_keys_values();
    let weights = shards.map!(|s| s.length() as u16);
    check_committee_order_and_weights(&ids, &weights);
    let mut members = vector[];
    ids.zip_do!(weights, |node_id, weight| {
        members.push_back(
            bls_aggregate::new_bls_committee_member(*keys.get(&node_id), weight, node_id),
        );
    });
    bls_aggregate::new_bls_committee(self.epoch + 1, members)
}

/// Aborts `EIncorrectNodeOrder` unless `ids` strictly increase (as `u256`), and `EZeroNodeWeight` if any
/// weight is zero.
public(package) fun check_committee_order_and_weights(ids: &vector<ID>, weights: &vector<u16>) {
    ids.length().do!(|i| {
        assert!(weights[i] > 0, EZeroNodeWeight);
        if (i > 0)
            assert!(
                walrus::sort::node_id_key(&ids[i - 1]) < walrus::sort::node_id_key(&ids[i]),
                EIncorrectNodeOrder,
            );
    });
}

/// The capacity chosen for the next epoch.
public(package) fun next_epoch_params(self: &StakingInnerV1): EpochParams {
    assert!(self.next_epoch_params.is_some(), EWrongEpochState);
    *self.next_epoch_params.borrow()
}

/// Starts the next epoch: the selected committee becomes current, every pool of the old or new committee
/// advances (the old committee's pools with their `rewards`), and `EpochChangeStart` is emitted.
public(package) fun advance_epoch(self: &mut StakingInnerV1, rewards: VecMap<ID, Balance<WAL>>) {
    assert!(self.is_next_params_selected(), EWrongEpochState);
    self.epoch = self.epoch + 1;
    self.previous_committee = self.committee;
    self.committee = self.next_committee.extract();
    self.next_epoch_params = option::none();
    self.epoch_state = EpochState::EpochChangeSync(0);

    let wctx = self.new_walrus_context();
    let (ids, balances) = rewards.into_keys_values();
    let mut advanced = vector[];
    ids.zip_do!(balances, |node_id, reward| {
        assert!(self.pools.contains(node_id), EPoolNotFound);
        self.pools[node_id].advance_epoch(reward, &wctx);
        advanced.push_back(node_id);
    });
    self.committee.inner().keys().do!(|node_id| {
        if (!advanced.contains(&node_id)) {
            self.pools[node_id].advance_epoch(balance::zero(), &wctx);
            advanced.push_back(node_id);
        }
    });
    advanced.do!(|node_id| self.update_active_set(node_id));
    events::emit_epoch_change_start(self.epoch);
}

/// Records that the node holding `cap` has received its shards for `epoch` and emits `ShardsReceived`. When
/// the nodes that reported hold a quorum of shards, the epoch change is done (`EpochChangeDone`).
public(package) fun epoch_sync_done(
    self: &mut StakingInnerV1,
    cap: &mut StorageNodeCap,
    epoch: u32,
    clock: &Clock,
) {
    assert!(epoch == self.epoch, EInvalidSyncEpoch);
    assert!(cap.last_epoch_sync_done() < epoch, EDuplicateSyncDone);
    let node_id = cap.node_id();
    assert!(self.committee.contains(&node_id), ENotInCommittee);
    cap.set_last_epoch_sync_done(epoch);
    let shards = *self.committee.shards(&node_id);
    events::emit_shards_received(epoch, shards);
    match (self.epoch_state) {
        EpochState::EpochChangeSync(weight) => {
            let weight = weight + (shards.length() as u16);
            if (self.is_quorum(weight)) {
                self.epoch_state = EpochState::EpochChangeDone(clock.timestamp_ms());
                events::emit_epoch_change_done(epoch);
            } else {
                self.epoch_state = EpochState::EpochChangeSync(weight);
            }
        },
        _ => {},
    }
}

// === Prices and quorum ===

/// The storage and write prices voted by the current committee: for each, the smallest value a quorum of
/// shards votes at most. Both are `u64::MAX` while there is no committee.
public(package) fun calculate_prices(self: &StakingInnerV1): (u64, u64) {
    if (self.committee.size() == 0) return (std::u64::max_value!(), std::u64::max_value!());
    let mut storage_votes = vector[];
    let mut write_votes = vector[];
    let mut weights = vector[];
    self.committee.inner().keys().do!(|node_id| {
        let pool = &self.pools[node_id];
        storage_votes.push_back(pool.storage_price());
        write_votes.push_back(pool.write_price());
        weights.push_back(self.committee.shards(&node_id).length() as u16);
    });
    (
        quorum_below(storage_votes, weights, self.n_shards),
        quorum_below(write_votes, weights, self.n_shards),
    )
}

/// True when `weight` shards form a quorum: `3 * weight >= 2 * n_shards + 1`. Aborts `EInvalidNodeWeight` if
/// `weight > n_shards`.
public(package) fun is_quorum(self: &StakingInnerV1, weight: u16): bool {
    assert!(weight <= self.n_shards, EInvalidNodeWeight);
    is_quorum_of(weight as u64, self.n_shards as u64)
}

fun is_quorum_of(weight: u64, n_shards: u64): bool { 3 * weight >= 2 * n_shards + 1 }

/// The smallest vote `v` such that the nodes voting at most `v` hold a quorum of `n_shards`.
public(package) fun quorum_below(votes: vector<u64>, weights: vector<u16>, n_shards: u16): u64 {
    let (votes, weights) = sort_votes(votes, weights, true);
    pick_quorum_vote(votes, weights, n_shards)
}

/// The largest vote `v` such that the nodes voting at least `v` hold a quorum of `n_shards`.
public(package) fun quorum_above(votes: vector<u64>, weights: vector<u16>, n_shards: u16): u64 {
    let (votes, weights) = sort_votes(votes, weights, false);
    pick_quorum_vote(votes, weights, n_shards)
}

fun pick_quorum_vote(votes: vector<u64>, weights: vector<u16>, n_shards: u16): u64 {
    let mut sum = 0u64;
    let mut i = 0;
    let len = votes.length();
    while (i < len) {
        sum = sum + (weights[i] as u64);
        if (is_quorum_of(sum, n_shards as u64)) return votes[i];
        i = i + 1;
    };
    // The weights do not add up to a quorum (only when they cover fewer shards): take the last vote.
    if (len == 0) 0 else votes[len - 1]
}

fun sort_votes(
    mut votes: vector<u64>,
    mut weights: vector<u16>,
    ascending: bool,
): (vector<u64>, vector<u16>) {
    let len = votes.length();
    let mut i = 1;
    while (i < len) {
        let mut j = i;
        while (j > 0 && (if (ascending) votes[j - 1] > votes[j] else votes[j - 1] < votes[j])) {
            votes.swap(j - 1, j);
            weights.swap(j - 1, j);
            j = j - 1;
        };
        i = i + 1;
    };
    (votes, weights)
}

// === Apportionment ===

/// Shards per node by d'Hondt (Jefferson) with Hagenbach-Bischoff seeding and a per-node cap. Returns the
/// nodes with at least one shard, in input order, and their shard counts. Ties go to the earlier node.
/// Aborts `ENoStake` when the total stake is zero.
public(package) fun dhondt(
    n_shards: u16,
    node_ids: vector<ID>,
    stake: vector<u64>,
): (vector<ID>, vector<u16>) {
    let n_nodes = node_ids.length();
    let mut total: u128 = 0;
    stake.do_ref!(|s| total = total + (*s as u128));
    assert!(total > 0, ENoStake);
    let n = n_shards as u64;
    let mut max_shards = if (n_nodes >= MIN_NODES_FOR_SHARDS_LIMIT) {
        n / SHARDS_LIMIT_DENOMINATOR
    } else {
        std::u64::divide_and_round_up(
            n * MIN_NODES_FOR_SHARDS_LIMIT,
            n_nodes * SHARDS_LIMIT_DENOMINATOR,
        )
    };
    // The cap must leave room for every shard (only matters for tiny shard counts).
    max_shards = max_shards.max(std::u64::divide_and_round_up(n, n_nodes));

    let divisor = total / ((n as u128) + 1) + 1;
    let mut shards = stake.map_ref!(|s| (((*s as u128) / divisor) as u64).min(max_shards));
    let mut assigned = 0;
    shards.do_ref!(|s| assigned = assigned + *s);

    let mut queue = apportionment_queue::new();
    n_nodes.do!(|i| {
        if (shards[i] < max_shards && stake[i] > 0) {
            queue.insert(
                uq64_64::from_quotient(stake[i] as u128, (shards[i] + 1) as u128),
                n_nodes - i,
                i,
            );
        }
    });
    while (assigned < n) {
        let (_, _, i) = queue.pop_max();
        *&mut shards[i] = shards[i] + 1;
        assigned = assigned + 1;
        if (shards[i] < max_shards) {
            queue.insert(
                uq64_64::from_quotient(stake[i] as u128, (shards[i] + 1) as u128),
                n_nodes - i,
                i,
            );
        }
    };

    let mut ids = vector[];
    let mut counts = vector[];
    n_nodes.do!(|i| {
        if (shards[i] > 0) {
            ids.push_back(node_ids[i]);
            counts.push_back(shards[i] as u16);
        }
    });
    (ids, counts)
}

// === Context and accessors ===

/// The context handed to pools: current epoch, whether the next committee is selected, current committee.
public(package) fun new_walrus_context(self: &StakingInnerV1): WalrusContext {
    walrus_context::new(self.epoch, self.next_committee.is_some(), self.committee.to_inner())
}

fun is_next_params_selected(self: &StakingInnerV1): bool {
    match (self.epoch_state) {
        EpochState::NextParamsSelected(_) => true,
        _ => false,
    }
}

/// The pool of `node_id`; aborts `EPoolNotFound` if there is none.
public(package) fun pool(self: &StakingInnerV1, node_id: ID): &StakingPool {
    assert!(self.pools.contains(node_id), EPoolNotFound);
    &self.pools[node_id]
}

fun pool_mut(self: &mut StakingInnerV1, node_id: ID): &mut StakingPool {
    assert!(self.pools.contains(node_id), EPoolNotFound);
    &mut self.pools[node_id]
}

/// The current epoch.
public(package) fun epoch(self: &StakingInnerV1): u32 { self.epoch }

/// The number of shards.
public(package) fun n_shards(self: &StakingInnerV1): u16 { self.n_shards }

/// The epoch duration in ms.
public(package) fun epoch_duration(self: &StakingInnerV1): u64 { self.epoch_duration }

/// When epoch 1 may start (ms).
public(package) fun first_epoch_start(self: &StakingInnerV1): u64 { self.first_epoch_start }

/// The current committee.
public(package) fun committee(self: &StakingInnerV1): &Committee { &self.committee }

/// The previous committee.
public(package) fun previous_committee(self: &StakingInnerV1): &Committee {
    &self.previous_committee
}

/// The selected next committee, if any.
public(package) fun next_committee(self: &StakingInnerV1): &Option<Committee> {
    &self.next_committee
}

/// The epoch state.
public(package) fun epoch_state(self: &StakingInnerV1): &EpochState { &self.epoch_state }

/// The active set.
public(package) fun active_set(self: &StakingInnerV1): &ActiveSet { self.active_set.borrow() }

/// The BLS keys recorded for the next committee.
public(package) fun next_epoch_public_keys(
    self: &StakingInnerV1,
): &VecMap<ID, Element<UncompressedG1>> {
    self.next_epoch_public_keys.borrow()
}

/// The node's shard count in the current committee (zero for a non-member).
public(package) fun get_current_node_weight(self: &StakingInnerV1, node_id: ID): u16 {
    self.committee.weight(&node_id)
}

/// True in `EpochChangeSync`.
public(package) fun is_epoch_sync(self: &StakingInnerV1): bool {
    match (self.epoch_state) {
        EpochState::EpochChangeSync(_) => true,
        _ => false,
    }
}

/// True in `EpochChangeDone`.
public(package) fun is_epoch_change_done(self: &StakingInnerV1): bool {
    match (self.epoch_state) {
        EpochState::EpochChangeDone(_) => true,
        _ => false,
    }
}

#[test_only]
/// The active set, mutably, for tests that need a small or full set.
public fun active_set_mut_for_testing(self: &mut StakingInnerV1): &mut ActiveSet {
    self.active_set.borrow_mut()
}

#[test]
fun quorum_below_picks_the_two_thirds_quantile_from_below() {
    assert!(quorum_below(vector[5, 1, 3], vector[1, 1, 1], 3) == 5);
    assert!(quorum_below(vector[10, 20, 30, 40], vector[4, 3, 2, 1], 10) == 20);
    assert!(quorum_below(vector[7], vector[10], 10) == 7);
}

#[test]
fun quorum_above_picks_the_two_thirds_quantile_from_above() {
    assert!(quorum_above(vector[5, 1, 3], vector[1, 1, 1], 3) == 1);
    assert!(quorum_above(vector[10, 20, 30, 40], vector[1, 2, 3, 4], 10) == 30);
    assert!(quorum_above(vector[7], vector[10], 10) == 7);
}
