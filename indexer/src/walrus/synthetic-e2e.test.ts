// The walrus pipeline under the real runner, fed a synthetic network: the tables must agree with what the
// simulation itself says happened (statuses, positions, committees, balances), on Postgres and on PGlite, in
// small batches, resumed half-way, and replayed.
import { afterEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../checkpoint/codec.ts';
import type { Database } from '../db/database.ts';
import { runIndexer } from '../pipeline/runner.ts';
import { syntheticRun } from '../synthetic/generate.ts';
import { BACKENDS, openTestBackend, type TestBackend } from '../testing/backends.ts';
import { readBlobStatuses } from '../testing/blob-statuses.ts';
import { MemorySource } from '../testing/memory-source.ts';
import { DOMAIN_TABLES } from '../testing/snapshot.ts';
import { silentLogger } from '../util/log.ts';
import { walrusPipeline } from './pipeline.ts';

const OPTIONS = { seed: 11, nodes: 6, shards: 30, epochCheckpoints: 40, stakers: 10, users: 10, maxEpochsAhead: 5 };
const COUNT = 600;

const run = syntheticRun(OPTIONS);
const checkpoints: Checkpoint[] = [...run.checkpoints(COUNT)];
const expected = run.network.expectations;

async function index(db: Database, to: bigint, maxCheckpoints = 37): Promise<void> {
  await runIndexer({
    db,
    source: new MemorySource(checkpoints),
    pipelines: [walrusPipeline({ registry: run.registry })],
    to,
    batch: { maxCheckpoints },
    log: silentLogger(),
    progressIntervalMs: 0,
  });
}

async function snapshot(db: Database): Promise<Record<string, unknown>> {
  const tables = DOMAIN_TABLES;
  const out: Record<string, unknown> = {};
  for (const [table, order] of Object.entries(tables)) {
    out[table] = (await db.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY ${order}`)).rows;
  }
  return out;
}

describe.each(BACKENDS)('walrus pipeline over a synthetic network on %s', (kind) => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.dispose();
    backend = undefined;
  });

  it('ends with the statuses, positions, committees and balances the simulation produced', async () => {
    backend = await openTestBackend(kind, 'walrus_e2e');
    const { db } = backend;
    await index(db, BigInt(COUNT - 1));

    // The simulation knows statuses as readers see them; the table stores them without expiry.
    const { statuses, derivedExpired } = await readBlobStatuses(db);
    expect(derivedExpired).toBeGreaterThan(0);
    expect(statuses).toEqual(expected.blobStatuses);
    const counts = new Set(expected.blobStatuses.values());
    for (const status of ['registered', 'certified', 'deleted', 'expired', 'burned'])
      expect(counts.has(status as never), status).toBe(true);

    const staked = await db.query<{ object_id: string; state: string }>('SELECT object_id, state FROM staked_wals');
    expect(new Map(staked.rows.map((r) => [r.object_id, r.state]))).toEqual(expected.stakedWalStates);

    const members = await db.query<{ epoch: number; node_id: string; shard_indices: number[] }>(
      'SELECT epoch, node_id, shard_indices FROM committee_members ORDER BY epoch, node_id',
    );
    const committees = new Map<number, Map<string, number[]>>();
    for (const m of members.rows) {
      if (!committees.has(m.epoch)) committees.set(m.epoch, new Map());
      committees.get(m.epoch)!.set(m.node_id, m.shard_indices);
    }
    expect(committees).toEqual(expected.committees);

    const nodes = await db.query<{ node_id: string; wal_balance: string | number }>(
      'SELECT node_id, wal_balance FROM storage_nodes',
    );
    expect(new Map(nodes.rows.map((r) => [r.node_id, BigInt(r.wal_balance)]))).toEqual(expected.nodeBalances);

    const invalid = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM invalid_blob_ids');
    expect(Number(invalid.rows[0]!.n)).toBe(expected.invalidBlobIds);
    const epoch = await db.query<{ epoch: number; state: string }>(
      'SELECT epoch, state FROM epochs ORDER BY epoch DESC LIMIT 1',
    );
    expect(epoch.rows[0]!.epoch).toBe(expected.epoch);
    const params = await db.query<Record<string, string | number>>(
      'SELECT epoch, total_capacity_size::text AS total, used_capacity_size::text AS used, storage_price_per_unit_size::text AS storage, write_price_per_unit_size::text AS write FROM epochs',
    );
    const byEpoch = new Map(params.rows.map((r) => [Number(r.epoch), r]));
    expect(expected.epochParameters.size).toBeGreaterThan(5);
    for (const [e, p] of expected.epochParameters) {
      expect(byEpoch.get(e), `epoch ${e}`).toMatchObject({
        total: p.totalCapacitySize.toString(),
        used: p.usedCapacitySize.toString(),
        storage: p.storagePrice.toString(),
        write: p.writePrice.toString(),
      });
    }
    const attributes = await db.query<{ n: string | number }>(
      "SELECT count(*) AS n FROM blobs WHERE attributes ? 'content-type'",
    );
    expect(Number(attributes.rows[0]!.n)).toBeGreaterThan(0);
  });

  it('writes the same tables whether it runs at once, in two runs, or again over what it already indexed', async () => {
    backend = await openTestBackend(kind, 'walrus_e2e');
    await index(backend.db, BigInt(COUNT - 1), 500);
    const once = await snapshot(backend.db);
    await index(backend.db, BigInt(COUNT - 1));
    expect(await snapshot(backend.db)).toEqual(once);
    await backend.dispose();

    backend = await openTestBackend(kind, 'walrus_e2e');
    await index(backend.db, 250n, 17);
    await index(backend.db, BigInt(COUNT - 1), 64);
    expect(await snapshot(backend.db)).toEqual(once);
  });
});
