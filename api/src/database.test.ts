import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { migratePostgres } from '../../indexer/src/db/migrate.ts';
import { createTestSchema, TEST_DATABASE_URL } from '../../indexer/src/db/test-database.ts';
import { parseApiConfig } from './config.ts';
import { NoIndexError, openDatabase } from './database.ts';

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
