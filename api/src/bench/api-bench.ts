// `npm run bench:api`: loads a large index into a private Postgres schema, serves it with the API on loopback, and
// drives a fixed query mix at fixed concurrency with our own load loop. Each shape is then replayed as the exact
// SQL the API sent (recorded), straight through pg at the same concurrency, to give the API/pg throughput ratio.
// Finally every query shape is EXPLAINed and sequential scans of large tables are reported. Figures are printed,
// not asserted. Environment: DATABASE_URL (default: the test database), BENCH_SECONDS (per shape, default 8),
// BENCH_CONCURRENCY (default 32), BENCH_BLOBS (default 1,000,000), BENCH_ONLY (run the shapes whose name contains
// it), BENCH_KEEP=1 keeps the schema.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { migratePostgres } from '../../../indexer/src/db/migrate.ts';
import { DEFAULT_LIMITS } from '../config.ts';
import { postgresDatabase } from '../database.ts';
import { startApi } from '../server/server.ts';
import { DEFAULT_SIZE, PACKAGE_ID, idOf, loadDataset, type DatasetSize } from './dataset.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const POOL_SIZE = Number(process.env.BENCH_POOL ?? 16);
const SAMPLES = 300;
const SIZE: DatasetSize = { ...DEFAULT_SIZE, blobs: Number(process.env.BENCH_BLOBS ?? DEFAULT_SIZE.blobs) };

interface Shape {
  name: string;
  query: string;
  variables(random: () => number): Record<string, unknown>;
}

/** The fixed mix: what explorers, dashboards and wallets ask most. */
const MIX: Shape[] = [
  {
    name: 'blob by object id',
    query: `query($id: String!) { blob(objectId: $id) { objectId blobId size status certifiedEpoch owner { address }
      storage { endEpoch storageSize } attributes { key value } expiresAt { epoch estimatedTime expired } } }`,
    variables: (r) => ({ id: idOf('0b', 1 + Math.floor(r() * SIZE.blobs)) }),
  },
  {
    name: "owner's blobs, page of 50",
    query: `query($owner: String!) { blobs(filter: { owner: $owner }, first: 50) {
      edges { cursor node { objectId blobId size status certifiedEpoch deletable storage { endEpoch } } }
      pageInfo { hasNextPage endCursor } } }`,
    variables: (r) => ({ owner: idOf('aa', Math.floor(r() * SIZE.owners)) }),
  },
  {
    name: 'storage nodes, page of 50',
    query: `{ storageNodes(first: 50) { nodes { nodeId name stake commissionRate shards inCommittee apy } pageInfo { hasNextPage } } }`,
    variables: () => ({}),
  },
  {
    name: 'epoch with committee',
    query: `query($n: Int!) { epoch(number: $n) { epoch state startTime estimatedEndTime storagePricePerUnitSize
      writePricePerUnitSize totalCapacitySize usedCapacitySize committee { nodeId weight node { name } } } }`,
    variables: (r) => ({ n: 1 + Math.floor(r() * SIZE.epochs) }),
  },
  {
    name: "staker's positions",
    query: `query($owner: String!) { stakedWals(owner: $owner, first: 50) { nodes { objectId principal state activationEpoch
      withdrawEpoch estimatedRewards estimatedValue canWithdrawNow node { name } } } }`,
    variables: (r) => ({ owner: idOf('cc', Math.floor(r() * SIZE.stakers)) }),
  },
];

/** Extra shapes, EXPLAINed only (they are not in the timed mix). */
const EXPLAIN_ONLY: Shape[] = [
  { name: 'recent blobs', query: `{ blobs(first: 50) { nodes { objectId } } }`, variables: () => ({}) },
  {
    name: 'blobs by status, recent first',
    query: `{ blobs(filter: { status: [REGISTERED] }, first: 50) { nodes { objectId } } }`,
    variables: () => ({}),
  },
  {
    name: 'blobs by size range, by size',
    query: `{ blobs(filter: { sizeGte: "1000", sizeLte: "2000" }, orderBy: { field: SIZE, direction: ASC }, first: 50) { nodes { objectId } } }`,
    variables: () => ({}),
  },
  {
    name: 'blobs expiring soon, by end epoch',
    query: `{ blobs(filter: { endEpochGte: 101, endEpochLte: 105 }, orderBy: { field: END_EPOCH, direction: ASC }, first: 50) { nodes { objectId } } }`,
    variables: () => ({}),
  },
  {
    name: 'blobs with an attribute value',
    query: `{ blobs(filter: { attribute: { key: "name", value: "file-13" } }, first: 50) { nodes { objectId } } }`,
    variables: () => ({}),
  },
  {
    name: 'blob status by blob id',
    query: `query($id: String!) { blobStatus(blobId: $id) { status endEpoch } }`,
    variables: () => ({ id: 'ReN1qSsbAHMnPkBy5lHzLM9nf5ZhIjVDjY5pyZyx6Ig' }),
  },
  {
    name: 'events of one type, newest first',
    query: `{ events(filter: { types: ["BlobCertified"] }, orderBy: DESC, first: 50) { nodes { checkpoint } } }`,
    variables: () => ({}),
  },
  {
    name: 'blob history (events of one object)',
    query: `query($id: String!) { blob(objectId: $id) { events { nodes { name } } } }`,
    variables: () => ({ id: idOf('0b', 4242) }),
  },
  {
    name: 'positions on one node',
    query: `query($node: String!) { stakedWals(filter: { nodeId: $node }, first: 50) { nodes { objectId } } }`,
    variables: () => ({ node: idOf('b0', 7) }),
  },
];

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Statement {
  sql: string;
  params: unknown[];
}

interface Figures {
  requests: number;
  failures: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** A free loopback port (the OS picks one, we release it for the API to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Runs the API as its own process (`api/src/cli.ts`), as it is deployed, so the load loop and the server do not
 * share one event loop.
 */
async function startApiProcess(schema: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(new URL('../cli.ts', import.meta.url))], {
    env: {
      ...process.env,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      API_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the API process exited with code ${code} before listening`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('GraphQL API on')) resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Our load loop: `concurrency` workers calling `once` back to back for `seconds`, after a one-second warm-up. */
async function drive(concurrency: number, seconds: number, once: (i: number) => Promise<boolean>): Promise<Figures> {
  let counter = 0;
  const warmUntil = performance.now() + 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmUntil) await once(counter++);
    }),
  );
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const ok = await once(counter++);
        latencies.push(performance.now() - t0);
        if (!ok) failures++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failures,
    seconds: elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

async function postGraphql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

/** Runs each sample once through an API whose database records every statement; returns them per sample. */
async function recordSql(pool: pg.Pool, shape: Shape, samples: Record<string, unknown>[]): Promise<Statement[][]> {
  let current: Statement[] = [];
  const database = postgresDatabase(pool, DEFAULT_LIMITS.statementTimeoutMs, false, (sql, params) => {
    current.push({ sql, params });
  });
  const api = await startApi({ db: database, port: 0, logging: false, processMetrics: false });
  const recorded: Statement[][] = [];
  try {
    for (const variables of samples) {
      current = [];
      const result = await postGraphql(api.url, shape.query, variables);
      if (result.errors) throw new Error(`${shape.name}: ${JSON.stringify(result.errors)}`);
      // The snapshot is released just after the response; wait for its ROLLBACK to be recorded.
      while (current[current.length - 1]?.sql !== 'ROLLBACK') await new Promise((r) => setImmediate(r));
      recorded.push(current);
    }
  } finally {
    await api.close();
  }
  return recorded;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

function describePlan(node: PlanNode, out: string[], seqScans: string[]): void {
  const relation = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  const index = node['Index Name'] ? ` using ${node['Index Name']}` : '';
  out.push(`${node['Node Type']}${relation}${index}`);
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && BIG_TABLES.has(node['Relation Name'])) {
    seqScans.push(node['Relation Name']);
  }
  for (const child of node.Plans ?? []) describePlan(child, out, seqScans);
}

const BIG_TABLES = new Set(['blobs', 'staked_wals', 'events', 'committee_members', 'pool_exchange_rates']);

async function explain(pool: pg.Pool, statements: Statement[]): Promise<{ lines: string[]; seqScans: string[] }> {
  const lines: string[] = [];
  const seqScans: string[] = [];
  for (const statement of statements) {
    if (statement.sql === 'ROLLBACK' || statement.sql.startsWith('BEGIN')) continue;
    const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${statement.sql}`,
      statement.params,
    );
    const nodes: string[] = [];
    describePlan(rows[0]!['QUERY PLAN'][0].Plan, nodes, seqScans);
    const table = /from "([a-z_]+)"/.exec(statement.sql)?.[1] ?? '?';
    lines.push(`    ${table}: ${nodes.join(' > ')}`);
  }
  return { lines, seqScans };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
  const schema = `bench_api_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: POOL_SIZE });
  let api: { url: string; stop(): Promise<void> } | undefined;
  try {
    console.log(
      `Loading ${SIZE.blobs} blobs, ${SIZE.nodes} nodes, ${SIZE.stakedWals} staked positions, ${SIZE.events} events into ${schema}`,
    );
    const loadStarted = Date.now();
    await migratePostgres(pool, schema);
    await loadDataset(pool, SIZE, console.log);
    console.log(`Loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s\n`);

    api = await startApiProcess(schema);
    const random = seeded(42);
    console.log(
      `Query mix at concurrency ${CONCURRENCY}, ${SECONDS} s per shape; API in its own process, pools of ${POOL_SIZE} ` +
        'connections; "pg" replays the exact statements the API sent (BEGIN ... ROLLBACK included):',
    );
    console.log('shape                        | API req/s  p50      p99      | pg req/s   p50      p99      | ratio');
    const recordings = new Map<string, Statement[][]>();
    const only = process.env.BENCH_ONLY;
    for (const shape of MIX.filter((s) => !only || s.name.includes(only))) {
      const samples = Array.from({ length: SAMPLES }, () => shape.variables(random));
      const recorded = await recordSql(pool, shape, samples);
      recordings.set(shape.name, recorded);
      const url = api.url;
      const viaApi = await drive(CONCURRENCY, SECONDS, async (i) => {
        const result = await postGraphql(url, shape.query, samples[i % samples.length]!);
        return !result.errors;
      });
      const viaPg = await drive(CONCURRENCY, SECONDS, async (i) => {
        const client = await pool.connect();
        try {
          for (const statement of recorded[i % recorded.length]!) await client.query(statement.sql, statement.params);
          return true;
        } finally {
          client.release();
        }
      });
      const apiRate = viaApi.requests / viaApi.seconds;
      const pgRate = viaPg.requests / viaPg.seconds;
      console.log(
        `${shape.name.padEnd(28)} | ${apiRate.toFixed(0).padStart(6)}  ${ms(viaApi.p50).padStart(8)} ${ms(viaApi.p99).padStart(8)} | ` +
          `${pgRate.toFixed(0).padStart(6)}  ${ms(viaPg.p50).padStart(8)} ${ms(viaPg.p99).padStart(8)} | ${(apiRate / pgRate).toFixed(2)}` +
          (viaApi.failures > 0 ? `  (${viaApi.failures} API errors)` : '') +
          `  [${recorded[0]!.length} statements]`,
      );
    }

    console.log('\nQuery plans (statements each shape sends, first sample):');
    const warnings: string[] = [];
    for (const shape of [...MIX, ...EXPLAIN_ONLY]) {
      const recorded = recordings.get(shape.name) ?? (await recordSql(pool, shape, [shape.variables(random)]));
      const { lines, seqScans } = await explain(pool, recorded[0]!);
      console.log(`  ${shape.name}`);
      for (const line of lines) console.log(line);
      if (seqScans.length > 0) warnings.push(`${shape.name}: sequential scan of ${[...new Set(seqScans)].join(', ')}`);
    }
    console.log(
      warnings.length === 0
        ? '\nNo sequential scan of a large table.'
        : `\nSequential scans of large tables:\n  ${warnings.join('\n  ')}`,
    );
    console.log(`\nEvent type names use the package id ${PACKAGE_ID}.`);
  } finally {
    await api?.stop();
    if (process.env.BENCH_KEEP === '1') {
      console.log(`Kept schema ${schema}`);
      await pool.end();
    } else {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
