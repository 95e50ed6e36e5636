// kill -9 of the indexer process at random points, then a restart: the final tables must equal those of one
// uninterrupted run. Runs the real CLI as a child process against Postgres.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageLineage } from '../config/deployment.ts';
import { type Database, postgresDatabase } from '../db/database.ts';
import { migratePostgres } from '../db/migrate.ts';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../db/test-database.ts';
import { readWatermark } from '../db/watermarks.ts';
import { runIndexer } from '../pipeline/runner.ts';
import { eventsPipeline } from '../pipelines/events/pipeline.ts';
import { DirectorySource } from '../sources/directory.ts';
import {
  genericEventPayloads,
  seededRandom,
  syntheticAddress,
  syntheticCheckpoints,
  writeCheckpointFiles,
} from '../testing/checkpoints.ts';
import { EVENTS_ORDER, tableSnapshot } from '../testing/snapshot.ts';
import { silentLogger } from '../util/log.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
/** Ids of the rest of a local deployment (the events pipeline needs only the walrus lineage). */
const LOCAL_IDS = [
  '--wal-package',
  syntheticAddress('wal'),
  '--system-object',
  syntheticAddress('system'),
  '--staking-object',
  syntheticAddress('staking'),
];
const PACKAGE = syntheticAddress('crash-pkg');
const CHECKPOINTS = 1500;
const KILLS = 10;

describe('the indexer process killed with SIGKILL at random points', () => {
  let dir: string;
  let crashed: TestSchema;
  let reference: TestSchema;
  let crashedDb: Database;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crash-'));
    await writeCheckpointFiles(
      dir,
      syntheticCheckpoints({
        count: CHECKPOINTS,
        transactionsPerCheckpoint: 3,
        payloads: genericEventPayloads({
          packageId: PACKAGE,
          foreignPackageId: syntheticAddress('x'),
          eventsPerTransaction: 3,
          seed: 99,
        }),
      }),
    );
    crashed = await createTestSchema('crash');
    crashedDb = postgresDatabase(crashed.pool);
    reference = await createTestSchema('crashref');
  });
  afterAll(async () => {
    await crashed.drop();
    await reference.drop();
    await rm(dir, { recursive: true, force: true });
  });

  function startIndexer() {
    return spawn(
      process.execPath,
      [
        MAIN,
        'run',
        '--deployment',
        'local',
        '--package',
        PACKAGE,
        ...LOCAL_IDS,
        '--source',
        `dir:${dir}`,
        '--db',
        TEST_DATABASE_URL,
        '--db-schema',
        crashed.schema,
        '--metrics-port',
        '0',
        '--batch-checkpoints',
        '10',
        '--batch-latency-ms',
        '5',
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  }

  const committed = async () => (await readWatermark(crashedDb, 'events').catch(() => undefined))?.checkpoint ?? -1n;

  it('restarts after every kill and ends with tables identical to an uninterrupted run', async () => {
    const random = seededRandom(Date.now() % 1_000_000);
    const kills: bigint[] = [];
    for (let attempt = 0; kills.length < KILLS && attempt < KILLS * 2; attempt++) {
      const child = startIndexer();
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      // Aim at a random point a little ahead of the watermark, then add a random few milliseconds so the kill
      // lands anywhere: between batches, inside a transaction, during COPY.
      const start = await committed();
      const target = start + 1n + BigInt(Math.floor(random() * (CHECKPOINTS / (KILLS * 2))));
      let done = false;
      void exited.then(() => (done = true));
      while (!done && (await committed()) < target) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
      child.kill('SIGKILL');
      const result = await exited;
      if (result.signal === 'SIGKILL') kills.push(await committed());
      else expect(result.code).toBe(0);
    }
    expect(kills.length).toBe(KILLS);
    console.info(`watermarks after each kill: ${kills.join(', ')}`);
    const final = startIndexer();
    let stderr = '';
    final.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => final.once('exit', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);

    // Killed runs made progress and stopped at different points.
    expect(new Set(kills).size).toBeGreaterThan(KILLS / 2);
    expect(kills.every((mark) => mark < BigInt(CHECKPOINTS - 1))).toBe(true);

    await migratePostgres(reference.pool, reference.schema);
    const referenceDb = postgresDatabase(reference.pool);
    await runIndexer({
      db: referenceDb,
      source: new DirectorySource(dir),
      pipelines: [eventsPipeline({ lineage: packageLineage([PACKAGE]) })],
      log: silentLogger(),
    });
    expect(await committed()).toBe(BigInt(CHECKPOINTS - 1));
    const [a, b] = await Promise.all([
      tableSnapshot(crashedDb, 'events', EVENTS_ORDER),
      tableSnapshot(referenceDb, 'events', EVENTS_ORDER),
    ]);
    expect(a.length).toBe(CHECKPOINTS * 9);
    expect(a).toEqual(b);
  });
});
