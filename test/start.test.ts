// `npm start` as a user runs it: a child process on a fresh data directory, a synthetic network, the API over
// HTTP, Ctrl-C. Then a restart on the same directories, a different network on them, and a bad option.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'app', 'src', 'main.ts');
const URL_LINE = /GraphQL API and GraphiQL: (http:\/\/\S+\/graphql)/;

interface Started {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
  exited: Promise<number | null>;
}

function start(args: string[]): Started {
  const child = spawn(process.execPath, [MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // No DATABASE_URL / PORT from the caller's environment: this is the PGlite, port-0 run.
    env: { PATH: process.env.PATH },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The GraphQL URL once the banner is out; fails with the output if the process exits or takes too long. */
async function graphqlUrl(run: Started, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void run.exited.then(() => (exited = true));
  for (;;) {
    const match = URL_LINE.exec(run.output());
    if (match) return match[1]!;
    if (exited || Date.now() > deadline) throw new Error(`no GraphQL URL from npm start:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function query(url: string, document: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: any; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const SNAPSHOT = `{
  currentEpoch { epoch state committee { nodeId weight } }
  blobs(first: 5) { totalCount nodes { objectId blobId size status } }
  storageNodes { totalCount nodes { nodeId name stake shards } }
}`;

describe('npm start', () => {
  let work: string;
  let args: string[];
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'npm-start-'));
    args = [
      '--data-dir',
      join(work, 'pglite'),
      '--synthetic-dir',
      join(work, 'synthetic'),
      '--synthetic-checkpoints',
      '200',
      '--port',
      '0',
      '--metrics-port',
      '0',
    ];
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  let first: any;

  it('generates and indexes a synthetic network, serves it over HTTP, and stops cleanly on SIGINT', async () => {
    const run = start(args);
    const url = await graphqlUrl(run);
    expect(run.output()).toContain('generating a SYNTHETIC Walrus network');
    expect(run.output()).toContain('open-walrus is running: a SYNTHETIC Walrus network');

    first = await query(url, SNAPSHOT);
    // 200 checkpoints of 80-checkpoint epochs: epochs 0, 1 and 2 (from checkpoint 160).
    expect(first.currentEpoch.epoch).toBe(2);
    expect(first.currentEpoch.committee.length).toBeGreaterThan(10);
    expect(first.currentEpoch.committee.reduce((sum: number, m: { weight: number }) => sum + m.weight, 0)).toBe(300);
    expect(first.blobs.totalCount).toBeGreaterThan(100);
    expect(first.blobs.nodes).toHaveLength(5);
    for (const blob of first.blobs.nodes) {
      expect(blob.blobId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(BigInt(blob.size)).toBeGreaterThan(0n);
    }
    expect(first.storageNodes.totalCount).toBe(30);
    // Ordered by stake, largest first.
    const stakes = first.storageNodes.nodes.map((n: { stake: string }) => BigInt(n.stake));
    expect(stakes[0]).toBeGreaterThan(0n);
    expect([...stakes].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(stakes);

    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Walrus index</title>');

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('stopping: closing the API and the database');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('reuses the cached network and the index on a restart', async () => {
    const run = start(args);
    const url = await graphqlUrl(run);
    expect(run.output()).toContain('using the cached SYNTHETIC Walrus network');
    expect(run.output()).not.toContain('generating a SYNTHETIC Walrus network');
    expect(run.output()).toContain('nothing to index');
    expect(await query(url, SNAPSHOT)).toEqual(first);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses to mix another network into the same database', async () => {
    const run = start([...args, '--synthetic-seed', '2']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/already holds the index of another network \(System object 0x[0-9a-f]{64}\)/);
    expect(run.output()).not.toMatch(URL_LINE);
  });

  it('exits with status 2 and a clear message on a bad option', async () => {
    const run = start(['--deployment', 'mainnet', '--port', 'eighty']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('invalid options for npm start:');
    expect(run.output()).toContain('--source: required with --deployment');
    expect(run.output()).toContain('--port / PORT: must be a TCP port (0-65535), got "eighty"');
  });
});
