import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migratePgliteDb, migratePostgres } from '../../indexer/src/db/migrate.ts';
import { createTestSchema, type TestSchema } from '../../indexer/src/db/test-database.ts';
import { DEFAULT_LIMITS } from './config.ts';
import { pgliteDatabase, postgresDatabase } from './database.ts';
import { createLoaders } from './loaders.ts';
import { RequestData } from './request-data.ts';
import { startApi } from './server/server.ts';
import { readChainHead } from './chain-head.ts';
import { blobs, epochs, stakingState } from './tables.ts';
import { blobRow, hexId } from './testing/fixtures.ts';

const countBlobs = (data: RequestData<unknown>) =>
  data.query(async (db) => (await db.select({ n: count() }).from(blobs))[0]!.n);

describe('request snapshots on Postgres', () => {
  let test: TestSchema;
  beforeAll(async () => {
    test = await createTestSchema('apisnap');
    await migratePostgres(test.pool, test.schema);
  });
  afterAll(async () => {
    await test.drop();
  });

  it('see one committed state for the whole request, even while the indexer commits', async () => {
    const database = postgresDatabase(test.pool, 5_000);
    const writer = drizzlePg(test.pool);
    await writer.insert(blobs).values(blobRow(1));
    const data = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(data)).toBe(1);
    await writer.insert(blobs).values(blobRow(2));
    expect(await countBlobs(data)).toBe(1);
    await data.close();
    const next = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(next)).toBe(2);
    await next.close();
  });

  it('refuse writes: the snapshot is read only', async () => {
    const data = new RequestData(postgresDatabase(test.pool, 5_000), DEFAULT_LIMITS, createLoaders);
    try {
      const error = await data.query((db) => db.insert(blobs).values(blobRow(3))).catch((e: unknown) => e);
      expect(String((error as Error).cause)).toMatch(/cannot execute INSERT in a read-only transaction/);
    } finally {
      await data.close();
    }
  });

  it('turn a statement timeout into an error that says what to do', async () => {
    const limits = { ...DEFAULT_LIMITS, statementTimeoutMs: 20 };
    const database = postgresDatabase(test.pool, 20);
    expect(database.statementTimeoutMs).toBe(20);
    const data = new RequestData(database, limits, createLoaders);
    const error = await data.query((db) => db.execute(sql`select pg_sleep(1)`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('STATEMENT_TIMEOUT');
    expect((error as GraphQLError).message).toBe(
      'a database query took longer than 20 ms and was cancelled; use a more selective filter or a smaller page',
    );
    await data.close();
  });

  it('answer within the request deadline even when the database does not', async () => {
    const limits = { ...DEFAULT_LIMITS, requestTimeoutMs: 50 };
    const data = new RequestData(postgresDatabase(test.pool, 2_000), limits, createLoaders);
    const started = Date.now();
    const error = await data.query((db) => db.execute(sql`select pg_sleep(0.5)`)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(400);
    expect((error as GraphQLError).extensions.code).toBe('REQUEST_TIMEOUT');
    await data.close();
  });

  it('read the chain head in the round trip that begins the snapshot, as drizzle reads it, in that snapshot', async () => {
    const writer = drizzlePg(test.pool);
    await writer.insert(epochs).values([
      { epoch: 1, state: 'epoch_change_done', totalCapacitySize: 18_446_744_073_709_551_615n },
      // Past 2^53: a number would lose it.
      { epoch: 2, state: 'epoch_change_sync', changeStartedTimestampMs: 9_007_199_254_740_993n, syncWeight: 7 },
    ]);
    await writer.insert(stakingState).values({
      objectId: hexId(9, 0xdd),
      epoch: 2,
      epochDurationMs: 86_400_000n,
      nextCommittee: [{ nodeId: hexId(1, 0xbb), shards: [0, 3] }],
      nextEpochCapacity: 123n,
      updatedCheckpoint: 7n,
    });
    const statements: string[] = [];
    const data = new RequestData(
      postgresDatabase(test.pool, 5_000, false, (text) => statements.push(text)),
      DEFAULT_LIMITS,
      createLoaders,
    );
    const reference = new RequestData(postgresDatabase(test.pool, 5_000), DEFAULT_LIMITS, createLoaders);
    try {
      const [current, staking] = await Promise.all([data.loaders.currentEpoch(), data.loaders.staking()]);
      expect({ epoch: current, staking }).toEqual(await readChainHead(reference.query));
      expect(current?.changeStartedTimestampMs).toBe(9_007_199_254_740_993n);
      expect(staking?.nextCommittee).toEqual([{ nodeId: hexId(1, 0xbb), shards: [0, 3] }]);
      // One round trip: the BEGIN carried the reads.
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^BEGIN .*; select .* from "epochs" .*; select .* from "staking_state" limit 1$/);
      // Later statements of the request see the same snapshot as those reads.
      await writer.insert(epochs).values({ epoch: 3 });
      const [latest] = await data.query((db) => db.select({ n: sql<number>`max(${epochs.epoch})` }).from(epochs));
      expect(latest?.n).toBe(2);
    } finally {
      await data.close();
      await reference.close();
      await writer.delete(epochs);
      await writer.delete(stakingState);
    }
  });

  it('refuse queries after the request ended', async () => {
    const data = new RequestData(postgresDatabase(test.pool, 5_000), DEFAULT_LIMITS, createLoaders);
    await data.close();
    await expect(countBlobs(data)).rejects.toThrow(/after the request finished/);
  });

  it('serve GraphQL, the health check and metrics over HTTP with startApi', async () => {
    const api = await startApi({ db: { pool: test.pool }, port: 0, logging: false, processMetrics: false });
    try {
      expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ blobs { totalCount } }' }),
      });
      expect(await response.json()).toEqual({ data: { blobs: { totalCount: 2 } } });
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${api.url}/metrics`)).text()).toMatch(/walrus_api_http_responses_total/);
    } finally {
      await api.close();
    }
    // The caller's pool stays open.
    expect((await test.pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });
});

describe('request snapshots on PGlite', () => {
  it('hold the embedded database for the request, so a concurrent write lands after it', async () => {
    const client = new PGlite();
    await migratePgliteDb(client);
    const writer = drizzlePglite(client);
    await writer.insert(blobs).values(blobRow(1));
    const database = pgliteDatabase(client);
    const data = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(data)).toBe(1);
    const write = writer.insert(blobs).values(blobRow(2));
    expect(await countBlobs(data)).toBe(1);
    await data.close();
    await write;
    const next = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(next)).toBe(2);
    await next.close();
    await client.close();
  });

  it('enforce no statement timeout (PGlite never cancels a statement), and say so in serviceConfig', async () => {
    const client = new PGlite();
    await migratePgliteDb(client);
    try {
      // The setting is accepted, but a statement far past it still runs to its end.
      await client.exec('SET statement_timeout = 10');
      const started = Date.now();
      await expect(client.query('select pg_sleep(0.2) as slept')).resolves.toMatchObject({ rows: [{ slept: '' }] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      await client.exec('RESET statement_timeout');

      const database = pgliteDatabase(client);
      expect(database.statementTimeoutMs).toBeNull();
      const limits = { ...DEFAULT_LIMITS, statementTimeoutMs: 10, requestTimeoutMs: 50 };
      const api = await startApi({ db: database, limits, port: 0, logging: false, processMetrics: false });
      try {
        const response = await fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ serviceConfig { statementTimeoutMs requestTimeoutMs } }' }),
        });
        expect(await response.json()).toEqual({
          data: { serviceConfig: { statementTimeoutMs: null, requestTimeoutMs: 50 } },
        });
      } finally {
        await api.close();
      }
    } finally {
      await client.close();
    }
  });

  it("finish a statement running past the request deadline, then refuse the request's next one", async () => {
    const client = new PGlite();
    await migratePgliteDb(client);
    const limits = { ...DEFAULT_LIMITS, requestTimeoutMs: 50 };
    const data = new RequestData(pgliteDatabase(client), limits, createLoaders);
    try {
      // PGlite runs the statement on this thread: no timer fires until it returns, so it returns its rows.
      const slow = await data.query((db) => db.execute(sql`select pg_sleep(0.2) as slept`));
      expect((slow as unknown as { rows: unknown[] }).rows).toEqual([{ slept: '' }]);
      const error = await countBlobs(data).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions.code).toBe('REQUEST_TIMEOUT');
    } finally {
      await data.close();
      await client.close();
    }
  });
});
