// The API as several worker processes on one port (API_WORKERS), run the way it is deployed: `node api/src/cli.ts`.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../indexer/src/db/migrate.ts';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../../../indexer/src/db/test-database.ts';
import type { ReadDb } from '../database.ts';
import { BLOB_COUNT, writeFixture } from '../testing/fixtures.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

type Child = ChildProcessByStdio<null, Readable, Readable>;

interface RunningCli {
  child: Child;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

function startCli(env: Record<string, string>): Promise<RunningCli> {
  const child = spawn(process.execPath, [CLI], {
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, API_PORT: '0', DATABASE_POOL_SIZE: '4', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /GraphQL API on (http:\/\/[^/]+)\/graphql/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`the API exited with code ${code} before listening:\n${stderr}`)));
  });
}

/** Child process ids of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(name));
    } catch {
      // The process ended while being listed.
    }
  }
  return children.sort();
}

/** One request on a connection of its own, so the primary hands each to the next worker in turn. */
function send(url: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        agent: false,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.once('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const until = async (what: string, check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the API in several worker processes', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('api_cluster');
    await migratePostgres(schema.pool, schema.schema);
    await writeFixture(drizzle(schema.pool) as unknown as ReadDb);
  });
  afterAll(async () => {
    await schema?.drop();
  });

  it('serves from every worker, sums their metrics, replaces a dead worker and stops on SIGTERM', async () => {
    const api = await startCli({ DATABASE_SCHEMA: schema.schema, API_WORKERS: '2' });
    try {
      const workers = childrenOf(api.child.pid!);
      expect(workers).toHaveLength(2);

      const { rows } = await schema.pool.query<{ n: number }>(`select count(*)::int as n from ${schema.schema}.blobs`);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(BLOB_COUNT);
      const query = { query: '{ blobs { totalCount } }' };
      for (let i = 0; i < 6; i++) {
        const answer = await send(api.url, '/graphql', query);
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toEqual({ data: { blobs: { totalCount: rows[0]!.n } } });
      }
      // The primary hands connections to the workers in turn, so each answered 3: a worker's own count would say 3.
      const metrics = await send(api.url, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('walrus_api_http_responses_total{path="/graphql",status="200"} 6');

      process.kill(workers[0]!, 'SIGKILL');
      await until('a replacement worker', () => {
        const now = childrenOf(api.child.pid!);
        return now.length === 2 && !now.includes(workers[0]!);
      });
      expect(api.stderr()).toContain(`API worker ${workers[0]} ended (SIGKILL); starting a replacement`);
      for (let i = 0; i < 4; i++) expect((await send(api.url, '/graphql', query)).status).toBe(200);

      const survivors = childrenOf(api.child.pid!);
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      for (const pid of survivors) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      api.child.kill('SIGKILL');
    }
  }, 60_000);

  it('stops with the error when a worker cannot open the index', async () => {
    await expect(startCli({ DATABASE_SCHEMA: 'api_cluster_no_such_schema', API_WORKERS: '2' })).rejects.toThrow(
      /exited with code 1 before listening:[\s\S]*no index in schema "api_cluster_no_such_schema"[\s\S]*before it listened; stopping the API/,
    );
  }, 60_000);
});
