import { count, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { GraphQLError } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../indexer/src/db/migrate.ts';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../../indexer/src/db/test-database.ts';
import { DEFAULT_LIMITS } from './config.ts';
import { postgresDatabase } from './database.ts';
import { createLoaders } from './loaders.ts';
import { RequestData } from './request-data.ts';
import { blobs, epochs } from './tables.ts';
import { blobRow } from './testing/fixtures.ts';

const countBlobs = (data: RequestData<unknown>) =>
  data.query(async (db) => (await db.select({ n: count() }).from(blobs))[0]!.n);

/** A pool of one pipelined connection, as the API's own pool (openDatabase), so every request reuses it. */
const pipelinedPool = (schema: string) =>
  new pg.Pool({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}`, max: 1, pipeline: true });

describe('request snapshots on a pool of pipelined Postgres connections', () => {
  let test: TestSchema;
  let pool: pg.Pool;
  beforeAll(async () => {
    test = await createTestSchema('apipipe');
    await migratePostgres(test.pool, test.schema);
    pool = pipelinedPool(test.schema);
  });
  afterAll(async () => {
    await pool.end();
    await test.drop();
  });

  it('give each request the state committed before it began, on a connection whose ROLLBACK was not waited for', async () => {
    const database = postgresDatabase(pool, 5_000);
    const writer = drizzlePg(test.pool);
    await writer.delete(blobs);
    await writer.insert(blobs).values(blobRow(1));
    const first = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(first)).toBe(1);
    await writer.insert(blobs).values(blobRow(2));
    expect(await countBlobs(first)).toBe(1);
    await first.close();
    // The same (only) connection, its last transaction's ROLLBACK still on the way.
    const second = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(second)).toBe(2);
    expect(
      await second.query(
        async (db) =>
          (
            (await db.execute(sql`select current_setting('transaction_read_only') as ro`)) as unknown as {
              rows: unknown[];
            }
          ).rows,
      ),
    ).toEqual([{ ro: 'on' }]);
    await second.close();
    await writer.delete(blobs);
  });

  it('answer statements sent together, each with its own rows, in one snapshot', async () => {
    const writer = drizzlePg(test.pool);
    await writer.insert(epochs).values([{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }]);
    const data = new RequestData(postgresDatabase(pool, 5_000), DEFAULT_LIMITS, createLoaders);
    try {
      const reads = [1, 2, 3, 4].map((n) =>
        data.query((db) =>
          db
            .select({ epoch: epochs.epoch })
            .from(epochs)
            .where(sql`${epochs.epoch} = ${n}`),
        ),
      );
      const [loaded, ...rest] = await Promise.all([
        Promise.all([data.loaders.epoch.load(3), data.loaders.epoch.load(1)]),
        ...reads,
      ]);
      expect(loaded.map((e) => e?.epoch)).toEqual([3, 1]);
      expect(rest).toEqual([[{ epoch: 1 }], [{ epoch: 2 }], [{ epoch: 3 }], []]);
      expect((await data.loaders.currentEpoch())?.epoch).toBe(3);
    } finally {
      await data.close();
      await writer.delete(epochs);
    }
  });

  it('cancel a statement past the statement timeout, and serve the next request on the same connection', async () => {
    const limits = { ...DEFAULT_LIMITS, statementTimeoutMs: 20 };
    const database = postgresDatabase(pool, 20);
    const late = new RequestData(database, limits, createLoaders);
    const error = await late.query((db) => db.execute(sql`select pg_sleep(1)`)).catch((e: unknown) => e);
    expect((error as GraphQLError).extensions.code).toBe('STATEMENT_TIMEOUT');
    await late.close();
    const next = new RequestData(database, limits, createLoaders);
    expect(await countBlobs(next)).toBe(0);
    await next.close();
  });

  it('prepare each query text once per connection, and keep answering after a statement fails', async () => {
    const database = postgresDatabase(pool, 5_000);
    const recorded: string[] = [];
    const recording = postgresDatabase(pool, 5_000, false, (text, _params, prepared) => {
      if (prepared) recorded.push(text);
    });
    const counted = new RequestData(recording, DEFAULT_LIMITS, createLoaders);
    await countBlobs(counted);
    await counted.close();
    const countText = recorded[0]!;
    for (let i = 0; i < 3; i++) {
      const again = new RequestData(database, DEFAULT_LIMITS, createLoaders);
      await countBlobs(again);
      await again.close();
    }
    const failing = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    await expect(failing.query((db) => db.execute(sql`select 1 / ${0}::int as n`))).rejects.toMatchObject({
      cause: { message: 'division by zero' },
    });
    await failing.close();

    const after = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(after)).toBe(0);
    const prepared = await after.query(
      async (db) =>
        (
          (await db.execute(
            sql`select name, statement from pg_prepared_statements where name like ${'api_%'}`,
          )) as unknown as {
            rows: { name: string; statement: string }[];
          }
        ).rows,
    );
    await after.close();
    // One prepared statement per text on this connection (the pool's only one), the count's among them.
    expect(prepared.filter((p) => p.statement === countText)).toHaveLength(1);
    expect(new Set(prepared.map((p) => p.statement)).size).toBe(prepared.length);
    expect(prepared.some((p) => p.statement.includes('1 / $1'))).toBe(true);
  });

  it('keep the connection of a statement running past the request deadline until it ends, then serve the next', async () => {
    const database = postgresDatabase(pool, 2_000);
    const late = new RequestData(database, { ...DEFAULT_LIMITS, requestTimeoutMs: 50 }, createLoaders);
    const started = Date.now();
    const error = await late.query((db) => db.execute(sql`select pg_sleep(0.3)`)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(250);
    expect((error as GraphQLError).extensions.code).toBe('REQUEST_TIMEOUT');
    await late.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const next = new RequestData(database, DEFAULT_LIMITS, createLoaders);
    expect(await countBlobs(next)).toBe(0);
    await next.close();
  });
});

describe('a snapshot whose opening fails', () => {
  let test: TestSchema;
  beforeAll(async () => {
    // No tables: the chain head's reads in the opening fail.
    test = await createTestSchema('apipipeempty');
  });
  afterAll(async () => {
    await test.drop();
  });

  it.each([
    ['a pipelined pool', true],
    ['a shared pool', false],
  ])('fails the statements written behind it, on %s, though they would succeed alone', async (_, pipelined) => {
    const pool = pipelined ? pipelinedPool(test.schema) : test.pool;
    const data = new RequestData(postgresDatabase(pool, 5_000), DEFAULT_LIMITS, createLoaders);
    const again = new RequestData(postgresDatabase(pool, 5_000), DEFAULT_LIMITS, createLoaders);
    try {
      const error = await data.query((db) => db.execute(sql`select 1 as one`)).catch((e: unknown) => e);
      expect(String(error instanceof Error && error.cause ? error.cause : error)).toMatch(/relation .* does not exist/);
      await data.close();
      // The connection was let go; the next request opens another snapshot and fails the same way, not worse.
      await expect(again.query((db) => db.execute(sql`select 1 as one`))).rejects.toThrow(/select 1/);
    } finally {
      await data.close();
      await again.close();
      if (pipelined) await pool.end();
    }
  });
});
