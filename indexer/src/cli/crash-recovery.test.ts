// kill -9 of the indexer process at random points, then a restart: every table the indexer writes must end up
// identical to one uninterrupted run. The real CLI runs as a child process with the pipelines `indexer run`
// assembles (events + walrus domain) over a small synthetic Walrus network, into Postgres.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRunArgs } from '../testing/cli-args.ts';
import { type Database, postgresDatabase } from '../db/database.ts';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../db/test-database.ts';
import { readWatermark } from '../db/watermarks.ts';
import { writeSyntheticNetwork } from '../synthetic/generate.ts';
import { seededRandom } from '../testing/checkpoints.ts';
import { INDEXED_TABLES, indexedSnapshot } from '../testing/snapshot.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
const NETWORK = {
  seed: 7,
  nodes: 4,
  shards: 16,
  epochCheckpoints: 40,
  stakers: 8,
  users: 8,
  maxEpochsAhead: 5,
  blobTxsPerCheckpoint: 3,
};
const CHECKPOINTS = 800;
const KILLS = 10;
const PIPELINES = ['events', 'walrus'];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

describe('the indexer process killed with SIGKILL at random points', () => {
  let dir: string;
  let crashed: TestSchema;
  let reference: TestSchema;
  let crashedDb: Database;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crash-walrus-'));
    await writeSyntheticNetwork(dir, CHECKPOINTS, NETWORK);
    crashed = await createTestSchema('crash');
    crashedDb = postgresDatabase(crashed.pool);
    reference = await createTestSchema('crashref');
  });
  afterAll(async () => {
    await crashed.drop();
    await reference.drop();
    await rm(dir, { recursive: true, force: true });
  });

  function startIndexer(schema: string): { child: ChildProcess; exited: Promise<Exit> } {
    const child = spawn(process.execPath, [MAIN, ...localRunArgs(dir, TEST_DATABASE_URL, schema)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<Exit>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, exited };
  }

  /** The lowest watermark of the two pipelines (each commits in its own transaction), -1 before any. */
  const committed = async (): Promise<bigint> => {
    let low: bigint | undefined;
    for (const pipeline of PIPELINES) {
      // Before the first run's migrations the table does not exist yet.
      const mark = (await readWatermark(crashedDb, pipeline).catch(() => undefined))?.checkpoint ?? -1n;
      if (low === undefined || mark < low) low = mark;
    }
    return low!;
  };

  it('restarts after every kill and ends with every table identical to an uninterrupted run', async () => {
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const kills: Array<{ start: bigint; at: bigint; early: boolean }> = [];
    for (let attempt = 0; kills.length < KILLS && attempt < KILLS * 2; attempt++) {
      const { child, exited } = startIndexer(crashed.schema);
      let done = false;
      void exited.then(() => (done = true));
      const start = await committed();
      // Every fifth kill lands during start-up (connecting, migrating, reading watermarks), at a random moment;
      // the others at a random point a little ahead of the watermark, plus a few random milliseconds so they
      // land anywhere: between batches, inside a transaction, during COPY, between the two pipelines' commits.
      // The schedule is fixed so a seed cannot make most kills start-up kills, which make no progress.
      const early = kills.length % 5 === 2;
      if (early) await new Promise((r) => setTimeout(r, Math.floor(random() * 400)));
      else {
        const target = start + 1n + BigInt(Math.floor(random() * (CHECKPOINTS / (KILLS * 2))));
        while (!done && (await committed()) < target) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
      }
      child.kill('SIGKILL');
      const result = await exited;
      if (result.signal === 'SIGKILL') kills.push({ start, at: await committed(), early });
      else {
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      }
    }
    console.info(
      `seed ${seed}; lowest watermark after each kill: ${kills.map((k) => `${k.at}${k.early ? ' (start-up)' : ''}`).join(', ')}`,
    );
    expect(kills.length).toBe(KILLS);
    // A kill never loses a committed checkpoint; each run killed past start-up made progress first (so those
    // kills stopped at different points), and every kill came before the end.
    expect(kills.every((k) => k.at >= k.start)).toBe(true);
    const midRun = kills.filter((k) => !k.early);
    expect(midRun.length).toBe(KILLS - 2);
    expect(midRun.every((k) => k.at > k.start)).toBe(true);
    expect(kills.every((k) => k.at < BigInt(CHECKPOINTS - 1))).toBe(true);

    const resumed = startIndexer(crashed.schema);
    const last = await resumed.exited;
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    expect(await committed()).toBe(BigInt(CHECKPOINTS - 1));

    const uninterrupted = startIndexer(reference.schema);
    const once = await uninterrupted.exited;
    expect(once.stderr).toBe('');
    expect(once.code).toBe(0);

    const [afterCrashes, expected] = await Promise.all([
      indexedSnapshot(crashedDb),
      indexedSnapshot(postgresDatabase(reference.pool)),
    ]);
    // Not a comparison of empty tables: the network touches every one of them.
    for (const table of Object.keys(INDEXED_TABLES)) expect(expected[table]!.length, table).toBeGreaterThan(0);
    expect(expected.pipeline_watermarks!.map((row) => (JSON.parse(row) as unknown[]).slice(0, 2))).toEqual([
      ['events', CHECKPOINTS - 1],
      ['walrus', CHECKPOINTS - 1],
    ]);
    for (const table of Object.keys(expected)) expect(afterCrashes[table], table).toEqual(expected[table]);
  }, 240_000); // 16-27 s alone; ten cold starts of the CLI take longer on a loaded machine
});
