import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePgliteDb, migratePostgres } from './migrate.ts';
import { pipelineWatermarks } from './schema.ts';
import { createTestSchema, type TestSchema } from './test-database.ts';

describe('migrations on Postgres', () => {
  let db: TestSchema;
  beforeAll(async () => {
    db = await createTestSchema('migrate');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('create the watermark table inside the private schema and keep rows across a second migration', async () => {
    await migratePostgres(db.pool, db.schema);
    const orm = drizzlePg(db.pool);
    await orm
      .insert(pipelineWatermarks)
      .values({ pipeline: 'events', checkpoint: 42n, checkpointTimestampMs: 1_700_000_000_000n });

    await migratePostgres(db.pool, db.schema);

    const rows = await orm.select().from(pipelineWatermarks).where(eq(pipelineWatermarks.pipeline, 'events'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.checkpoint).toBe(42n);
    const tables = await db.pool.query<{ table_schema: string }>(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'pipeline_watermarks' AND table_schema = $1`,
      [db.schema],
    );
    expect(tables.rowCount).toBe(1);
  });

  it('reject a second watermark row for the same pipeline', async () => {
    await migratePostgres(db.pool, db.schema);
    const orm = drizzlePg(db.pool);
    await orm.insert(pipelineWatermarks).values({ pipeline: 'dup', checkpoint: 1n, checkpointTimestampMs: 0n });
    await expect(
      orm.insert(pipelineWatermarks).values({ pipeline: 'dup', checkpoint: 2n, checkpointTimestampMs: 0n }),
    ).rejects.toThrow();
    const rows = await orm.select().from(pipelineWatermarks).where(eq(pipelineWatermarks.pipeline, 'dup'));
    expect(rows.map((r) => r.checkpoint)).toEqual([1n]);
  });
});

describe('migrations on PGlite', () => {
  it('apply the same migrations to the embedded database', async () => {
    const client = new PGlite();
    try {
      await migratePgliteDb(client);
      const orm = drizzlePglite(client);
      await orm.insert(pipelineWatermarks).values({ pipeline: 'objects', checkpoint: 7n, checkpointTimestampMs: 5n });
      const rows = await orm.select().from(pipelineWatermarks);
      expect(rows.map((r) => [r.pipeline, r.checkpoint])).toEqual([['objects', 7n]]);
    } finally {
      await client.close();
    }
  });
});
