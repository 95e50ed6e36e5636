// A synthetic Walrus network: a deterministic simulation that plays the contract rules forward and records
// every transaction as the chain would show it. Nodes register and stake; epochs change on schedule (parameter
// selection at the mid-point, EpochChangeStart + PricesUpdated, one epoch_sync_done per committee node until
// EpochChangeDone); committees are apportioned by stake and keep their shards across epochs; blobs are
// registered, certified, extended, shared, deleted, burned and expire; stakers stake, request withdrawals,
// withdraw, join; nodes vote prices and capacity and change commission and metadata. SYNTHETIC: keys and
// certificates are random bytes, not valid BLS material, and simplifications are named where they are made.
import { deriveBlobId, encodedBlobLength, sourceSymbols, storageUnits } from '@open-walrus/sdk';
import { normalizeStructTag } from '@mysten/sui/utils';
import { Ledger, type RecordedTransaction, syntheticId, type TransactionBuilder } from './ledger.ts';
import { Random } from './random.ts';

export interface SyntheticOptions {
  seed: number;
  /** Storage nodes that register at genesis. */
  nodes: number;
  /** Shards of the system. */
  shards: number;
  /** Checkpoints per Walrus epoch (parameters selected at the mid-point). */
  epochCheckpoints: number;
  /** Mean blob transactions per checkpoint once storage is for sale (epoch ≥ 1). */
  blobTxsPerCheckpoint: number;
  /** Accounts that stake. */
  stakers: number;
  /** Accounts that store blobs. */
  users: number;
  /** `max_epochs_ahead`. */
  maxEpochsAhead: number;
  /** Timestamp of checkpoint 0 (ms) and the spacing of checkpoints. */
  startTimestampMs: bigint;
  checkpointIntervalMs: bigint;
}

export const DEFAULT_SYNTHETIC_OPTIONS: SyntheticOptions = {
  seed: 1,
  nodes: 10,
  shards: 100,
  epochCheckpoints: 100,
  blobTxsPerCheckpoint: 3,
  stakers: 25,
  users: 40,
  maxEpochsAhead: 10,
  startTimestampMs: 1_750_000_000_000n,
  checkpointIntervalMs: 250n,
};

/** Package ids and shared objects of a synthetic network (the shape of the SDK's `Deployment`). */
export interface SyntheticDeployment {
  network: string;
  walPackageId: string;
  walrusPackageIds: string[];
  systemObjectId: string;
  stakingObjectId: string;
}

const U64_MAX = (1n << 64n) - 1n;
const FROST_PER_WAL = 1_000_000_000n;
const N_BASIS_POINTS = 10_000n;

/** Options checked once, with a message per bad value. */
export function validateSyntheticOptions(options: SyntheticOptions): SyntheticOptions {
  const problems: string[] = [];
  if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > 150)
    problems.push('nodes must be 1..150');
  if (!Number.isInteger(options.shards) || options.shards < options.nodes || options.shards > 1000) {
    problems.push('shards must be an integer in nodes..1000');
  }
  if (!Number.isInteger(options.epochCheckpoints) || options.epochCheckpoints < 2 * options.nodes + 8) {
    problems.push(
      `epochCheckpoints must be ≥ 2·nodes + 8 (${2 * options.nodes + 8}) so shard sync ends before the mid-point`,
    );
  }
  if (!(options.blobTxsPerCheckpoint >= 0)) problems.push('blobTxsPerCheckpoint must be ≥ 0');
  if (!Number.isInteger(options.stakers) || options.stakers < 1) problems.push('stakers must be ≥ 1');
  if (!Number.isInteger(options.users) || options.users < 1) problems.push('users must be ≥ 1');
  if (!Number.isInteger(options.maxEpochsAhead) || options.maxEpochsAhead < 2 || options.maxEpochsAhead > 1000) {
    problems.push('maxEpochsAhead must be 2..1000');
  }
  if (problems.length > 0) throw new RangeError(`invalid synthetic network options: ${problems.join('; ')}`);
  return options;
}

// === Simulation state beside the objects (what the contract keeps in tables we do not model) ===

interface NodeState {
  nodeId: string;
  address: string;
  metadataFieldId: string;
  /** The dynamic field object holding the NodeMetadata. */
  metadataObjectId: string;
  ratesTableId: string;
  /** Exchange rates recorded at each pool advance (Flat = null). */
  rates: Map<number, { wal: bigint; shares: bigint } | null>;
}

interface BlobState {
  objectId: string;
  owner: string;
  endEpoch: number;
  /** Set when wrapped in a SharedBlob. */
  sharedBlobId?: string;
  metadataFieldId?: string;
}

interface StakeState {
  objectId: string;
  owner: string;
  nodeId: string;
}

type Committee = Map<string, number[]>;

/** What the simulation expects the indexer to end up with (used by tests). */
export interface SyntheticExpectations {
  epoch: number;
  blobStatuses: Map<string, 'registered' | 'certified' | 'deleted' | 'expired' | 'burned'>;
  stakedWalStates: Map<string, 'staked' | 'withdrawing' | 'withdrawn' | 'merged'>;
  committees: Map<number, Committee>;
  nodeBalances: Map<string, bigint>;
  invalidBlobIds: number;
  eventCounts: Map<string, number>;
  /** System parameters each ended epoch closed with. */
  epochParameters: Map<
    number,
    { totalCapacitySize: bigint; usedCapacitySize: bigint; storagePrice: bigint; writePrice: bigint }
  >;
}

function vecMap<K, V>(entries: Iterable<[K, V]>): { contents: { key: K; value: V }[] } {
  return { contents: [...entries].map(([key, value]) => ({ key, value })) };
}

function pendingGet(values: { pos0: { contents: { key: number; value: string }[] } }, epoch: number): bigint {
  const entry = values.pos0.contents.find((e) => e.key === epoch);
  return entry === undefined ? 0n : BigInt(entry.value);
}

function pendingAdd(
  values: { pos0: { contents: { key: number; value: string }[] } },
  epoch: number,
  delta: bigint,
): void {
  const entry = values.pos0.contents.find((e) => e.key === epoch);
  if (entry === undefined) values.pos0.contents.push({ key: epoch, value: delta.toString() });
  else entry.value = (BigInt(entry.value) + delta).toString();
}

/** Removes and sums the entries with epoch ≤ `epoch`. */
function pendingFlush(values: { pos0: { contents: { key: number; value: string }[] } }, epoch: number): bigint {
  let sum = 0n;
  values.pos0.contents = values.pos0.contents.filter((e) => {
    if (e.key > epoch) return true;
    sum += BigInt(e.value);
    return false;
  });
  return sum;
}

/** The smallest vote v such that nodes voting ≤ v hold a quorum of shards (spec 4.4). */
export function quorumBelow(votes: { vote: bigint; weight: number }[], nShards: number): bigint {
  const sorted = [...votes].sort((a, b) => (a.vote < b.vote ? -1 : a.vote > b.vote ? 1 : 0));
  let weight = 0;
  for (const { vote, weight: w } of sorted) {
    weight += w;
    if (3 * weight >= 2 * nShards + 1) return vote;
  }
  return U64_MAX;
}

/** The largest vote v such that nodes voting ≥ v hold a quorum of shards (spec 4.4). */
export function quorumAbove(votes: { vote: bigint; weight: number }[], nShards: number): bigint {
  const sorted = [...votes].sort((a, b) => (a.vote > b.vote ? -1 : a.vote < b.vote ? 1 : 0));
  let weight = 0;
  for (const { vote, weight: w } of sorted) {
    weight += w;
    if (3 * weight >= 2 * nShards + 1) return vote;
  }
  return 0n;
}

/** d'Hondt with a Hagenbach-Bischoff seed and the max-shards cap (spec 4.9), over nodes in the given order. */
export function apportionShards(stakes: { nodeId: string; stake: bigint }[], nShards: number): Map<string, number> {
  const n = stakes.length;
  const total = stakes.reduce((s, x) => s + x.stake, 0n);
  if (n === 0 || total === 0n) throw new Error('apportionShards: no stake');
  const maxShards = n >= 20 ? Math.floor(nShards / 10) : Math.ceil((nShards * 20) / (n * 10));
  const divisor = total / BigInt(nShards + 1) + 1n;
  const shards = stakes.map((s) => Math.min(Number(s.stake / divisor), maxShards));
  let assigned = shards.reduce((a, b) => a + b, 0);
  while (assigned < nShards) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (shards[i]! >= maxShards) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      // stake_i / (shards_i + 1) > stake_best / (shards_best + 1); ties go to the earlier node.
      if (stakes[i]!.stake * BigInt(shards[best]! + 1) > stakes[best]!.stake * BigInt(shards[i]! + 1)) best = i;
    }
    if (best < 0) throw new Error('apportionShards: every node is at the shard cap');
    shards[best]! += 1;
    assigned++;
  }
  const out = new Map<string, number>();
  stakes.forEach((s, i) => {
    if (shards[i]! > 0) out.set(s.nodeId, shards[i]!);
  });
  return out;
}

/** Shard ids for the new weights, keeping each continuing node's shards (spec 4.9 step 3); sorted by node id. */
export function transitionCommittee(previous: Committee, weights: Map<string, number>, nShards: number): Committee {
  const byId = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
  const next = new Map<string, number[]>();
  if (previous.size === 0) {
    let shard = 0;
    for (const nodeId of [...weights.keys()].sort(byId)) {
      next.set(
        nodeId,
        Array.from({ length: weights.get(nodeId)! }, () => shard++),
      );
    }
    return next;
  }
  const toMove: number[] = [];
  for (const [nodeId, shards] of previous) {
    const keep = [...shards];
    const want = weights.get(nodeId) ?? 0;
    while (keep.length > want) toMove.push(keep.pop()!);
    if (keep.length > 0) next.set(nodeId, keep);
  }
  for (const [nodeId, want] of weights) {
    const have = next.get(nodeId) ?? [];
    while (have.length < want) {
      const shard = toMove.pop();
      if (shard === undefined) throw new Error('transitionCommittee: shard totals differ');
      have.push(shard);
    }
    next.set(nodeId, have);
  }
  const total = [...next.values()].reduce((s, v) => s + v.length, 0);
  if (total !== nShards) throw new Error(`transitionCommittee: ${total} shards assigned, expected ${nShards}`);
  return new Map([...next].sort(([a], [b]) => byId(a, b)));
}

/**
 * A random element of `items` satisfying `predicate`, by sampling (so the cost does not grow with the list);
 * null when `tries` samples found none. Elements failing `keep` are dropped from the list on the way.
 */
function sample<T>(
  random: Random,
  items: T[],
  predicate: (item: T) => boolean,
  keep: (item: T) => boolean = () => true,
  tries = 24,
): T | null {
  for (let i = 0; i < tries && items.length > 0; i++) {
    const index = Math.floor(random.next() * items.length);
    const item = items[index]!;
    if (!keep(item)) {
      items[index] = items[items.length - 1]!;
      items.pop();
      continue;
    }
    if (predicate(item)) return item;
  }
  return null;
}

export class SyntheticNetwork {
  readonly options: SyntheticOptions;
  readonly deployment: SyntheticDeployment;
  readonly expectations: SyntheticExpectations;
  private readonly random: Random;
  private readonly ledger: Ledger;
  private readonly walrus: string;
  private readonly wal: string;
  private readonly nodes: NodeState[] = [];
  private readonly blobs: BlobState[] = [];
  /** Blobs that may still be registered or certified (pruned lazily). */
  private readonly openBlobs: BlobState[] = [];
  /** Expired blobs whose object may still be burned (pruned lazily). */
  private readonly expiredBlobs: BlobState[] = [];
  private readonly stakes: StakeState[] = [];
  private readonly stakerAddresses: string[];
  private readonly userAddresses: string[];
  private readonly systemInnerId: string;
  private readonly stakingInnerId: string;
  private epoch = 0;
  private epochStartMs: bigint;
  private syncPending: string[] = [];
  private eventBlobThisEpoch = false;
  private checkpoint = 0n;

  constructor(options: SyntheticOptions) {
    this.options = validateSyntheticOptions(options);
    this.random = new Random(options.seed);
    this.ledger = new Ledger(options.seed);
    this.wal = syntheticId(options.seed, 'package wal');
    this.walrus = syntheticId(options.seed, 'package walrus');
    this.deployment = {
      network: `synthetic-${options.seed}`,
      walPackageId: this.wal,
      walrusPackageIds: [this.walrus],
      systemObjectId: syntheticId(options.seed, 'object System'),
      stakingObjectId: syntheticId(options.seed, 'object Staking'),
    };
    this.systemInnerId = syntheticId(options.seed, 'object System inner');
    this.stakingInnerId = syntheticId(options.seed, 'object Staking inner');
    this.stakerAddresses = Array.from({ length: options.stakers }, (_, i) => syntheticId(options.seed, `staker ${i}`));
    this.userAddresses = Array.from({ length: options.users }, (_, i) => syntheticId(options.seed, `user ${i}`));
    this.epochStartMs = options.startTimestampMs;
    this.expectations = {
      epoch: 0,
      blobStatuses: new Map(),
      stakedWalStates: new Map(),
      committees: new Map(),
      nodeBalances: new Map(),
      invalidBlobIds: 0,
      eventCounts: new Map(),
      epochParameters: new Map(),
    };
  }

  // === Type tags ===

  private t(module: string, name: string): string {
    return normalizeStructTag(`${this.walrus}::${module}::${name}`);
  }

  private field(name: string, value: string): string {
    return normalizeStructTag(`0x2::dynamic_field::Field<${name}, ${value}>`);
  }

  private emit(tx: TransactionBuilder, name: string, module: string, value: Record<string, unknown>): void {
    tx.emit(this.t('events', name), module, value);
    this.expectations.eventCounts.set(name, (this.expectations.eventCounts.get(name) ?? 0) + 1);
  }

  private now(): bigint {
    return this.options.startTimestampMs + this.checkpoint * this.options.checkpointIntervalMs;
  }

  private get epochDurationMs(): bigint {
    return BigInt(this.options.epochCheckpoints) * this.options.checkpointIntervalMs;
  }

  // === Reading state ===

  private stakingInner(): any {
    return this.ledger.get(this.stakingInnerId).value.value;
  }

  private systemInner(): any {
    return this.ledger.get(this.systemInnerId).value.value;
  }

  private committee(which: 'committee' | 'next_committee' | 'previous_committee'): Committee {
    const value = this.stakingInner()[which];
    if (value === null) return new Map();
    return new Map(value.pos0.contents.map((e: { key: string; value: number[] }) => [e.key, e.value]));
  }

  private pool(nodeId: string): any {
    return this.ledger.get(nodeId).value;
  }

  private rateAt(node: NodeState, epoch: number): { wal: bigint; shares: bigint } | null {
    for (let e = epoch; e >= 0; e--) {
      if (node.rates.has(e)) return node.rates.get(e)!;
    }
    return null;
  }

  private static toShares(rate: { wal: bigint; shares: bigint } | null, wal: bigint): bigint {
    return rate === null ? wal : (wal * rate.shares) / rate.wal;
  }

  private static toWal(rate: { wal: bigint; shares: bigint } | null, shares: bigint): bigint {
    return rate === null ? shares : (shares * rate.wal) / rate.shares;
  }

  // === Genesis and nodes ===

  private genesis(): RecordedTransaction {
    const publisher = syntheticId(this.options.seed, 'publisher');
    return this.ledger.transaction(publisher, (tx) => {
      const ringLength = this.options.maxEpochsAhead;
      tx.create(
        this.t('system', 'System'),
        { kind: 'shared', initialVersion: 0n },
        (id) => ({ id: { id }, version: '1', package_id: this.walrus, new_package_id: null }),
        this.deployment.systemObjectId,
      );
      tx.create(
        this.field('u64', this.t('system_state_inner', 'SystemStateInnerV1')),
        { kind: 'object', parent: this.deployment.systemObjectId },
        (id) => ({
          id: { id },
          name: '1',
          value: {
            committee: { members: [], n_shards: 0, epoch: 0, total_aggregated_key: { bytes: new Uint8Array(48) } },
            total_capacity_size: '0',
            used_capacity_size: '0',
            storage_price_per_unit_size: U64_MAX.toString(),
            write_price_per_unit_size: U64_MAX.toString(),
            future_accounting: {
              current_index: 0,
              length: ringLength,
              ring_buffer: Array.from({ length: ringLength }, (_, i) => ({
                epoch: i,
                used_capacity: '0',
                rewards_to_distribute: { value: '0' },
              })),
            },
            event_blob_certification_state: {
              latest_certified_blob: null,
              aggregate_weight_per_blob: { contents: [] },
            },
            deny_list_sizes: { id: { id: syntheticId(this.options.seed, 'object deny list sizes') } },
          },
        }),
        this.systemInnerId,
      );
      tx.create(
        this.t('staking', 'Staking'),
        { kind: 'shared', initialVersion: 0n },
        (id) => ({ id: { id }, version: '1', package_id: this.walrus, new_package_id: null }),
        this.deployment.stakingObjectId,
      );
      tx.create(
        this.field('u64', this.t('staking_inner', 'StakingInnerV1')),
        { kind: 'object', parent: this.deployment.stakingObjectId },
        (id) => ({
          id: { id },
          name: '1',
          value: {
            n_shards: this.options.shards,
            epoch_duration: this.epochDurationMs.toString(),
            first_epoch_start: (this.options.startTimestampMs + this.epochDurationMs / 2n).toString(),
            pools: { id: { id: syntheticId(this.options.seed, 'object pools') }, size: '0' },
            epoch: 0,
            active_set: { id: { id: syntheticId(this.options.seed, 'object active set') } },
            next_committee: null,
            committee: { pos0: { contents: [] } },
            previous_committee: { pos0: { contents: [] } },
            next_epoch_params: null,
            epoch_state: { EpochChangeDone: { pos0: this.options.startTimestampMs.toString() } },
            next_epoch_public_keys: { id: { id: syntheticId(this.options.seed, 'object next keys') } },
          },
        }),
        this.stakingInnerId,
      );
    });
  }

  private registerNode(index: number): RecordedTransaction {
    const address = syntheticId(this.options.seed, `node operator ${index}`);
    return this.ledger.transaction(address, (tx) => {
      const nodeId = this.ledger.newId();
      const metadataFieldId = this.ledger.newId();
      const ratesTableId = this.ledger.newId();
      const publicKey = this.random.bytes(96);
      const activation = this.stakingInner().epoch_state.NextParamsSelected === undefined ? this.epoch : this.epoch + 1;
      tx.create(
        this.t('staking_pool', 'StakingPool'),
        { kind: 'object', parent: syntheticId(this.options.seed, `object pool field ${index}`) },
        () => ({
          id: { id: nodeId },
          state: { Active: true },
          voting_params: {
            storage_price: String(this.random.int(50_000, 150_000)),
            write_price: String(this.random.int(10_000, 30_000)),
            node_capacity: String(BigInt(this.random.int(50, 200)) << 40n),
          },
          node_info: {
            name: `synthetic-node-${index}`,
            node_id: nodeId,
            network_address: `node-${index}.synthetic.invalid:9185`,
            public_key: { bytes: publicKey },
            next_epoch_public_key: null,
            network_public_key: this.random.bytes(33),
            metadata: { id: { id: metadataFieldId } },
          },
          activation_epoch: activation,
          latest_epoch: this.epoch,
          wal_balance: '0',
          num_shares: '0',
          pending_shares_withdraw: { pos0: { contents: [] } },
          pre_active_withdrawals: { pos0: { contents: [] } },
          pending_commission_rate: { pos0: { contents: [] } },
          commission_rate: this.random.int(0, 20) * 100,
          exchange_rates: { id: { id: ratesTableId }, size: '0' },
          pending_stake: { pos0: { contents: [] } },
          rewards_pool: { value: '0' },
          commission: { value: '0' },
          commission_receiver: { Address: { pos0: address } },
          governance_authorized: { Address: { pos0: address } },
          extra_fields: { id: { id: this.ledger.newId() }, size: '0' },
        }),
        nodeId,
      );
      const metadataObjectId = tx.create(
        this.field(this.t('extended_field', 'Key'), this.t('node_metadata', 'NodeMetadata')),
        { kind: 'object', parent: metadataFieldId },
        (id) => ({
          id: { id },
          name: { dummy_field: false },
          value: {
            image_url: `https://synthetic.invalid/node-${index}.png`,
            project_url: `https://synthetic.invalid/node-${index}`,
            description: `Synthetic storage node ${index}`,
            extra_fields: { contents: [] },
          },
        }),
      );
      tx.mutate(this.stakingInnerId, (field) => {
        field.value.pools.size = String(BigInt(field.value.pools.size) + 1n);
      });
      this.nodes.push({ nodeId, address, metadataFieldId, metadataObjectId, ratesTableId, rates: new Map() });
      this.stakeIn(tx, address, nodeId, BigInt(this.random.int(50_000, 500_000)) * FROST_PER_WAL);
    });
  }

  // === Staking ===

  private activationEpoch(): number {
    return this.stakingInner().epoch_state.NextParamsSelected === undefined ? this.epoch + 1 : this.epoch + 2;
  }

  private stakeIn(tx: TransactionBuilder, owner: string, nodeId: string, amount: bigint): void {
    const activation = this.activationEpoch();
    const objectId = tx.create(this.t('staked_wal', 'StakedWal'), { kind: 'address', address: owner }, (id) => ({
      id: { id },
      state: { Staked: true },
      node_id: nodeId,
      principal: { value: amount.toString() },
      activation_epoch: activation,
    }));
    tx.mutate(nodeId, (pool) => pendingAdd(pool.pending_stake, activation, amount));
    this.stakes.push({ objectId, owner, nodeId });
    this.expectations.stakedWalStates.set(objectId, 'staked');
  }

  private stakeTx(): RecordedTransaction {
    const owner = this.random.pick(this.stakerAddresses);
    const node = this.random.pick(this.nodes);
    return this.ledger.transaction(owner, (tx) =>
      this.stakeIn(tx, owner, node.nodeId, BigInt(this.random.int(1, 5_000)) * FROST_PER_WAL),
    );
  }

  /** Request a withdrawal of an active position whose node is in a committee; null when none qualifies. */
  private requestWithdrawTx(): RecordedTransaction | null {
    const current = this.committee('committee');
    const next = this.committee('next_committee');
    const stake = sample(this.random, this.stakes, (s) => {
      const value = this.ledger.get(s.objectId).value;
      return (
        value.state.Staked !== undefined &&
        value.activation_epoch <= this.epoch &&
        (current.has(s.nodeId) || next.has(s.nodeId))
      );
    });
    if (stake === null) return null;
    const node = this.nodes.find((n) => n.nodeId === stake.nodeId)!;
    const value = this.ledger.get(stake.objectId).value;
    const withdrawEpoch = next.has(stake.nodeId) ? this.epoch + 2 : this.epoch + 1;
    const shares = SyntheticNetwork.toShares(this.rateAt(node, value.activation_epoch), BigInt(value.principal.value));
    if (shares === 0n) return null;
    return this.ledger.transaction(stake.owner, (tx) => {
      tx.mutate(stake.objectId, (s) => {
        s.state = { Withdrawing: { withdraw_epoch: withdrawEpoch } };
      });
      tx.mutate(stake.nodeId, (pool) => pendingAdd(pool.pending_shares_withdraw, withdrawEpoch, shares));
      this.expectations.stakedWalStates.set(stake.objectId, 'withdrawing');
    });
  }

  /** Withdraw a position: one whose withdrawal epoch came, or one not yet active (early withdrawal). */
  private withdrawTx(): RecordedTransaction | null {
    const next = this.committee('next_committee');
    const selected = this.stakingInner().epoch_state.NextParamsSelected !== undefined;
    const stake = sample(this.random, this.stakes, (s) => {
      const v = this.ledger.get(s.objectId).value;
      if (v.state.Withdrawing !== undefined) return v.state.Withdrawing.withdraw_epoch <= this.epoch;
      const early =
        v.activation_epoch === this.epoch + 2 ||
        (v.activation_epoch === this.epoch + 1 && !(selected && next.has(s.nodeId)));
      return early;
    });
    if (stake === null) return null;
    const node = this.nodes.find((n) => n.nodeId === stake.nodeId)!;
    const value = this.ledger.get(stake.objectId).value;
    const principal = BigInt(value.principal.value);
    return this.ledger.transaction(stake.owner, (tx) => {
      tx.delete(stake.objectId);
      tx.mutate(stake.nodeId, (pool) => {
        if (value.state.Withdrawing !== undefined) {
          const shares = SyntheticNetwork.toShares(this.rateAt(node, value.activation_epoch), principal);
          const worth = SyntheticNetwork.toWal(this.rateAt(node, value.state.Withdrawing.withdraw_epoch), shares);
          const rewardsPool = BigInt(pool.rewards_pool.value);
          const rewards = worth > principal ? worth - principal : 0n;
          pool.rewards_pool.value = (rewardsPool - (rewards < rewardsPool ? rewards : rewardsPool)).toString();
        } else {
          pendingAdd(pool.pending_stake, value.activation_epoch, -principal);
        }
      });
      this.stakes.splice(this.stakes.indexOf(stake), 1);
      this.expectations.stakedWalStates.set(stake.objectId, 'withdrawn');
    });
  }

  /** `join` two staked positions of one owner, node and activation epoch; null when there is no such pair. */
  private joinTx(): RecordedTransaction | null {
    const byKey = new Map<string, StakeState[]>();
    const window = Array.from({ length: Math.min(64, this.stakes.length) }, () => this.random.pick(this.stakes));
    for (const s of new Set(window)) {
      const v = this.ledger.get(s.objectId).value;
      if (v.state.Staked === undefined) continue;
      const key = `${s.owner}:${s.nodeId}:${v.activation_epoch}`;
      byKey.set(key, [...(byKey.get(key) ?? []), s]);
    }
    const pair = [...byKey.values()].find((list) => list.length >= 2);
    if (pair === undefined) return null;
    const [keep, merge] = pair as [StakeState, StakeState];
    const merged = BigInt(this.ledger.get(merge.objectId).value.principal.value);
    return this.ledger.transaction(keep.owner, (tx) => {
      tx.mutate(keep.objectId, (s) => {
        s.principal.value = (BigInt(s.principal.value) + merged).toString();
      });
      tx.delete(merge.objectId);
      this.stakes.splice(this.stakes.indexOf(merge), 1);
      this.expectations.stakedWalStates.set(merge.objectId, 'merged');
    });
  }

  /** A node changes its votes, its next commission or its metadata. */
  private nodeParametersTx(): RecordedTransaction {
    const node = this.random.pick(this.nodes);
    const choice = this.random.int(0, 2);
    return this.ledger.transaction(node.address, (tx) => {
      if (choice === 0) {
        tx.mutate(node.nodeId, (pool) => {
          const drift = (v: string) => {
            const x = BigInt(v);
            const delta = (x * BigInt(this.random.int(-10, 10))) / 100n;
            return (x + delta > 0n ? x + delta : 1n).toString();
          };
          pool.voting_params.storage_price = drift(pool.voting_params.storage_price);
          pool.voting_params.write_price = drift(pool.voting_params.write_price);
        });
      } else if (choice === 1) {
        tx.mutate(node.nodeId, (pool) => {
          pool.pending_commission_rate.pos0.contents = pool.pending_commission_rate.pos0.contents.filter(
            (e: { key: number }) => e.key !== this.epoch + 2,
          );
          pendingAdd(pool.pending_commission_rate, this.epoch + 2, BigInt(this.random.int(0, 20) * 100));
        });
      } else {
        tx.mutate(node.metadataObjectId, (field) => {
          field.value.description = `Synthetic storage node, updated at checkpoint ${this.checkpoint}`;
          field.value.extra_fields = vecMap([['updated', String(this.checkpoint)]]);
        });
      }
    });
  }

  // === Epochs ===

  private stakeForNextVote(node: NodeState, epoch: number): bigint {
    const pool = this.pool(node.nodeId);
    let stake = BigInt(pool.wal_balance);
    for (const e of pool.pending_stake.pos0.contents) if (e.key <= epoch) stake += BigInt(e.value);
    const rate = this.rateAt(node, this.epoch);
    for (const e of pool.pending_shares_withdraw.pos0.contents) {
      if (e.key <= epoch) stake -= SyntheticNetwork.toWal(rate, BigInt(e.value));
    }
    return stake > 0n ? stake : 0n;
  }

  private votingEndTx(): RecordedTransaction {
    const sender = this.nodes[0]!.address;
    const stakes = this.nodes
      .map((n) => ({ nodeId: n.nodeId, stake: this.stakeForNextVote(n, this.epoch + 1) }))
      .filter((s) => s.stake > 0n);
    const weights = apportionShards(stakes, this.options.shards);
    const next = transitionCommittee(this.committee('committee'), weights, this.options.shards);
    const capacity = quorumAbove(
      [...next].map(([nodeId, shards]) => {
        const vote =
          (BigInt(this.pool(nodeId).voting_params.node_capacity) * BigInt(this.options.shards)) / BigInt(shards.length);
        return { vote: vote > U64_MAX ? U64_MAX : vote, weight: shards.length };
      }),
      this.options.shards,
    );
    return this.ledger.transaction(sender, (tx) => {
      tx.mutate(this.stakingInnerId, (field) => {
        field.value.next_committee = { pos0: vecMap(next) };
        field.value.next_epoch_params = {
          total_capacity_size: capacity.toString(),
          storage_price_per_unit_size: U64_MAX.toString(),
          write_price_per_unit_size: U64_MAX.toString(),
        };
        field.value.epoch_state = { NextParamsSelected: { pos0: this.epochStartMs.toString() } };
      });
      this.emit(tx, 'EpochParametersSelected', 'staking', { next_epoch: this.epoch + 1 });
    });
  }

  private epochChangeTx(): RecordedTransaction {
    const sender = this.nodes[0]!.address;
    const oldCommittee = this.committee('committee');
    const newCommittee = this.committee('next_committee');
    const newEpoch = this.epoch + 1;
    const nextCapacity = BigInt(this.stakingInner().next_epoch_params.total_capacity_size);
    const closing = this.systemInner();
    this.expectations.epochParameters.set(this.epoch, {
      totalCapacitySize: BigInt(closing.total_capacity_size),
      usedCapacitySize: BigInt(closing.used_capacity_size),
      storagePrice: BigInt(closing.storage_price_per_unit_size),
      writePrice: BigInt(closing.write_price_per_unit_size),
    });
    return this.ledger.transaction(sender, (tx) => {
      // Rewards of the ending epoch: 3% burned, the rest split by shard weight × stored bytes (no deny lists).
      let rewards: Map<string, bigint> = new Map();
      let leftover = 0n;
      tx.mutate(this.systemInnerId, (field) => {
        const inner = field.value;
        const ring = inner.future_accounting;
        const length: number = ring.length;
        const head = ring.ring_buffer[ring.current_index];
        const total = BigInt(head.rewards_to_distribute.value);
        const distributed = total - (total * 3n) / 100n;
        const used = BigInt(head.used_capacity);
        const scores = [...oldCommittee].map(([nodeId, shards]) => ({ nodeId, score: BigInt(shards.length) * used }));
        const sum = scores.reduce((s, x) => s + x.score, 0n);
        rewards = new Map(scores.map((s) => [s.nodeId, (distributed * s.score) / (sum > 0n ? sum : 1n)]));
        leftover = distributed - [...rewards.values()].reduce((s, x) => s + x, 0n);
        // Pop the ending epoch, append epoch old + length.
        ring.ring_buffer[ring.current_index] = {
          epoch: head.epoch + length,
          used_capacity: '0',
          rewards_to_distribute: { value: '0' },
        };
        ring.current_index = (ring.current_index + 1) % length;
        const first = ring.ring_buffer[ring.current_index];
        first.rewards_to_distribute.value = (BigInt(first.rewards_to_distribute.value) + leftover).toString();
        inner.used_capacity_size = first.used_capacity;
        const usedNow = BigInt(first.used_capacity);
        inner.total_capacity_size = (nextCapacity > usedNow ? nextCapacity : usedNow).toString();
        inner.committee = {
          members: [...newCommittee].map(([nodeId, shards]) => ({
            public_key: this.pool(nodeId).node_info.public_key,
            weight: shards.length,
            node_id: nodeId,
          })),
          n_shards: this.options.shards,
          epoch: newEpoch,
          total_aggregated_key: { bytes: this.random.bytes(48) },
        };
      });
      // Pools advance: rewards and commission, pending commission, exchange rate, pending stake and withdrawals.
      for (const node of this.nodes) {
        if (!oldCommittee.has(node.nodeId) && !newCommittee.has(node.nodeId)) continue;
        tx.mutate(node.nodeId, (pool) => {
          const reward = rewards.get(node.nodeId) ?? 0n;
          const commission = (reward * BigInt(pool.commission_rate)) / N_BASIS_POINTS;
          pool.commission.value = (BigInt(pool.commission.value) + commission).toString();
          pool.rewards_pool.value = (BigInt(pool.rewards_pool.value) + reward - commission).toString();
          let wal = BigInt(pool.wal_balance) + reward - commission;
          const pendingRates = pool.pending_commission_rate.pos0.contents.filter(
            (e: { key: number }) => e.key <= newEpoch,
          );
          if (pendingRates.length > 0) {
            pool.commission_rate = Number(pendingRates[pendingRates.length - 1].value);
            pendingFlush(pool.pending_commission_rate, newEpoch);
          }
          pool.latest_epoch = newEpoch;
          const shares = BigInt(pool.num_shares);
          const rate = wal === 0n || shares === 0n ? null : { wal, shares };
          node.rates.set(newEpoch, rate);
          tx.create(
            this.field('u32', this.t('pool_exchange_rate', 'PoolExchangeRate')),
            { kind: 'object', parent: node.ratesTableId },
            (id) => ({
              id: { id },
              name: newEpoch,
              value:
                rate === null
                  ? { Flat: true }
                  : { Variable: { wal_amount: rate.wal.toString(), share_amount: rate.shares.toString() } },
            }),
          );
          pool.exchange_rates.size = String(BigInt(pool.exchange_rates.size) + 1n);
          wal += pendingFlush(pool.pending_stake, newEpoch);
          const withdrawnShares = pendingFlush(pool.pending_shares_withdraw, newEpoch);
          wal -= SyntheticNetwork.toWal(rate, withdrawnShares);
          pool.wal_balance = wal.toString();
          pool.num_shares = SyntheticNetwork.toShares(rate, wal).toString();
        });
      }
      tx.mutate(this.stakingInnerId, (field) => {
        field.value.epoch = newEpoch;
        field.value.previous_committee = field.value.committee;
        field.value.committee = field.value.next_committee;
        field.value.next_committee = null;
        field.value.next_epoch_params = null;
        field.value.epoch_state = { EpochChangeSync: { pos0: 0 } };
      });
      // update_prices over the new committee.
      const votes = (key: 'storage_price' | 'write_price') =>
        [...newCommittee].map(([nodeId, shards]) => ({
          vote: BigInt(tx.read(nodeId).voting_params[key]),
          weight: shards.length,
        }));
      const storagePrice = quorumBelow(votes('storage_price'), this.options.shards);
      const writePrice = quorumBelow(votes('write_price'), this.options.shards);
      tx.mutate(this.systemInnerId, (field) => {
        field.value.storage_price_per_unit_size = storagePrice.toString();
        field.value.write_price_per_unit_size = writePrice.toString();
      });
      this.emit(tx, 'EpochChangeStart', 'staking', { epoch: newEpoch });
      this.emit(tx, 'PricesUpdated', 'staking', {
        epoch: newEpoch,
        storage_price: storagePrice.toString(),
        write_price: writePrice.toString(),
      });
      this.epoch = newEpoch;
      this.expectations.epoch = newEpoch;
      this.expectations.committees.set(newEpoch, newCommittee);
      this.syncPending = [...newCommittee.keys()];
      this.eventBlobThisEpoch = false;
      for (const blob of this.blobs) {
        const status = this.expectations.blobStatuses.get(blob.objectId);
        if ((status === 'registered' || status === 'certified') && blob.endEpoch <= newEpoch) {
          this.expectations.blobStatuses.set(blob.objectId, 'expired');
          this.expiredBlobs.push(blob);
        }
      }
    });
  }

  private syncDoneTx(): RecordedTransaction {
    const nodeId = this.syncPending.shift()!;
    const node = this.nodes.find((n) => n.nodeId === nodeId)!;
    const shards = this.committee('committee').get(nodeId)!;
    return this.ledger.transaction(node.address, (tx) => {
      let done = false;
      tx.mutate(this.stakingInnerId, (field) => {
        const weight: number = field.value.epoch_state.EpochChangeSync.pos0 + shards.length;
        done = 3 * weight >= 2 * this.options.shards + 1;
        field.value.epoch_state = done
          ? { EpochChangeDone: { pos0: this.now().toString() } }
          : { EpochChangeSync: { pos0: weight } };
      });
      this.emit(tx, 'ShardsReceived', 'staking', { epoch: this.epoch, shards });
      if (done) {
        this.emit(tx, 'EpochChangeDone', 'staking', { epoch: this.epoch });
        this.epochStartMs = this.now();
        this.syncPending = [];
      }
    });
  }

  // === Blobs ===

  private blobValue(blob: BlobState): any | undefined {
    if (blob.sharedBlobId !== undefined) return this.ledger.objects.get(blob.sharedBlobId)?.value.blob;
    return this.ledger.objects.get(blob.objectId)?.value;
  }

  private storagePrice(): bigint {
    return BigInt(this.systemInner().storage_price_per_unit_size);
  }

  /** Pays for `size` bytes over epoch offsets [from, to) and accounts the capacity; false when it does not fit. */
  private reserve(tx: TransactionBuilder, size: bigint, from: number, to: number, writeFee: bigint): boolean {
    const inner = tx.read(this.systemInnerId).value;
    const total = BigInt(inner.total_capacity_size);
    const ring = inner.future_accounting;
    for (let i = from; i < to; i++) {
      const entry = ring.ring_buffer[(ring.current_index + i) % ring.length];
      if (BigInt(entry.used_capacity) + size > total) return false;
    }
    const perEpoch = this.storagePrice() * storageUnits(size);
    tx.mutate(this.systemInnerId, (field) => {
      const r = field.value.future_accounting;
      for (let i = from; i < to; i++) {
        const entry = r.ring_buffer[(r.current_index + i) % r.length];
        entry.used_capacity = (BigInt(entry.used_capacity) + size).toString();
        entry.rewards_to_distribute.value = (BigInt(entry.rewards_to_distribute.value) + perEpoch).toString();
      }
      const head = r.ring_buffer[r.current_index];
      head.rewards_to_distribute.value = (BigInt(head.rewards_to_distribute.value) + writeFee).toString();
      field.value.used_capacity_size = head.used_capacity;
    });
    return true;
  }

  /** One programmable transaction registering 1 to 4 blobs (each: reserve space, then register). */
  private registerBlobTx(): RecordedTransaction | null {
    const owner = this.random.pick(this.userAddresses);
    const { primary, secondary } = sourceSymbols(this.options.shards);
    const maxSize = Math.min(50_000_000, primary * secondary * 65_534);
    const count = this.random.int(1, 4);
    let registered = 0;
    const tx = this.ledger.transaction(owner, (tx) => {
      for (let i = 0; i < count; i++) {
        const size = BigInt(this.random.logUniform(100, maxSize));
        const encoded = encodedBlobLength(size, this.options.shards);
        const epochs = this.random.int(1, Math.min(5, this.options.maxEpochsAhead));
        const deletable = this.random.chance(0.5);
        const blobId = deriveBlobId(BigInt(`0x${Buffer.from(this.random.bytes(32)).toString('hex')}`), 1, size);
        const writeFee = BigInt(this.systemInner().write_price_per_unit_size) * storageUnits(encoded);
        if (!this.reserve(tx, encoded, 0, epochs, writeFee)) return;
        registered++;
        const storageId = this.ledger.newId();
        const objectId = tx.create(this.t('blob', 'Blob'), { kind: 'address', address: owner }, (id) => ({
          id: { id },
          registered_epoch: this.epoch,
          blob_id: blobId.toString(),
          size: size.toString(),
          encoding_type: 1,
          certified_epoch: null,
          storage: {
            id: { id: storageId },
            start_epoch: this.epoch,
            end_epoch: this.epoch + epochs,
            storage_size: encoded.toString(),
          },
          deletable,
        }));
        this.emit(tx, 'BlobRegistered', 'system', {
          epoch: this.epoch,
          blob_id: blobId.toString(),
          size: size.toString(),
          encoding_type: 1,
          end_epoch: this.epoch + epochs,
          deletable,
          object_id: objectId,
        });
        const state = { objectId, owner, endEpoch: this.epoch + epochs };
        this.blobs.push(state);
        this.openBlobs.push(state);
        this.expectations.blobStatuses.set(objectId, 'registered');
      }
    });
    return registered > 0 ? tx : null;
  }

  /** A random live blob (registered or certified, not expired) satisfying `predicate`, or null. */
  private liveBlob(predicate: (value: any, blob: BlobState) => boolean): BlobState | null {
    const open = (b: BlobState) => {
      const status = this.expectations.blobStatuses.get(b.objectId);
      return (
        (status === 'registered' || status === 'certified') &&
        b.endEpoch > this.epoch &&
        this.blobValue(b) !== undefined
      );
    };
    return sample(this.random, this.openBlobs, (b) => predicate(this.blobValue(b), b), open);
  }

  private certifyBlobTx(): RecordedTransaction | null {
    const blob = this.liveBlob((v, b) => v.certified_epoch === null && b.sharedBlobId === undefined);
    if (blob === null) return null;
    return this.ledger.transaction(blob.owner, (tx) => {
      tx.mutate(blob.objectId, (v) => {
        v.certified_epoch = this.epoch;
      });
      const v = tx.read(blob.objectId);
      this.emit(tx, 'BlobCertified', 'system', {
        epoch: this.epoch,
        blob_id: v.blob_id,
        end_epoch: v.storage.end_epoch,
        deletable: v.deletable,
        object_id: blob.objectId,
        is_extension: false,
      });
      if (this.random.chance(0.3)) {
        blob.metadataFieldId = tx.create(
          this.field('vector<u8>', this.t('metadata', 'Metadata')),
          { kind: 'object', parent: blob.objectId },
          (id) => ({
            id: { id },
            name: [...Buffer.from('metadata')],
            value: {
              metadata: vecMap([
                ['content-type', this.random.pick(['image/png', 'text/plain', 'application/json', 'video/mp4'])],
                ['uploaded-by', 'synthetic'],
              ]),
            },
          }),
        );
      }
      this.expectations.blobStatuses.set(blob.objectId, 'certified');
    });
  }

  private extendBlobTx(): RecordedTransaction | null {
    const blob = this.liveBlob(
      (v) => v.certified_epoch !== null && v.storage.end_epoch - this.epoch < this.options.maxEpochsAhead,
    );
    if (blob === null) return null;
    const value = this.blobValue(blob);
    const offset = value.storage.end_epoch - this.epoch;
    const extra = this.random.int(1, Math.min(3, this.options.maxEpochsAhead - offset));
    let extended = false;
    const tx = this.ledger.transaction(blob.owner, (tx) => {
      if (!this.reserve(tx, BigInt(value.storage.storage_size), offset, offset + extra, 0n)) return;
      extended = true;
      const bump = (v: any) => {
        v.storage.end_epoch += extra;
      };
      blob.endEpoch += extra;
      if (blob.sharedBlobId !== undefined) tx.mutate(blob.sharedBlobId, (shared) => bump(shared.blob));
      else tx.mutate(blob.objectId, bump);
      this.emit(tx, 'BlobCertified', blob.sharedBlobId === undefined ? 'system' : 'shared_blob', {
        epoch: value.certified_epoch,
        blob_id: value.blob_id,
        end_epoch: value.storage.end_epoch + extra,
        deletable: value.deletable,
        object_id: blob.objectId,
        is_extension: true,
      });
    });
    return extended ? tx : null;
  }

  private deleteBlobTx(): RecordedTransaction | null {
    const blob = this.liveBlob((v, b) => v.deletable && b.sharedBlobId === undefined);
    if (blob === null) return null;
    const value = this.blobValue(blob);
    return this.ledger.transaction(blob.owner, (tx) => {
      if (blob.metadataFieldId !== undefined) tx.delete(blob.metadataFieldId);
      tx.delete(blob.objectId);
      // The storage resource goes back to the owner.
      tx.create(this.t('storage_resource', 'Storage'), { kind: 'address', address: blob.owner }, (id) => ({
        ...value.storage,
        id: { id },
      }));
      this.emit(tx, 'BlobDeleted', 'system', {
        epoch: this.epoch,
        blob_id: value.blob_id,
        end_epoch: value.storage.end_epoch,
        object_id: blob.objectId,
        was_certified: value.certified_epoch !== null,
      });
      this.expectations.blobStatuses.set(blob.objectId, 'deleted');
    });
  }

  private burnBlobTx(): RecordedTransaction | null {
    const blob = sample(
      this.random,
      this.expiredBlobs,
      () => true,
      (b) =>
        b.sharedBlobId === undefined &&
        this.expectations.blobStatuses.get(b.objectId) === 'expired' &&
        this.ledger.objects.has(b.objectId),
    );
    if (blob === null) return null;
    return this.ledger.transaction(blob.owner, (tx) => {
      if (blob.metadataFieldId !== undefined) tx.delete(blob.metadataFieldId);
      tx.delete(blob.objectId);
      this.expectations.blobStatuses.set(blob.objectId, 'burned');
    });
  }

  private shareBlobTx(): RecordedTransaction | null {
    const blob = this.liveBlob((v, b) => v.certified_epoch !== null && !v.deletable && b.sharedBlobId === undefined);
    if (blob === null) return null;
    return this.ledger.transaction(blob.owner, (tx) => {
      const value = tx.read(blob.objectId);
      tx.wrap(blob.objectId);
      blob.sharedBlobId = tx.create(
        this.t('shared_blob', 'SharedBlob'),
        { kind: 'shared', initialVersion: 0n },
        (id) => ({
          id: { id },
          blob: value,
          funds: { value: '0' },
        }),
      );
    });
  }

  private invalidBlobIdTx(): RecordedTransaction {
    const node = this.random.pick(this.nodes);
    return this.ledger.transaction(node.address, (tx) => {
      const blobId = BigInt(`0x${Buffer.from(this.random.bytes(32)).toString('hex')}`);
      this.emit(tx, 'InvalidBlobID', 'system', { epoch: this.epoch, blob_id: blobId.toString() });
      this.expectations.invalidBlobIds++;
    });
  }

  /** The committee certifies an event blob: registered, certified and burned in one transaction. */
  private eventBlobTx(): RecordedTransaction {
    const node = this.nodes.find((n) => this.committee('committee').has(n.nodeId))!;
    const size = BigInt(this.random.logUniform(10_000, 1_000_000));
    const blobId = deriveBlobId(BigInt(`0x${Buffer.from(this.random.bytes(32)).toString('hex')}`), 1, size);
    const end = this.epoch + this.options.maxEpochsAhead;
    return this.ledger.transaction(node.address, (tx) => {
      const objectId = tx.create(this.t('blob', 'Blob'), { kind: 'address', address: node.address }, (id) => ({
        id: { id },
        registered_epoch: this.epoch,
        blob_id: blobId.toString(),
        size: size.toString(),
        encoding_type: 1,
        certified_epoch: this.epoch,
        storage: {
          id: { id: this.ledger.newId() },
          start_epoch: this.epoch,
          end_epoch: end,
          storage_size: encodedBlobLength(size, this.options.shards).toString(),
        },
        deletable: false,
      }));
      const fields = {
        epoch: this.epoch,
        blob_id: blobId.toString(),
        end_epoch: end,
        deletable: false,
        object_id: objectId,
      };
      this.emit(tx, 'BlobRegistered', 'system', { ...fields, size: size.toString(), encoding_type: 1 });
      this.emit(tx, 'BlobCertified', 'system', { ...fields, is_extension: false });
      tx.delete(objectId);
      this.blobs.push({ objectId, owner: node.address, endEpoch: end });
      this.expectations.blobStatuses.set(objectId, 'certified');
    });
  }

  // === The schedule ===

  /** The transactions of the next checkpoint. */
  nextCheckpoint(): { sequenceNumber: bigint; timestampMs: bigint; transactions: RecordedTransaction[] } {
    const sequenceNumber = this.checkpoint;
    const timestampMs = this.now();
    const txs: RecordedTransaction[] = [];
    const push = (tx: RecordedTransaction | null) => {
      if (tx !== null) txs.push(tx);
    };
    if (sequenceNumber === 0n) {
      push(this.genesis());
      for (let i = 0; i < this.options.nodes; i++) push(this.registerNode(i));
    } else {
      const offset = Number(sequenceNumber % BigInt(this.options.epochCheckpoints));
      const state = this.stakingInner().epoch_state;
      // The epoch change goes last in its checkpoint: what precedes it belongs to the ending epoch.
      const changeEpoch = offset === 0 && state.NextParamsSelected !== undefined;
      if (!changeEpoch && this.syncPending.length > 0) push(this.syncDoneTx());
      else if (offset === Math.floor(this.options.epochCheckpoints / 2) && state.EpochChangeDone !== undefined) {
        push(this.votingEndTx());
      }
      if (this.random.chance(0.3)) push(this.stakeTx());
      if (this.random.chance(0.08)) push(this.requestWithdrawTx());
      if (this.random.chance(0.08)) push(this.withdrawTx());
      if (this.random.chance(0.02)) push(this.joinTx());
      if (this.random.chance(0.05)) push(this.nodeParametersTx());
      if (this.epoch >= 1 && this.storagePrice() < U64_MAX) {
        const count = this.random.int(0, Math.round(2 * this.options.blobTxsPerCheckpoint));
        for (let i = 0; i < count; i++) {
          const roll = this.random.next();
          if (roll < 0.45) push(this.registerBlobTx());
          else if (roll < 0.8) push(this.certifyBlobTx());
          else if (roll < 0.87) push(this.extendBlobTx());
          else if (roll < 0.93) push(this.deleteBlobTx());
          else if (roll < 0.97) push(this.burnBlobTx());
          else if (roll < 0.99) push(this.shareBlobTx());
          else push(this.invalidBlobIdTx());
        }
        if (!this.eventBlobThisEpoch && this.syncPending.length === 0 && state.EpochChangeDone !== undefined) {
          this.eventBlobThisEpoch = true;
          push(this.eventBlobTx());
        }
      }
      if (changeEpoch) push(this.epochChangeTx());
    }
    for (const node of this.nodes)
      this.expectations.nodeBalances.set(node.nodeId, BigInt(this.pool(node.nodeId).wal_balance));
    this.checkpoint += 1n;
    return { sequenceNumber, timestampMs, transactions: txs };
  }
}
