import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migratePostgres } from '../../indexer/src/db/migrate.ts';
import { createTestSchema, TEST_DATABASE_URL } from '../../indexer/src/db/test-database.ts';
import { parseApiConfig } from './config.ts';
import { NoIndexError, openDatabase, statementNamer } from './database.ts';

describe('opening the configured database', () => {
  it('opens an indexed Postgres schema read only', async () => {
    const test = await createTestSchema('apiopen');
    try {
      await migratePostgres(test.pool, test.schema);
      const database = await openDatabase(
        parseApiConfig({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: test.schema }),
      );
      const snapshot = await database.openSnapshot();
      const result = (await snapshot.db.execute(
        sql`select current_schema() as schema, current_setting('transaction_read_only') as read_only`,
      )) as unknown as { rows: unknown[] };
      expect(result.rows).toEqual([{ schema: test.schema, read_only: 'on' }]);
      await snapshot.release();
      await database.close();
    } finally {
      await test.drop();
    }
  });

  it('survives Postgres terminating its connections, busy or idle, and serves the next snapshot', async () => {
    const test = await createTestSchema('apikill');
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const pidOf = async (snapshot: { db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> } }) =>
      ((await snapshot.db.execute(sql`select pg_backend_pid() as pid`)) as { rows: { pid: number }[] }).rows[0]!.pid;
    const terminated = () => new Promise((resolve) => setTimeout(resolve, 200));
    try {
      await migratePostgres(test.pool, test.schema);
      const database = await openDatabase(
        parseApiConfig({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: test.schema }),
      );
      // A connection held by a request, between two statements: the error must not escape as an uncaught
      // exception (vitest fails the run on one); the request's next statement fails instead.
      const busy = await database.openSnapshot();
      await admin.query('select pg_terminate_backend($1)', [await pidOf(busy)]);
      await terminated();
      await expect(busy.db.execute(sql`select 1`)).rejects.toThrow();
      await busy.release();
      // An idle pooled connection.
      const first = await database.openSnapshot();
      const idlePid = await pidOf(first);
      await first.release();
      await admin.query('select pg_terminate_backend($1)', [idlePid]);
      await terminated();
      const next = await database.openSnapshot();
      expect(await pidOf(next)).not.toBe(idlePid);
      await next.release();
      await database.close();
    } finally {
      await admin.end();
      await test.drop();
    }
  });

  it('refuses a Postgres schema the indexer has not written, saying so', async () => {
    const test = await createTestSchema('apiempty');
    try {
      const attempt = openDatabase(parseApiConfig({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: test.schema }));
      await expect(attempt).rejects.toThrow(NoIndexError);
      await expect(
        openDatabase(parseApiConfig({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: test.schema })),
      ).rejects.toThrow(
        new RegExp(
          `^no index in schema "${test.schema}" of 127.0.0.1:5432: relation "pipeline_watermarks" does not exist; run the indexer`,
        ),
      );
    } finally {
      await test.drop();
    }
  });

  it('refuses a PGlite directory that does not exist instead of creating an empty one', async () => {
    await expect(openDatabase(parseApiConfig({ PGLITE_DIR: '/tmp/open-walrus-api-no-such-dir' }))).rejects.toThrow(
      'no index at PGLITE_DIR=/tmp/open-walrus-api-no-such-dir (the directory does not exist); run the indexer first',
    );
  });
});

describe('statement names', () => {
  it('name each text once, in the order first seen, up to the limit, and leave later texts unnamed', () => {
    const name = statementNamer(2);
    expect(name('select 1')).toBe('api_0');
    expect(name('select 2')).toBe('api_1');
    expect(name('select 1')).toBe('api_0');
    expect(name('select 3')).toBeUndefined();
    expect(name('select 2')).toBe('api_1');
  });
});
