import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, pgliteDatabase, postgresDatabase, type SqlExecutor } from '../db/database.ts';
import { migratePgliteDb, migratePostgres } from '../db/migrate.ts';
import { createTestSchema, type TestSchema } from '../db/test-database.ts';
import type { StoredBlobStatus } from '../db/walrus-schema.ts';
import { DOMAIN_TABLES } from '../testing/snapshot.ts';
import { effectiveBlobStatus } from './blob-status.ts';
import { commitWalrusBatch, loadWalrusContext } from './commit.ts';
import { emptyBatch, foldChanges, type FoldedBatch } from './fold.ts';
import { blobIdText, processTransaction } from './handlers.ts';
import type { BlobShape, StakedWalShape, StakingInnerShape, StakingPoolShape, SystemInnerShape } from './shapes.ts';
import { EVENTS, type TransactionView, TYPES } from './transaction-view.ts';

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const ALICE = id(0xa11ce);
const SYSTEM = id(0x5151);
const STAKING = id(0x5a5a);
const NODE = id(0x100);
const RATES = id(0x101);
const META = id(0x102);
const BLOB = id(0xb1);
const EVENT_BLOB = id(0xb2);
const STAKED = id(0x51);

const at = (
  checkpoint: number,
  events: TransactionView['events'],
  objects: TransactionView['objects'],
): TransactionView => ({
  origin: { checkpoint: BigInt(checkpoint), txDigest: `tx${checkpoint}`, timestampMs: BigInt(1_000 * checkpoint) },
  events,
  objects,
});
const objectHolder = (parent: string) => ({ ownerKind: 'object' as const, owner: parent });
const addressHolder = (address: string) => ({ ownerKind: 'address' as const, owner: address });
const vecMap = <K, V>(entries: [K, V][]) => ({ contents: entries.map(([key, value]) => ({ key, value })) });
const pending = (entries: [number, string][]) => ({ pos0: vecMap(entries) });

function systemInner(epoch: number, used: string): SystemInnerShape {
  return {
    committee: { members: [], n_shards: 10, epoch, total_aggregated_key: { bytes: [] } },
    total_capacity_size: '1000000000000',
    used_capacity_size: used,
    storage_price_per_unit_size: '100',
    write_price_per_unit_size: '2000',
    event_blob_certification_state: { latest_certified_blob: null, aggregate_weight_per_blob: { contents: [] } },
    deny_list_sizes: { id: { id: id(0x5b3) } },
    future_accounting: {
      current_index: 0,
      length: 2,
      ring_buffer: [
        { epoch, used_capacity: used, rewards_to_distribute: { value: '5' } },
        { epoch: epoch + 1, used_capacity: '0', rewards_to_distribute: { value: '0' } },
      ],
    },
  };
}

function stakingInner(epoch: number, committee: [string, number[]][]): StakingInnerShape {
  return {
    n_shards: 10,
    epoch_duration: '1000',
    first_epoch_start: '500',
    pools: { id: { id: id(0x5b0) }, size: '1' },
    epoch,
    active_set: { id: { id: id(0x5b1) } },
    previous_committee: { pos0: vecMap([]) },
    next_epoch_public_keys: { id: { id: id(0x5b2) } },
    next_committee: null,
    committee: { pos0: vecMap(committee) },
    next_epoch_params: null,
    epoch_state: { $kind: 'EpochChangeDone', EpochChangeDone: { pos0: String(epoch * 1000) } },
  };
}

function pool(walBalance: string): StakingPoolShape {
  return {
    id: { id: NODE },
    state: { $kind: 'Active', Active: true },
    voting_params: { storage_price: '100', write_price: '2000', node_capacity: '18446744073709551615' },
    node_info: {
      name: 'node-1',
      node_id: NODE,
      network_address: 'node1:9185',
      public_key: { bytes: [1, 2] },
      next_epoch_public_key: null,
      network_public_key: [3],
      metadata: { id: { id: META } },
    },
    activation_epoch: 0,
    latest_epoch: 0,
    wal_balance: walBalance,
    num_shares: walBalance,
    pending_shares_withdraw: pending([]),
    pre_active_withdrawals: pending([]),
    pending_commission_rate: pending([]),
    commission_rate: 1000,
    exchange_rates: { id: { id: RATES }, size: '1' },
    pending_stake: pending([[1, '2000000000']]),
    rewards_pool: { value: '0' },
    commission: { value: '0' },
    commission_receiver: { $kind: 'Address', Address: { pos0: ALICE } },
    governance_authorized: { $kind: 'Address', Address: { pos0: ALICE } },
    extra_fields: { id: { id: id(0x1ff) }, size: '0' },
  };
}

function blob(certified: number | null): BlobShape {
  return {
    id: { id: BLOB },
    registered_epoch: 0,
    blob_id: '12345',
    size: '1000',
    encoding_type: 1,
    certified_epoch: certified,
    storage: { id: { id: id(0x5700) }, start_epoch: 0, end_epoch: 3, storage_size: '10000000' },
    deletable: true,
  };
}

const staked = (principal: string): StakedWalShape => ({
  id: { id: STAKED },
  state: { $kind: 'Staked', Staked: true },
  node_id: NODE,
  principal: { value: principal },
  activation_epoch: 1,
});

/** A small chain: genesis state, a node, a blob with attributes, an event blob, a stake, two epoch changes. */
const CHAIN: TransactionView[] = [
  at(
    1,
    [],
    [
      {
        objectId: id(0x1f),
        type: TYPES.systemInnerField,
        operation: 'created',
        holder: objectHolder(SYSTEM),
        value: { id: { id: id(0x1f) }, name: '1', value: systemInner(0, '0') },
      },
      {
        objectId: id(0x2f),
        type: TYPES.stakingInnerField,
        operation: 'created',
        holder: objectHolder(STAKING),
        value: { id: { id: id(0x2f) }, name: '1', value: stakingInner(0, []) },
      },
      {
        objectId: SYSTEM,
        type: TYPES.system,
        operation: 'created',
        holder: { ownerKind: 'shared', owner: null },
        value: { id: { id: SYSTEM }, version: '1', package_id: id(0xaa), new_package_id: null },
      },
    ],
  ),
  at(
    2,
    [],
    [
      {
        objectId: NODE,
        type: TYPES.stakingPool,
        operation: 'created',
        holder: objectHolder(id(0x99)),
        value: pool('0'),
      },
      {
        objectId: id(0x3f),
        type: TYPES.nodeMetadataField,
        operation: 'created',
        holder: objectHolder(META),
        value: {
          id: { id: id(0x3f) },
          name: { dummy_field: false },
          value: { image_url: 'i', project_url: 'p', description: 'd', extra_fields: vecMap([]) },
        },
      },
      {
        objectId: STAKED,
        type: TYPES.stakedWal,
        operation: 'created',
        holder: addressHolder(ALICE),
        value: staked('2000000000'),
      },
    ],
  ),
  at(
    3,
    [],
    [
      { objectId: BLOB, type: TYPES.blob, operation: 'created', holder: addressHolder(ALICE), value: blob(null) },
      {
        objectId: id(0x4f),
        type: TYPES.blobMetadataField,
        operation: 'created',
        holder: objectHolder(BLOB),
        value: { id: { id: id(0x4f) }, name: [1], value: { metadata: vecMap([['content-type', 'image/png']]) } },
      },
    ],
  ),
  at(
    4,
    [
      {
        type: EVENTS.blobRegistered,
        value: {
          epoch: 0,
          blob_id: '777',
          size: '10',
          encoding_type: 1,
          end_epoch: 2,
          deletable: false,
          object_id: EVENT_BLOB,
        },
      },
      {
        type: EVENTS.blobCertified,
        value: { epoch: 0, blob_id: '777', end_epoch: 2, deletable: false, object_id: EVENT_BLOB, is_extension: false },
      },
      { type: EVENTS.invalidBlobId, value: { epoch: 0, blob_id: '999' } },
    ],
    [],
  ),
  at(
    5,
    [
      { type: EVENTS.epochChangeStart, value: { epoch: 1 } },
      { type: EVENTS.pricesUpdated, value: { epoch: 1, storage_price: '100', write_price: '2000' } },
    ],
    [
      {
        objectId: id(0x2f),
        type: TYPES.stakingInnerField,
        operation: 'mutated',
        holder: objectHolder(STAKING),
        value: {
          id: { id: id(0x2f) },
          name: '1',
          value: {
            ...stakingInner(1, [[NODE, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]]),
            epoch_state: { $kind: 'EpochChangeSync', EpochChangeSync: { pos0: 0 } },
          },
        },
      },
      {
        objectId: id(0x1f),
        type: TYPES.systemInnerField,
        operation: 'mutated',
        holder: objectHolder(SYSTEM),
        value: { id: { id: id(0x1f) }, name: '1', value: systemInner(1, '10000000') },
      },
      {
        objectId: NODE,
        type: TYPES.stakingPool,
        operation: 'mutated',
        holder: objectHolder(id(0x99)),
        value: { ...pool('2000000000'), latest_epoch: 1, pending_stake: pending([]) },
      },
      {
        objectId: id(0x5f),
        type: TYPES.exchangeRateField,
        operation: 'created',
        holder: objectHolder(RATES),
        value: { id: { id: id(0x5f) }, name: 1, value: { $kind: 'Flat', Flat: true } },
      },
    ],
  ),
  at(
    6,
    [{ type: EVENTS.epochChangeDone, value: { epoch: 1 } }],
    [{ objectId: BLOB, type: TYPES.blob, operation: 'mutated', holder: addressHolder(ALICE), value: blob(1) }],
  ),
  at(7, [{ type: EVENTS.epochChangeStart, value: { epoch: 2 } }], []),
  at(
    8,
    [{ type: EVENTS.epochChangeStart, value: { epoch: 3 } }],
    [
      {
        objectId: STAKED,
        type: TYPES.stakedWal,
        operation: 'deleted',
        inputHolder: addressHolder(ALICE),
        input: staked('2000000000'),
      },
    ],
  ),
];

const TABLES = DOMAIN_TABLES;

/** pg returns int8 as text, PGlite as number: compare checkpoint and millisecond columns as text. */
function normalize(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row))
    out[k] =
      typeof v === 'number' &&
      /checkpoint|_ms$|^(wal_balance|num_shares|principal|rewards_pool|commission|version|size|encoded_size)$/.test(k)
        ? String(v)
        : v;
  return out;
}

async function select(db: Database, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await db.query<Record<string, unknown>>(sql, params)).rows.map(normalize);
}

async function dump(db: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(TABLES))
    out[table] = await select(db, `SELECT * FROM ${table} ORDER BY ${order}`);
  return out;
}

/** The handlers over `views`, folded, from the context the tables hold (what a run's `start` reads). */
async function foldBatch(tx: SqlExecutor, views: readonly TransactionView[]): Promise<FoldedBatch> {
  const ctx = await loadWalrusContext(tx);
  const batch = emptyBatch();
  for (const view of views) foldChanges(batch, processTransaction(ctx, view));
  return batch;
}

async function index(db: Database, batches: TransactionView[][]): Promise<void> {
  for (const views of batches) {
    await db.transaction(async (tx) => commitWalrusBatch(tx, await foldBatch(tx, views)));
  }
}

function behaviour(open: () => Promise<{ db: Database; reset: () => Promise<void> }>) {
  let db: Database;
  let reset: () => Promise<void>;
  beforeAll(async () => {
    ({ db, reset } = await open());
  });
  afterAll(async () => {
    await db.close();
  });

  it('index every object and event kind into the domain tables', async () => {
    await reset();
    await index(db, [CHAIN]);
    const tables = await dump(db);
    const blob = (await select(db, 'SELECT * FROM blobs WHERE object_id = $1', [BLOB]))[0]!;
    expect(blob).toMatchObject({
      blob_id: blobIdText('12345'),
      owner_kind: 'address',
      owner: ALICE,
      certified_epoch: 1,
      status: 'certified',
      attributes: { 'content-type': 'image/png' },
      created_checkpoint: '3',
      updated_checkpoint: '6',
      storage_size: '10000000',
    });
    const eventBlob = (
      await db.query<Record<string, unknown>>(
        'SELECT owner_kind, status, certified_epoch, end_epoch FROM blobs WHERE object_id = $1',
        [EVENT_BLOB],
      )
    ).rows[0];
    expect(eventBlob).toMatchObject({ owner_kind: 'unknown', status: 'certified', certified_epoch: 0 });
    // The epoch changes at checkpoints 7 and 8 reach both end epochs (2 and 3): readers see both blobs expired
    // (derived from the latest epoch, 3), while the rows keep the checkpoint of their last real change.
    for (const row of [blob, eventBlob!]) {
      expect(effectiveBlobStatus(row.status as StoredBlobStatus, Number(row.end_epoch), 2)).toBe(
        row === blob ? 'certified' : 'expired',
      );
      expect(effectiveBlobStatus(row.status as StoredBlobStatus, Number(row.end_epoch), 3)).toBe('expired');
    }
    expect(tables.invalid_blob_ids).toMatchObject([{ blob_id: blobIdText('999'), epoch: 0, checkpoint: '4' }]);
    expect(tables.epochs!.map((e: any) => [e.epoch, e.state])).toEqual([
      [0, 'epoch_change_done'],
      [1, 'epoch_change_done'],
      [2, 'epoch_change_sync'],
      [3, 'epoch_change_sync'],
    ]);
    expect(tables.epochs![1]).toMatchObject({
      used_capacity_size: '10000000',
      storage_price_per_unit_size: '100',
      n_shards: 10,
      change_done_timestamp_ms: '6000',
    });
    expect(tables.committee_members).toEqual([
      { epoch: 1, node_id: NODE, shard_indices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], weight: 10 },
    ]);
    expect(tables.storage_nodes).toMatchObject([
      {
        node_id: NODE,
        name: 'node-1',
        wal_balance: '2000000000',
        image_url: 'i',
        description: 'd',
        extra_fields: {},
        node_capacity_vote: '18446744073709551615',
        created_checkpoint: '2',
        updated_checkpoint: '5',
        pending_stake: [],
      },
    ]);
    expect(tables.pool_exchange_rates).toEqual([{ node_id: NODE, epoch: 1, wal_amount: null, share_amount: null }]);
    expect(tables.staked_wals).toMatchObject([
      { object_id: STAKED, state: 'withdrawn', principal: '2000000000', owner: ALICE, updated_checkpoint: '8' },
    ]);
    expect(tables.system_state).toMatchObject([
      { object_id: SYSTEM, version: '1', package_id: id(0xaa), epoch: 1, max_epochs_ahead: 2 },
    ]);
    expect(tables.staking_state).toMatchObject([
      { object_id: STAKING, epoch: 1, epoch_state: 'epoch_change_sync', n_shards: 10 },
    ]);
  });

  it('write the same tables whether the chain comes in one batch or in several', async () => {
    await reset();
    await index(db, [CHAIN]);
    const whole = await dump(db);
    await reset();
    await index(db, [CHAIN.slice(0, 2), CHAIN.slice(2, 5), CHAIN.slice(5)]);
    expect(await dump(db)).toEqual(whole);
  });

  it('change nothing when batches are written again (replay)', async () => {
    await reset();
    await index(db, [CHAIN.slice(0, 4), CHAIN.slice(4)]);
    const once = await dump(db);
    await index(db, [CHAIN.slice(0, 4), CHAIN.slice(4)]);
    await index(db, [CHAIN.slice(4)]);
    expect(await dump(db)).toEqual(once);
  });

  it('resume the handler context from the tables: shards and pool field owners', async () => {
    await reset();
    await index(db, [CHAIN.slice(0, 5)]);
    const ctx = await db.transaction((tx) => loadWalrusContext(tx));
    expect(ctx.nShards).toBe(10);
    expect(ctx.nodeByExchangeRatesId.get(RATES)).toBe(NODE);
    expect(ctx.nodeByMetadataFieldId.get(META)).toBe(NODE);
  });

  it('roll back every row of a batch whose transaction fails', async () => {
    await reset();
    await index(db, [CHAIN.slice(0, 2)]);
    const before = await dump(db);
    await expect(
      db.transaction(async (tx) => {
        await commitWalrusBatch(tx, await foldBatch(tx, CHAIN.slice(2)));
        throw new Error('injected failure after the writes');
      }),
    ).rejects.toThrow('injected failure');
    expect(await dump(db)).toEqual(before);
  });
}

describe('walrus tables on Postgres', () => {
  let schema: TestSchema;
  behaviour(async () => {
    schema = await createTestSchema('walrus_commit');
    const db = postgresDatabase(schema.pool);
    await migratePostgres(schema.pool, schema.schema);
    return {
      db: { ...db, close: () => schema.drop() },
      reset: async () => {
        await schema.pool.query(`TRUNCATE ${Object.keys(TABLES).join(', ')}`);
      },
    };
  });
});

describe('walrus tables on PGlite', () => {
  behaviour(async () => {
    const client = new PGlite();
    await migratePgliteDb(client);
    const db = pgliteDatabase(client);
    return {
      db,
      reset: async () => {
        await client.query(`TRUNCATE ${Object.keys(TABLES).join(', ')}`);
      },
    };
  });
});
