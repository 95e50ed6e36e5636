import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migratePgliteDb, migratePostgres } from './migrate.ts';
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

describe('migration 0005 (expiry derived at read time)', () => {
  it('turns blobs stored as expired back into registered / certified, and the new check refuses expired', async () => {
    // The migrations up to 0004 in a folder of their own, so the database is left where 0005 starts.
    const before = await mkdtemp(join(tmpdir(), 'walrus-migrations-'));
    const client = new PGlite();
    try {
      const journal = JSON.parse(await readFile(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'));
      const kept = journal.entries.filter((e: { tag: string }) => e.tag < '0005');
      await mkdir(join(before, 'meta'));
      await writeFile(join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
      for (const entry of kept)
        await copyFile(join(MIGRATIONS_DIR, `${entry.tag}.sql`), join(before, `${entry.tag}.sql`));
      await migratePglite(drizzlePglite(client), { migrationsFolder: before });

      const blob = (id: string, certifiedEpoch: number | null, status: string) =>
        client.query(
          `INSERT INTO blobs (object_id, blob_id, owner_kind, size, encoding_type, deletable, registered_epoch,
             certified_epoch, start_epoch, end_epoch, status, created_checkpoint, created_tx_digest,
             created_timestamp_ms, updated_checkpoint, updated_tx_digest)
           VALUES ($1, 'b', 'unknown', 1, 1, false, 0, $2, 0, 1, $3, 1, 't', 0, 1, 't')`,
          [id, certifiedEpoch, status],
        );
      await blob('0x1', null, 'expired');
      await blob('0x2', 0, 'expired');
      await blob('0x3', 0, 'deleted');

      await migratePgliteDb(client);
      const rows = await client.query<{ object_id: string; status: string }>(
        'SELECT object_id, status FROM blobs ORDER BY object_id',
      );
      expect(rows.rows).toEqual([
        { object_id: '0x1', status: 'registered' },
        { object_id: '0x2', status: 'certified' },
        { object_id: '0x3', status: 'deleted' },
      ]);
      await expect(blob('0x4', null, 'expired')).rejects.toThrow(/blobs_status_check/);
    } finally {
      await client.close();
      await rm(before, { recursive: true, force: true });
    }
  });
});
