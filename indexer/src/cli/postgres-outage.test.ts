// A Postgres outage in the middle of a run, as a restart looks from the client: every connection dies at once and
// new ones are refused for a few seconds. The real CLI indexes a synthetic Walrus network through a loopback TCP
// proxy that the test shuts and reopens; it must log its retries, lose nothing, and end with every table equal to
// an uninterrupted run's.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRunArgs } from '../testing/cli-args.ts';
import { type Database, postgresDatabase } from '../db/database.ts';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../db/test-database.ts';
import { readWatermark } from '../db/watermarks.ts';
import { writeSyntheticNetwork } from '../synthetic/generate.ts';
import { INDEXED_TABLES, indexedSnapshot } from '../testing/snapshot.ts';
import { TcpProxy } from '../testing/tcp-proxy.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
const NETWORK = { seed: 8, nodes: 4, shards: 16, epochCheckpoints: 40, stakers: 8, users: 8, maxEpochsAhead: 5 };
const CHECKPOINTS = 800;
/** Two outages: where each starts (lowest watermark reached) and how long new connections are refused. */
const OUTAGES = [
  { at: 150n, ms: 3_000 },
  { at: 500n, ms: 1_500 },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a TCP connection to 127.0.0.1:port is accepted (false when refused). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIndexer(dir: string, dbUrl: string, schema: string): Promise<Run> {
  const child = spawn(process.execPath, [MAIN, ...localRunArgs(dir, dbUrl, schema)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('a Postgres outage mid-run (connections cut, new ones refused for seconds)', () => {
  let dir: string;
  let outage: TestSchema;
  let reference: TestSchema;
  let outageDb: Database;
  let proxy: TcpProxy;
  let proxiedUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outage-walrus-'));
    await writeSyntheticNetwork(dir, CHECKPOINTS, NETWORK);
    outage = await createTestSchema('pgoutage');
    outageDb = postgresDatabase(outage.pool);
    reference = await createTestSchema('pgoutageref');
    const url = new URL(TEST_DATABASE_URL);
    proxy = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${await proxy.open()}`;
    proxiedUrl = url.toString();
  });
  afterAll(async () => {
    await proxy.close();
    await outage.drop();
    await reference.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the proxy refuses connections while shut and takes them again on the same port once reopened', async () => {
    const port = proxy.port;
    expect(await accepts(port)).toBe(true);
    await proxy.shut();
    expect(await accepts(port)).toBe(false);
    expect(await proxy.open()).toBe(port);
    expect(await accepts(port)).toBe(true);
  });

  it('logs retries, loses nothing and ends with the tables of an uninterrupted run', async () => {
    // Watched from a direct connection (not through the proxy), so the test sees commits during the outage too.
    const lowest = async () => {
      let low: bigint | undefined;
      for (const pipeline of ['events', 'walrus']) {
        const mark = (await readWatermark(outageDb, pipeline).catch(() => undefined))?.checkpoint ?? -1n;
        if (low === undefined || mark < low) low = mark;
      }
      return low!;
    };
    let exited = false;
    const outages: Array<{ at: bigint; cut: number; during: bigint; stillRunning: boolean }> = [];
    const run = runIndexer(dir, proxiedUrl, outage.schema);
    void run.then(() => (exited = true));
    for (const plan of OUTAGES) {
      while (!exited && (await lowest()) < plan.at) await sleep(5);
      const cutBefore = proxy.cut;
      await proxy.shut();
      const at = await lowest();
      await sleep(plan.ms);
      const during = await lowest();
      const stillRunning = !exited;
      await proxy.open();
      outages.push({ at, cut: proxy.cut - cutBefore, during, stillRunning });
    }
    const result = await run;
    console.info(`outages: ${JSON.stringify(outages, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    for (const o of outages) {
      // It was in the middle of the run, with live connections to cut, and nothing committed while it lasted.
      expect(o.at).toBeLessThan(BigInt(CHECKPOINTS - 1));
      expect(o.cut).toBeGreaterThan(0);
      expect(o.during).toBe(o.at);
      // The indexer waited it out instead of giving up.
      expect(o.stillRunning).toBe(true);
    }
    const logs = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { code?: string; message?: string } });
    const retries = logs.filter((l) => /failed on a transient database error; retrying/.test(l.msg));
    console.info(
      `${retries.length} retries logged:\n${retries.map((l) => `  ${l.msg}: ${l.err?.message}`).join('\n')}`,
    );
    expect(retries.length).toBeGreaterThanOrEqual(OUTAGES.length * 2);
    expect(retries.every((l) => l.level === 40)).toBe(true);
    // Refused connections were among the failures retried (not only cut ones).
    expect(retries.some((l) => JSON.stringify(l.err).includes('ECONNREFUSED'))).toBe(true);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);

    const uninterrupted = await runIndexer(dir, TEST_DATABASE_URL, reference.schema);
    expect(uninterrupted.stderr).toBe('');
    expect(uninterrupted.code).toBe(0);
    expect(uninterrupted.stdout).toBe('');

    const [afterOutage, expected] = await Promise.all([
      indexedSnapshot(outageDb),
      indexedSnapshot(postgresDatabase(reference.pool)),
    ]);
    for (const table of Object.keys(INDEXED_TABLES)) expect(expected[table]!.length, table).toBeGreaterThan(0);
    expect(expected.pipeline_watermarks!.map((row) => (JSON.parse(row) as unknown[]).slice(0, 2))).toEqual([
      ['events', CHECKPOINTS - 1],
      ['walrus', CHECKPOINTS - 1],
    ]);
    for (const table of Object.keys(expected)) expect(afterOutage[table], table).toEqual(expected[table]);
  });
});
