import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageLineage } from '../config/deployment.ts';
import { type Database, postgresDatabase } from '../db/database.ts';
import { migratePostgres } from '../db/migrate.ts';
import { createPool } from '../db/open.ts';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../db/test-database.ts';
import { readWatermark } from '../db/watermarks.ts';
import { IndexerMetrics } from '../metrics/metrics.ts';
import { type EventRow, eventsPipeline } from '../pipelines/events/pipeline.ts';
import { genericEventPayloads, syntheticAddress, syntheticCheckpoints } from '../testing/checkpoints.ts';
import { MemorySource } from '../testing/memory-source.ts';
import { EVENTS_ORDER, tableSnapshot } from '../testing/snapshot.ts';
import { silentLogger } from '../util/log.ts';
import type { SequentialPipeline } from './pipeline.ts';
import { runIndexer } from './runner.ts';

const PACKAGE = syntheticAddress('outage-pkg');
const lineage = packageLineage([PACKAGE]);
const checkpoints = [
  ...syntheticCheckpoints({
    count: 150,
    transactionsPerCheckpoint: 3,
    payloads: genericEventPayloads({ packageId: PACKAGE, eventsPerTransaction: 4, seed: 3 }),
  }),
];

describe('the runner when Postgres drops its connections mid-run', () => {
  let test: TestSchema;
  let pool: pg.Pool;
  let db: Database;
  let admin: pg.Client;
  const applicationName = `outage_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    test = await createTestSchema('outage');
    await migratePostgres(test.pool, test.schema);
    pool = createPool({ kind: 'postgres', url: TEST_DATABASE_URL, schema: test.schema, applicationName });
    db = postgresDatabase(pool);
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.close();
    await test.drop();
  });

  it('retries the batch with backoff and ends with exactly the rows of an undisturbed run', async () => {
    const log = silentLogger();
    const batch = { maxCheckpoints: 10, maxRows: 100_000, maxLatencyMs: 20 };
    const dbRetry = { initialMs: 20, maxMs: 200, maxAttempts: Infinity };
    await runIndexer({
      db,
      source: new MemorySource(checkpoints),
      pipelines: [eventsPipeline({ lineage })],
      batch,
      log,
      dbRetry,
    });
    const reference = await tableSnapshot(db, 'events', EVENTS_ORDER);
    await db.query('DELETE FROM events');
    await db.query('DELETE FROM pipeline_watermarks');

    // Kill the connection inside the transaction of some batches, right before the rows are written ...
    const inner = eventsPipeline({ lineage });
    const seen = new Set<bigint>();
    const killed = new Set<bigint>();
    const sabotaged: SequentialPipeline<EventRow> = {
      ...inner,
      async commit(tx, rows) {
        // Every third batch, on its first attempt (there are at least 15 batches of at most 10 checkpoints).
        const firstAttempt = !seen.has(rows.first);
        seen.add(rows.first);
        if (firstAttempt && seen.size % 3 === 2) {
          killed.add(rows.first);
          const { rows: me } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await admin.query('SELECT pg_terminate_backend($1)', [me[0]!.pid]);
        }
        return inner.commit(tx, rows);
      },
    };
    // ... and, independently, every connection of the indexer every few milliseconds.
    let chaos = true;
    const chaosLoop = (async () => {
      while (chaos) {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
          applicationName,
        ]);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const metrics = new IndexerMetrics();
    try {
      await runIndexer({
        db,
        source: new MemorySource(checkpoints, { delayMs: 1 }),
        pipelines: [sabotaged],
        batch,
        log,
        metrics,
        dbRetry,
      });
    } finally {
      chaos = false;
      await chaosLoop;
    }
    expect(killed.size).toBeGreaterThanOrEqual(3);
    const retries = (await metrics.errors.get()).values.find((v) => v.labels.kind === 'db_retry')?.value ?? 0;
    expect(retries).toBeGreaterThanOrEqual(killed.size);
    expect(await tableSnapshot(db, 'events', EVENTS_ORDER)).toEqual(reference);
    expect((await readWatermark(db, 'events'))?.checkpoint).toBe(149n);
  });
});
