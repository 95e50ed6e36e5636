// The API over tables written by the indexer's own write path (runner + events and walrus pipelines) from a
// synthetic network: its answers must agree with what the simulation says happened.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../indexer/src/checkpoint/codec.ts';
import { packageLineage } from '../../indexer/src/config/deployment.ts';
import {
  pgliteDatabase as indexerPglite,
  postgresDatabase as indexerPostgres,
  type Database,
} from '../../indexer/src/db/database.ts';
import { migratePgliteDb, migratePostgres } from '../../indexer/src/db/migrate.ts';
import { createTestSchema } from '../../indexer/src/db/test-database.ts';
import { runIndexer } from '../../indexer/src/pipeline/runner.ts';
import { eventsPipeline } from '../../indexer/src/pipelines/events/pipeline.ts';
import { syntheticRun } from '../../indexer/src/synthetic/generate.ts';
import { MemorySource } from '../../indexer/src/testing/memory-source.ts';
import { silentLogger } from '../../indexer/src/util/log.ts';
import { walrusPipeline } from '../../indexer/src/walrus/pipeline.ts';
import { DEFAULT_LIMITS } from './config.ts';
import { pgliteDatabase, postgresDatabase, type ApiDatabase } from './database.ts';
import { createApiServer, type ApiServer } from './server/server.ts';
import { gql } from './testing/backends.ts';

const OPTIONS = { seed: 5, nodes: 6, shards: 30, epochCheckpoints: 40, stakers: 10, users: 10, maxEpochsAhead: 5 };
const COUNT = 500;
const run = syntheticRun(OPTIONS);
const checkpoints: Checkpoint[] = [...run.checkpoints(COUNT)];
const expected = run.network.expectations;

async function indexAll(db: Database): Promise<void> {
  await runIndexer({
    db,
    source: new MemorySource(checkpoints),
    pipelines: [
      eventsPipeline({
        lineage: packageLineage(run.deployment.walrusPackageIds),
        decode: (typeName, bcs) =>
          run.registry.decoderFor(typeName) === undefined ? undefined : run.registry.decode(typeName, bcs),
      }),
      walrusPipeline({ registry: run.registry }),
    ],
    to: BigInt(COUNT - 1),
    batch: { maxCheckpoints: 50 },
    log: silentLogger(),
    progressIntervalMs: 0,
  });
}

/** Every node of a connection field, paging with `first: 1000`. */
async function everything<T>(api: ApiServer, field: string, selection: string, args = ''): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const res: any = await gql(
      api,
      `query($after: String) { ${field}(first: 1000, after: $after${args}) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    expect(res.errors).toBeUndefined();
    out.push(...res.data[field].nodes);
    if (!res.data[field].pageInfo.hasNextPage) return out;
    after = res.data[field].pageInfo.endCursor;
  }
}

describe.each(['pglite', 'postgres'] as const)('the API over a synthetic network indexed on %s', (kind) => {
  let api: ApiServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    let database: ApiDatabase;
    if (kind === 'postgres') {
      const test = await createTestSchema('api_e2e');
      await migratePostgres(test.pool, test.schema);
      await indexAll(indexerPostgres(test.pool));
      database = postgresDatabase(test.pool, DEFAULT_LIMITS.statementTimeoutMs);
      dispose = () => test.drop();
    } else {
      const client = new PGlite();
      await migratePgliteDb(client);
      await indexAll(indexerPglite(client));
      database = pgliteDatabase(client);
      dispose = () => client.close();
    }
    api = createApiServer({ database, logging: false, processMetrics: false });
  });
  afterAll(async () => {
    api.live.close();
    await dispose();
  });

  it('report the last indexed checkpoint and the simulated current epoch', async () => {
    const res = await gql(
      api,
      `{ indexerStatus { checkpoint pipelines { pipeline } } currentEpoch { epoch isCurrent } }`,
    );
    expect(res.data).toEqual({
      indexerStatus: { checkpoint: String(COUNT - 1), pipelines: [{ pipeline: 'events' }, { pipeline: 'walrus' }] },
      currentEpoch: { epoch: expected.epoch, isCurrent: true },
    });
  });

  it('list every blob object with the status the simulation gave it', async () => {
    const blobs = await everything<{ objectId: string; status: string }>(api, 'blobs', 'objectId status');
    expect(new Map(blobs.map((b) => [b.objectId, b.status.toLowerCase()]))).toEqual(expected.blobStatuses);
  });

  it('agree with itself on blob ids: each status lists the objects blobsByBlobId returns', async () => {
    const blobs = await everything<{ blobId: string }>(api, 'blobs', 'blobId');
    const ids = [...new Set(blobs.map((b) => b.blobId))].slice(0, 40);
    for (const id of ids) {
      const res: any = await gql(
        api,
        `{ blobStatus(blobId: "${id}") { status objects { objectId } } blobsByBlobId(blobId: "${id}") { objectId } }`,
      );
      expect(res.data.blobStatus.objects).toEqual(res.data.blobsByBlobId);
      expect(['PERMANENT', 'DELETABLE', 'NONEXISTENT', 'INVALID']).toContain(res.data.blobStatus.status);
    }
  });

  it('list every staked position in the state the simulation left it', async () => {
    const positions = await everything<{ objectId: string; state: string }>(api, 'stakedWals', 'objectId state');
    expect(new Map(positions.map((p) => [p.objectId, p.state.toLowerCase()]))).toEqual(expected.stakedWalStates);
  });

  it('show each epoch committee with the shards the simulation assigned', async () => {
    const epochs = await everything<{ epoch: number; committee: { nodeId: string; shardIndices: number[] }[] }>(
      api,
      'epochs',
      'epoch committee { nodeId shardIndices }',
    );
    const committees = new Map(
      epochs
        .filter((e) => e.committee.length > 0)
        .map((e) => [e.epoch, new Map(e.committee.map((m) => [m.nodeId, m.shardIndices]))]),
    );
    expect(committees).toEqual(expected.committees);
  });

  it('show each node with the stake the simulation holds for it', async () => {
    const nodes = await everything<{ nodeId: string; stake: string }>(api, 'storageNodes', 'nodeId stake');
    expect(new Map(nodes.map((n) => [n.nodeId, BigInt(n.stake)]))).toEqual(expected.nodeBalances);
  });

  it('count each event type as the simulation emitted it', async () => {
    for (const [name, count] of expected.eventCounts) {
      const res: any = await gql(api, `{ events(filter: { types: ["${name}"] }) { totalCount } }`);
      expect(res.errors, name).toBeUndefined();
      expect(res.data.events.totalCount, name).toBe(count);
    }
  });
});
