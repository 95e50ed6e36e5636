// The walrus domain tables: current state of blobs, epochs, committees, storage nodes, staked positions and the
// System / Staking singletons, as the indexer folds them from events and object changes. Append-only history
// (every event) lives in schema.ts; this file is only what events alone cannot answer.
//
// Conventions, so a reader of any table knows the units without looking further:
// - object and node ids are `0x` + 64 lowercase hex digits; addresses the same;
// - blob ids are the textual form Walrus shows: URL-safe base64 (no padding) of the 32 little-endian bytes;
// - epochs are Walrus epochs (u32, stored as integer);
// - WAL amounts are FROST (10^-9 WAL) as bigint: the whole supply (5·10^18) fits, so no sum overflows;
// - other u64 values that users choose (prices, capacities, storage sizes, votes) are numeric(20,0), because
//   they may reach u64::MAX (prices are u64::MAX before the first committee);
// - `*_checkpoint` / `*_tx_digest` / `*_timestamp_ms` name the Sui checkpoint, transaction and checkpoint time
//   (ms since the Unix epoch) of the change.
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  check,
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
} from 'drizzle-orm/pg-core';

const u64 = (name: string) => numeric(name, { precision: 20, scale: 0, mode: 'bigint' });
const u128 = (name: string) => numeric(name, { precision: 39, scale: 0, mode: 'bigint' });
const frost = (name: string) => bigint(name, { mode: 'bigint' });
const checkpoint = (name: string) => bigint(name, { mode: 'bigint' });

// Enumerations are text columns with a CHECK constraint rather than Postgres enum types: enum types live in a
// schema of their own, which would tie every indexer (and every test) sharing a database to one set of types.
const oneOf = (column: AnyPgColumn, values: readonly string[]): SQL =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

/**
 * What holds a Blob object:
 * - `address`: owned by an account (also consensus-address owned);
 * - `object`: owned by another object (transferred to an object id, or a dynamic object field);
 * - `shared` / `immutable`: shared or frozen by its owner;
 * - `shared_blob`: wrapped in a `SharedBlob`, whose object id is the `owner`;
 * - `wrapped`: wrapped in some other object (not in the object store; `owner` is null);
 * - `unknown`: known from events only: the object never appeared on its own (event blobs, burned in the
 *   transaction that created them, or blobs wrapped by another contract in the transaction that registered them).
 */
export const ownerKindValues = [
  'address',
  'object',
  'shared',
  'immutable',
  'shared_blob',
  'wrapped',
  'unknown',
] as const;
export type OwnerKind = (typeof ownerKindValues)[number];

/**
 * Status of one Blob object as stored (spec 4.6):
 * - `registered`: registered, not certified;
 * - `certified`: certified;
 * - `deleted`: deleted with `BlobDeleted` (deletable blobs only);
 * - `burned`: the object was destroyed without a `BlobDeleted` event (`blob::burn`). The data stays stored until
 *   end_epoch, so a burned object still counts for its blob id's status.
 *
 * Expiry is not stored: a registered or certified blob is `expired` once the current epoch reaches its end_epoch
 * (walrus/blob-status.ts). Storing it would rewrite every blob a second time, at the epoch change that ends it.
 */
export const storedBlobStatusValues = ['registered', 'certified', 'deleted', 'burned'] as const;
export type StoredBlobStatus = (typeof storedBlobStatusValues)[number];

/** A Blob object's status as readers see it: the stored one, or `expired` (derived from the current epoch). */
export type BlobStatus = StoredBlobStatus | 'expired';

/** `staking_inner::EpochState` variants. */
export const epochStateValues = ['epoch_change_sync', 'epoch_change_done', 'next_params_selected'] as const;
export type EpochState = (typeof epochStateValues)[number];

/**
 * `StakedWal` state: `staked`, `withdrawing` (requested), `withdrawn` (object destroyed by a withdrawal), `merged`
 * (object destroyed by `join`: its principal now belongs to another position of the same node).
 */
export const stakedWalStateValues = ['staked', 'withdrawing', 'withdrawn', 'merged'] as const;
export type StakedWalState = (typeof stakedWalStateValues)[number];

/** `staking_pool::PoolState` variants. */
export const poolStateValues = ['active', 'withdrawing', 'withdrawn'] as const;
export type PoolState = (typeof poolStateValues)[number];

/** `auth::Authorized` variants: an address, or whoever holds the object with that id. */
export const authorizedKindValues = ['address', 'object'] as const;
export type AuthorizedKind = (typeof authorizedKindValues)[number];

const ownerKind = (name: string) => text(name).$type<OwnerKind>();
const blobStatus = (name: string) => text(name).$type<StoredBlobStatus>();
const epochState = (name: string) => text(name).$type<EpochState>();
const stakedWalState = (name: string) => text(name).$type<StakedWalState>();
const poolState = (name: string) => text(name).$type<PoolState>();
const authorizedKind = (name: string) => text(name).$type<AuthorizedKind>();

/**
 * One row per `Blob` object ever seen, in its latest state. Fed by object changes (full contents, owner,
 * wrapping into `SharedBlob`, destruction) and by events (deleted vs burned; event blobs, whose object never
 * outlives its transaction). Several rows may share a blob_id.
 */
export const blobs = pgTable(
  'blobs',
  {
    objectId: text('object_id').primaryKey(),
    /** URL-safe base64 of the 32 LE bytes. */
    blobId: text('blob_id').notNull(),

    // Holder.
    ownerKind: ownerKind('owner_kind').notNull(),
    /** Address or object id of the holder; the SharedBlob id when wrapped in one; null when unknown. */
    owner: text('owner'),

    // Blob fields (`blob::Blob`). size is the unencoded size; encoded_size follows spec 4.3 with the n_shards
    // of the system when the blob was registered.
    size: bigint('size', { mode: 'bigint' }).notNull(),
    encodingType: smallint('encoding_type').notNull(),
    /** Null only when the indexer had not yet seen n_shards (started mid-chain, before any System change). */
    encodedSize: bigint('encoded_size', { mode: 'bigint' }),
    deletable: boolean('deletable').notNull(),
    registeredEpoch: integer('registered_epoch').notNull(),
    certifiedEpoch: integer('certified_epoch'),

    // The embedded `Storage` resource: [start_epoch, end_epoch), storage_size in encoded bytes. storage_id is
    // null for event blobs (their storage is never visible as an object).
    storageId: text('storage_id'),
    startEpoch: integer('start_epoch').notNull(),
    endEpoch: integer('end_epoch').notNull(),
    storageSize: u64('storage_size'),

    status: blobStatus('status').notNull(),
    /** The `metadata` dynamic field (`Metadata`'s VecMap) as a JSON object; null when the blob has none. */
    attributes: jsonb('attributes').$type<Record<string, string>>(),

    // Provenance.
    createdCheckpoint: checkpoint('created_checkpoint').notNull(),
    createdTxDigest: text('created_tx_digest').notNull(),
    createdTimestampMs: bigint('created_timestamp_ms', { mode: 'bigint' }).notNull(),
    updatedCheckpoint: checkpoint('updated_checkpoint').notNull(),
    updatedTxDigest: text('updated_tx_digest').notNull(),
  },
  (t) => [
    check('blobs_owner_kind_check', oneOf(t.ownerKind, ownerKindValues)),
    check('blobs_status_check', oneOf(t.status, storedBlobStatusValues)),
    // blobsByBlobId / blobStatus.
    index('blobs_blob_id_idx').on(t.blobId),
    // Owner's blobs, newest first (stable tie-break on object_id).
    index('blobs_owner_idx').on(t.owner, t.createdCheckpoint, t.objectId),
    // Default ordering: recent blobs.
    index('blobs_created_idx').on(t.createdCheckpoint, t.objectId),
    // Status filter under the default ordering. end_epoch rides last because expiry is derived from it (a live
    // status is `status = s AND end_epoch > current`): the scan checks it on the index entry, so counts stay
    // index-only and list walks fetch no rows they discard; it changes neither the range nor the order.
    index('blobs_status_idx').on(t.status, t.createdCheckpoint, t.objectId, t.endEpoch),
    // Size range filter / ordering.
    index('blobs_size_idx').on(t.size, t.objectId),
    // Registered epoch range filter / ordering.
    index('blobs_registered_epoch_idx').on(t.registeredEpoch, t.objectId),
    // End epoch range filter / ordering.
    index('blobs_end_epoch_idx').on(t.endEpoch, t.objectId),
    // Attribute key / key-value filters (`attributes ? key`, `attributes @> {key: value}`).
    index('blobs_attributes_idx').using('gin', t.attributes),
    // The API's live feed: objects changed since the last indexed checkpoint it delivered, in checkpoint order.
    index('blobs_updated_idx').on(t.updatedCheckpoint, t.objectId),
  ],
);

/** Blob ids declared invalid by an f+1 certificate (`InvalidBlobID`); the first report wins. */
export const invalidBlobIds = pgTable('invalid_blob_ids', {
  blobId: text('blob_id').primaryKey(),
  /** Epoch of the `InvalidBlobID` event. */
  epoch: integer('epoch').notNull(),
  checkpoint: checkpoint('checkpoint').notNull(),
  txDigest: text('tx_digest').notNull(),
  timestampMs: bigint('timestamp_ms', { mode: 'bigint' }).notNull(),
});

/**
 * One row per Walrus epoch seen. Timestamps come from the checkpoints carrying the epoch events:
 * change_started (EpochChangeStart: the epoch begins), change_done (EpochChangeDone: shard sync reached quorum,
 * which the contract uses as the epoch's start for its timers), next_params_selected (EpochParametersSelected for
 * epoch + 1, at the mid-point). Parameters are the latest values the System state showed while this epoch was
 * current (used capacity and prices change within an epoch).
 */
export const epochs = pgTable(
  'epochs',
  {
    epoch: integer('epoch').primaryKey(),
    /** Null only until an epoch event or the Staking state mentions the epoch (indexing started mid-chain). */
    state: epochState('state'),
    changeStartedTimestampMs: bigint('change_started_timestamp_ms', { mode: 'bigint' }),
    changeStartedCheckpoint: checkpoint('change_started_checkpoint'),
    changeDoneTimestampMs: bigint('change_done_timestamp_ms', { mode: 'bigint' }),
    nextParamsSelectedTimestampMs: bigint('next_params_selected_timestamp_ms', { mode: 'bigint' }),
    /** Shard weight that has reported `epoch_sync_done` (while `epoch_change_sync`). */
    syncWeight: integer('sync_weight'),

    // Parameters (`SystemStateInnerV1`): encoded bytes, FROST per MiB (per epoch / once).
    totalCapacitySize: u64('total_capacity_size'),
    usedCapacitySize: u64('used_capacity_size'),
    storagePricePerUnitSize: u64('storage_price_per_unit_size'),
    writePricePerUnitSize: u64('write_price_per_unit_size'),
    nShards: integer('n_shards'),
  },
  (t) => [check('epochs_state_check', oneOf(t.state, epochStateValues))],
);

/**
 * Committee of each epoch (`Committee`: node id → shard indices, from the Staking state when that epoch became
 * current). weight = number of shards, the unit of all quorum math.
 */
export const committeeMembers = pgTable(
  'committee_members',
  {
    epoch: integer('epoch').notNull(),
    nodeId: text('node_id').notNull(),
    shardIndices: integer('shard_indices').array().notNull(),
    weight: integer('weight').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.epoch, t.nodeId] }),
    // A node's shard count per epoch.
    index('committee_members_node_idx').on(t.nodeId, t.epoch),
  ],
);

/**
 * Storage nodes: the current state of each `StakingPool` (object id == node id). Small (hundreds of rows), so it
 * carries no secondary index: every filter and ordering is a scan of a few pages.
 */
export const storageNodes = pgTable(
  'storage_nodes',
  {
    nodeId: text('node_id').primaryKey(),
    state: poolState('state').notNull(),
    /** Epoch of `PoolState::Withdrawing(epoch)`. */
    withdrawingEpoch: integer('withdrawing_epoch'),

    // `StorageNodeInfo`. Keys are hex (`0x…`): BLS public key (96 bytes uncompressed G1), network key (33 bytes).
    name: text('name').notNull(),
    networkAddress: text('network_address').notNull(),
    publicKey: text('public_key').notNull(),
    nextEpochPublicKey: text('next_epoch_public_key'),
    networkPublicKey: text('network_public_key').notNull(),

    // `NodeMetadata`, kept in an ExtendedField (its own dynamic field, hence nullable until seen).
    /** Id of the ExtendedField holding the metadata, to match its dynamic-field changes. */
    metadataFieldId: text('metadata_field_id').notNull(),
    imageUrl: text('image_url'),
    projectUrl: text('project_url'),
    description: text('description'),
    extraFields: jsonb('extra_fields').$type<Record<string, string>>(),

    // Votes (`VotingParams`).
    storagePriceVote: u64('storage_price_vote').notNull(),
    writePriceVote: u64('write_price_vote').notNull(),
    nodeCapacityVote: u64('node_capacity_vote').notNull(),

    // Commission: rate in basis points; pending = [{ epoch, value }] from `pending_commission_rate`.
    commissionRate: integer('commission_rate').notNull(),
    pendingCommissionRates: jsonb('pending_commission_rates').$type<PendingValue[]>().notNull(),
    /** Commission balance (FROST), part of it may be blocked until the next voting_end. */
    commission: frost('commission').notNull(),
    commissionReceiverKind: authorizedKind('commission_receiver_kind').notNull(),
    commissionReceiver: text('commission_receiver').notNull(),
    governanceAuthorizedKind: authorizedKind('governance_authorized_kind').notNull(),
    governanceAuthorized: text('governance_authorized').notNull(),

    // Stake (FROST and pool shares).
    activationEpoch: integer('activation_epoch').notNull(),
    latestEpoch: integer('latest_epoch').notNull(),
    walBalance: frost('wal_balance').notNull(),
    numShares: frost('num_shares').notNull(),
    rewardsPool: frost('rewards_pool').notNull(),
    pendingStake: jsonb('pending_stake').$type<PendingValue[]>().notNull(),
    pendingSharesWithdraw: jsonb('pending_shares_withdraw').$type<PendingValue[]>().notNull(),
    preActiveWithdrawals: jsonb('pre_active_withdrawals').$type<PendingValue[]>().notNull(),
    /** Id of the pool's `exchange_rates` Table, to match its entries' dynamic-field changes. */
    exchangeRatesId: text('exchange_rates_id').notNull(),

    createdCheckpoint: checkpoint('created_checkpoint').notNull(),
    updatedCheckpoint: checkpoint('updated_checkpoint').notNull(),
    updatedTxDigest: text('updated_tx_digest').notNull(),
  },
  (t) => [
    check('storage_nodes_state_check', oneOf(t.state, poolStateValues)),
    check('storage_nodes_commission_receiver_kind_check', oneOf(t.commissionReceiverKind, authorizedKindValues)),
    check('storage_nodes_governance_authorized_kind_check', oneOf(t.governanceAuthorizedKind, authorizedKindValues)),
  ],
);

/** One `PendingValues` entry, amounts as decimal strings (JSON has no u64). */
export interface PendingValue {
  epoch: number;
  value: string;
}

/**
 * Pool exchange rates recorded at each pool advance (`exchange_rates[epoch]`). `Flat` (1:1) is stored as nulls.
 * WAL value of shares at an epoch = shares · wal_amount / share_amount.
 */
export const poolExchangeRates = pgTable(
  'pool_exchange_rates',
  {
    nodeId: text('node_id').notNull(),
    epoch: integer('epoch').notNull(),
    walAmount: u128('wal_amount'),
    shareAmount: u128('share_amount'),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.epoch] })],
);

/** Staked positions: one row per `StakedWal` object, kept after withdrawal with state `withdrawn`. */
export const stakedWals = pgTable(
  'staked_wals',
  {
    objectId: text('object_id').primaryKey(),
    ownerKind: ownerKind('owner_kind').notNull(),
    owner: text('owner'),
    nodeId: text('node_id').notNull(),
    principal: frost('principal').notNull(),
    state: stakedWalState('state').notNull(),
    activationEpoch: integer('activation_epoch').notNull(),
    withdrawEpoch: integer('withdraw_epoch'),
    createdCheckpoint: checkpoint('created_checkpoint').notNull(),
    createdTxDigest: text('created_tx_digest').notNull(),
    updatedCheckpoint: checkpoint('updated_checkpoint').notNull(),
    updatedTxDigest: text('updated_tx_digest').notNull(),
  },
  (t) => [
    check('staked_wals_owner_kind_check', oneOf(t.ownerKind, ownerKindValues)),
    check('staked_wals_state_check', oneOf(t.state, stakedWalStateValues)),
    index('staked_wals_owner_idx').on(t.owner, t.objectId),
    // A node's positions (`stakedWals(filter: { nodeId })`), in the API's order (object id).
    index('staked_wals_node_idx').on(t.nodeId, t.objectId),
    // Positions in one state across all owners and nodes (`stakedWals(filter: { state })`), in the API's order.
    index('staked_wals_state_idx').on(t.state, t.objectId),
  ],
);

/**
 * The `System` object and its inner state (`SystemStateInnerV1`, a dynamic field keyed by the version): one row,
 * id = the System object id.
 */
export const systemState = pgTable('system_state', {
  objectId: text('object_id').primaryKey(),
  /** From the outer object: null until the outer object itself is seen changing (publish or migration). */
  version: bigint('version', { mode: 'bigint' }),
  packageId: text('package_id'),
  newPackageId: text('new_package_id'),
  /** Epoch of the BLS committee in the inner state (= current epoch). */
  epoch: integer('epoch'),
  nShards: integer('n_shards'),
  totalCapacitySize: u64('total_capacity_size'),
  usedCapacitySize: u64('used_capacity_size'),
  storagePricePerUnitSize: u64('storage_price_per_unit_size'),
  writePricePerUnitSize: u64('write_price_per_unit_size'),
  /** `future_accounting.length`. */
  maxEpochsAhead: integer('max_epochs_ahead'),
  /** Reserved capacity per future epoch: [{ epoch, usedCapacity, rewardsToDistribute }] (decimal strings). */
  futureAccounting: jsonb('future_accounting').$type<FutureAccountingEntry[]>(),
  updatedCheckpoint: checkpoint('updated_checkpoint').notNull(),
});

/** One `FutureAccounting` entry of the ring buffer, in epoch order. */
export interface FutureAccountingEntry {
  epoch: number;
  usedCapacity: string;
  rewardsToDistribute: string;
}

/**
 * The `Staking` object and its inner state (`StakingInnerV1`): one row, id = the Staking object id. Committees
 * live in committee_members; the next committee, once selected, is here until it becomes current.
 */
export const stakingState = pgTable(
  'staking_state',
  {
    objectId: text('object_id').primaryKey(),
    /** From the outer object: null until the outer object itself is seen changing (publish or migration). */
    version: bigint('version', { mode: 'bigint' }),
    packageId: text('package_id'),
    newPackageId: text('new_package_id'),
    nShards: integer('n_shards'),
    epochDurationMs: bigint('epoch_duration_ms', { mode: 'bigint' }),
    firstEpochStartMs: bigint('first_epoch_start_ms', { mode: 'bigint' }),
    epoch: integer('epoch'),
    epochState: epochState('epoch_state'),
    /** Sync weight for `epoch_change_sync`, the timestamp (ms) for the two other states. */
    epochStateValue: bigint('epoch_state_value', { mode: 'bigint' }),
    nextCommittee: jsonb('next_committee').$type<CommitteeEntry[]>(),
    /** `next_epoch_params`: capacity and (unused) prices selected at voting_end. */
    nextEpochCapacity: u64('next_epoch_capacity'),
    updatedCheckpoint: checkpoint('updated_checkpoint').notNull(),
  },
  (t) => [check('staking_state_epoch_state_check', oneOf(t.epochState, epochStateValues))],
);

/** One committee member: node id and its shard indices. */
export interface CommitteeEntry {
  nodeId: string;
  shards: number[];
}
