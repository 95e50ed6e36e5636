// `npm run bench:api`: serves a large index (1M blobs, 100 nodes, 100k staked positions, 300k events; built once
// and cached in Postgres, see dataset-cache.ts) with the API running as its own process, and
//  1. drives the fixed query mix with autocannon at fixed concurrency, then replays the exact SQL the API sent for
//     each request (recorded through the database's statement hook) straight through pg at the same concurrency,
//     for the API/pg throughput ratio, with the API process's CPU time per request;
//  2. EXPLAIN ANALYZEs every query shape the resolvers send (shapes.ts), printing each statement's top plan node,
//     its scans, its time, and any sequential scan (or mostly-discarding scan) of a large table.
//  3. shows what totalCount answers on the large lists (capped count, estimate beyond the cap) and its cost, against
//     an exact count(*) of the same condition.
// Figures are printed, not asserted. Environment: DATABASE_URL (default: the test database), BENCH_PARTS
// (`mix,counts,explain`, the default, or some of them), BENCH_SECONDS (per mix shape, default 8), BENCH_CONCURRENCY
// (default 32), BENCH_POOL (connections of each pool, default 16; the API's workers share theirs),
// BENCH_API_WORKERS (API processes, API_WORKERS of the API; default one per core), BENCH_BLOBS (default 1,000,000), BENCH_ONLY
// (only the shapes whose name contains it), BENCH_FRESH=1 (rebuild the dataset), BENCH_PROFILE=<dir> (a CPU profile
// of the API process, written there when it exits).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DEFAULT_LIMITS } from '../config.ts';
import { postgresCpu, postgresCpuSecondsSince, processTreeCpuSeconds } from '@open-walrus/indexer';
import { postgresDatabase } from '../database.ts';
import { startApi, type RunningApi } from '../server/server.ts';
import { cachedDataset } from './dataset-cache.ts';
import { DEFAULT_SIZE, type DatasetSize } from './dataset.ts';
import { driveApi, drivePg } from './load.ts';
import { explainStatement, queriesOf, tableRows, type Statement } from './plans.ts';
import { explainShapes, mixShapes, type Shape } from './shapes.ts';
import { DEFAULT_FEED_LIMITS, loadTick, type Baseline } from '../subscriptions/live-feed.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PARTS = new Set((process.env.BENCH_PARTS ?? 'mix,counts,explain').split(','));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const POOL_SIZE = Number(process.env.BENCH_POOL ?? 16);
const API_WORKERS = Number(process.env.BENCH_API_WORKERS ?? availableParallelism());
const ONLY = process.env.BENCH_ONLY;
const SAMPLES = 300;
const SIZE: DatasetSize = { ...DEFAULT_SIZE, blobs: Number(process.env.BENCH_BLOBS ?? DEFAULT_SIZE.blobs) };

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

/** A free loopback port (the OS picks one, we release it for the API to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Runs the API as its own process (`api/src/cli.ts`), as it is deployed, so the load generator and the server do
 * not share one event loop.
 */
async function startApiProcess(
  schema: string,
): Promise<{ url: string; cpuSeconds(): number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, fileURLToPath(new URL('../cli.ts', import.meta.url))], {
    env: {
      ...process.env,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      API_WORKERS: String(API_WORKERS),
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
    // The primary and its workers.
    cpuSeconds: () => processTreeCpuSeconds(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * CPU time per request of a timed run, in ms: the server process (`server`, when there is one), this process
 * (the load generator or replay client) and the Postgres server.
 */
function cpuMeter(serverCpuSeconds: () => number | undefined) {
  let server: number | undefined;
  let client = process.cpuUsage();
  let postgres = postgresCpu();
  return {
    start() {
      server = serverCpuSeconds();
      client = process.cpuUsage();
      postgres = postgresCpu();
    },
    perRequest(requests: number) {
      const serverAfter = serverCpuSeconds();
      const used = process.cpuUsage(client);
      const per = (seconds: number) => (seconds * 1000) / Math.max(requests, 1);
      return {
        server: server === undefined || serverAfter === undefined ? 0 : per(serverAfter - server),
        client: per((used.user + used.system) / 1e6),
        postgres: per(postgresCpuSecondsSince(postgres)),
      };
    },
  };
}

/** An in-process API whose database hands every statement to `record`'s current request. */
class Recorder {
  #current: Statement[] = [];
  #write = 0;
  #writeOpen = false;
  #api: RunningApi | undefined;
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async start(): Promise<void> {
    const database = postgresDatabase(this.#pool, DEFAULT_LIMITS.statementTimeoutMs, false, (sql, params, prepared) => {
      // Statements recorded in one turn of the event loop went out in one write (database.ts).
      if (!this.#writeOpen) {
        this.#write++;
        this.#writeOpen = true;
        setImmediate(() => (this.#writeOpen = false));
      }
      this.#current.push({ sql, params, write: this.#write, prepared });
    });
    this.#api = await startApi({ db: database, port: 0, logging: false, processMetrics: false });
  }

  /** Sends each sample once and returns the statements each request sent, BEGIN to ROLLBACK. */
  async record(shape: Shape, samples: Record<string, unknown>[]): Promise<Statement[][]> {
    const recorded: Statement[][] = [];
    for (const variables of samples) recorded.push((await this.send(shape, variables)).statements);
    return recorded;
  }

  /** Sends one request; returns its data, its statements and how long the response took. */
  async send(
    shape: Shape,
    variables: Record<string, unknown>,
  ): Promise<{ data: unknown; statements: Statement[]; ms: number }> {
    this.#current = [];
    const started = performance.now();
    const response = await fetch(`${this.#api!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: shape.query, variables }),
    });
    const result = (await response.json()) as { data?: unknown; errors?: unknown[] };
    const ms = performance.now() - started;
    if (result.errors) throw new Error(`${shape.name}: ${JSON.stringify(result.errors)}`);
    // The snapshot is released just after the response; wait for its ROLLBACK to be recorded.
    while (this.#current[this.#current.length - 1]?.sql !== 'ROLLBACK') await new Promise((r) => setImmediate(r));
    return { data: result.data, statements: this.#current, ms };
  }

  async stop(): Promise<void> {
    await this.#api?.close();
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const cpuMs = (v: number) => v.toFixed(2);
const STACK_FLOOR_QUERY = '{ serviceConfig { maxPageSize defaultPageSize } }';
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

/** Writes (round trips) of a recorded request besides its ROLLBACK, which rides in the connection's next write. */
const writesOf = (statements: Statement[]) =>
  new Set(statements.filter((s) => s.sql !== 'ROLLBACK').map((s, i) => s.write ?? -i - 1)).size;

async function runMix(schema: string, recorder: Recorder): Promise<void> {
  const api = await startApiProcess(schema);
  // In pipeline mode, as the API's own pool (database.ts).
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    options: `-c search_path=${schema}`,
    max: POOL_SIZE,
    pipeline: true,
  });
  const random = seeded(42);
  try {
    console.log(
      `\nQuery mix: autocannon, ${CONCURRENCY} connections, ${SECONDS} s per shape after a 1 s warm-up; the API as ` +
        `its own ${API_WORKERS === 1 ? 'process' : `${API_WORKERS} worker processes`} with a pool of ${POOL_SIZE}` +
        `${API_WORKERS === 1 ? '' : ' between them'}; "pg" replays the statements the API sent for the same ` +
        `${SAMPLES} requests (BEGIN ... ROLLBACK included) from ${CONCURRENCY} workers on a pool of ${POOL_SIZE}.`,
    );
    console.log(
      'shape                        | API req/s     p50      p99 | pg req/s      p50      p99 | ratio | statements          | writes',
    );
    const cpu: string[] = [];
    for (const shape of mixShapes(SIZE).filter((s) => !ONLY || s.name.includes(ONLY))) {
      const samples = Array.from({ length: SAMPLES }, () => shape.variables(random));
      const recorded = await recorder.record(shape, samples);
      const apiMeter = cpuMeter(api.cpuSeconds);
      const viaApi = await driveApi(api.url, shape.query, samples, CONCURRENCY, SECONDS, { started: apiMeter.start });
      const apiCpu = apiMeter.perRequest(viaApi.requests);
      const pgMeter = cpuMeter(() => undefined);
      const viaPg = await drivePg(pool, recorded, CONCURRENCY, SECONDS, { started: pgMeter.start });
      const pgCpu = pgMeter.perRequest(viaPg.requests);
      const apiRate = viaApi.requests / viaApi.seconds;
      const pgRate = viaPg.requests / viaPg.seconds;
      console.log(
        `${shape.name.padEnd(28)} | ${apiRate.toFixed(0).padStart(8)} ${ms(viaApi.p50).padStart(8)} ${ms(viaApi.p99).padStart(8)} | ` +
          `${pgRate.toFixed(0).padStart(8)} ${ms(viaPg.p50).padStart(8)} ${ms(viaPg.p99).padStart(8)} | ` +
          `${(apiRate / pgRate).toFixed(2).padStart(5)} | ${queriesOf(recorded[0]!).length} + BEGIN, ROLLBACK | ` +
          `${String(writesOf(recorded[0]!)).padStart(6)}` +
          (viaApi.failures > 0 ? `  (${viaApi.failures} failed API requests)` : ''),
      );
      const apiTotal = apiCpu.server + apiCpu.client + apiCpu.postgres;
      const pgTotal = pgCpu.client + pgCpu.postgres;
      cpu.push(
        `${shape.name.padEnd(28)} | ${cpuMs(apiCpu.server).padStart(7)} ${cpuMs(apiCpu.client).padStart(9)} ${cpuMs(apiCpu.postgres).padStart(8)} ` +
          `${cpuMs(apiTotal).padStart(7)} | ${cpuMs(pgCpu.client).padStart(6)} ${cpuMs(pgCpu.postgres).padStart(8)} ${cpuMs(pgTotal).padStart(7)} | ` +
          `${(pgTotal / apiTotal).toFixed(2).padStart(9)} ${(pgTotal / (apiCpu.client + apiCpu.postgres)).toFixed(2).padStart(12)}`,
      );
    }
    // Where the cores went: with the machine's cores saturated, requests/s is the cores over the CPU a request
    // costs everywhere, so the ratio follows the CPU ratio; "with a free API" is that ratio if the API process
    // cost nothing, the most any server could reach on this machine with this load generator.
    console.log(
      `\nCPU ms per request (${cpus().length} cores shared by all): the API run (API process, autocannon in this process, ` +
        'Postgres server) and the pg run (replay client in this process, Postgres server).',
    );
    console.log(
      'shape                        |     API autocannon postgres   total | client postgres   total | CPU ratio free-API max',
    );
    for (const line of cpu) console.log(line);
    // The fixed cost of the HTTP and GraphQL stack: a query answered from the configuration, with no database.
    const floorMeter = cpuMeter(api.cpuSeconds);
    const floor = await driveApi(api.url, STACK_FLOOR_QUERY, [{}], CONCURRENCY, SECONDS, { started: floorMeter.start });
    const floorCpu = floorMeter.perRequest(floor.requests);
    console.log(
      `stack floor (no database: ${STACK_FLOOR_QUERY}): ${(floor.requests / floor.seconds).toFixed(0)} req/s, ` +
        `p99 ${ms(floor.p99)}, API ${cpuMs(floorCpu.server)} ms and autocannon ${cpuMs(floorCpu.client)} ms of CPU per request`,
    );
    console.log(`load average after the mix: ${load()}`);
  } finally {
    await api.stop();
    await pool.end();
  }
}

/**
 * The statements of the subscriptions' poller (live-feed.ts), which no GraphQL request sends: a tick after 1,000
 * checkpoints with a new epoch (created, changed and expiring objects), and the next part of that epoch's
 * expirations.
 */
async function feedTicks(pool: pg.Pool): Promise<{ group: string; name: string; statements: Statement[] }[]> {
  let statements: Statement[] = [];
  const database = postgresDatabase(pool, DEFAULT_LIMITS.statementTimeoutMs, false, (sql, params, prepared) =>
    statements.push({ sql, params, prepared }),
  );
  const watermark = BigInt(SIZE.blobs);
  const epoch = SIZE.epochs;
  const tick = async (baseline: Baseline) => {
    statements = [];
    const snapshot = await database.openSnapshot();
    try {
      const loaded = await loadTick(snapshot.db, baseline, DEFAULT_FEED_LIMITS);
      return { loaded, statements: queriesOf(statements) };
    } finally {
      await snapshot.release();
    }
  };
  const first = await tick({ checkpoint: watermark - 1000n, epochKey: null, epoch: epoch - 1, expiring: null });
  const ticks = [
    { group: 'subscriptions', name: 'live feed: 1,000 checkpoints and a new epoch', statements: first.statements },
  ];
  if (first.loaded?.next.expiring) {
    const next = await tick(first.loaded.next);
    ticks.push({ group: '', name: 'live feed: the next part of the expirations', statements: next.statements });
  }
  return ticks;
}

async function runExplain(pool: pg.Pool, recorder: Recorder): Promise<void> {
  const sizes = await tableRows(pool);
  const random = seeded(7);
  console.log(
    '\nQuery plans: EXPLAIN ANALYZE of every statement each shape sends (its first sample; the BEGIN and ROLLBACK\n' +
      'around them left out): planning and execution time (the API sends unnamed statements, planned each time).\n' +
      'Flags: SEQ SCAN of a table of 10,000 rows or more, or a scan discarding 10,000 rows.',
  );
  console.log(
    `group             | shape                                         | table                | top node > first child                         |     plan |  execute | scans / flags`,
  );
  const flagged: string[] = [];
  const explained: { group: string; name: string; statements: Statement[] }[] = [];
  for (const shape of [...mixShapes(SIZE), ...explainShapes(SIZE)].filter((s) => !ONLY || s.name.includes(ONLY))) {
    const [statements] = await recorder.record(shape, [shape.variables(random)]);
    explained.push({ group: shape.group, name: shape.name, statements: queriesOf(statements!) });
  }
  if (!ONLY || 'live feed'.includes(ONLY)) explained.push(...(await feedTicks(pool)));
  for (const { group, name, statements } of explained) {
    let first = true;
    for (const statement of statements) {
      const plan = await explainStatement(pool, statement, sizes);
      const forced = plan.withoutSeqScan;
      const alternative = !forced
        ? ''
        : forced.servedByIndex
          ? ` (planner's choice: with enable_seqscan off ${forced.scans.join(', ')} takes ${ms(forced.executionMs)})`
          : ` (no index serves it: forced, ${forced.scans.join(', ')} takes ${ms(forced.executionMs)})`;
      const flags = plan.warnings.length > 0 ? `  ** ${plan.warnings.join('; ')}${alternative}` : '';
      console.log(
        `${(first ? group : '').padEnd(17)} | ${(first ? name : '').padEnd(45)} | ${plan.table.padEnd(20)} | ` +
          `${plan.top.padEnd(46)} | ${ms(plan.planningMs).padStart(8)} | ${ms(plan.executionMs).padStart(8)} | ${plan.scans.join(', ')}${flags}`,
      );
      if (plan.warnings.length > 0) {
        flagged.push(`${group} / ${name} (${plan.table}): ${plan.warnings.join('; ')}${alternative}`);
      }
      first = false;
    }
  }
  console.log(
    flagged.length === 0
      ? '\nNo statement scans a large table sequentially or discards most of what it reads.'
      : `\nFlagged statements:\n  ${flagged.join('\n  ')}`,
  );
}

/**
 * totalCount on the large lists: what the API answers (capped count, estimate beyond the cap) and how long the
 * request takes, against an exact count(*) of the same condition straight through pg.
 */
async function runCounts(pool: pg.Pool, recorder: Recorder): Promise<void> {
  console.log(
    `\ntotalCount (cap ${DEFAULT_LIMITS.maxTotalCount}): the API's answer and request time (median of 5, in process), ` +
      'against an exact count(*) of the same condition through pg (median of 3):',
  );
  console.log('shape                                 | totalCount | estimate   | exact      | API request | count(*)');
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const shapes = explainShapes(SIZE).filter((s) => s.group.endsWith('totalCount') && (!ONLY || s.name.includes(ONLY)));
  for (const shape of shapes) {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await recorder.send(shape, {}));
    const connection = Object.values(
      runs[0]!.data as Record<string, { totalCount: number | null; totalCountEstimate: number }>,
    )[0]!;
    // The condition counted is the one the capped count sent: its inner SELECT, without the LIMIT.
    const capped = queriesOf(runs[0]!.statements).find((s) => /^select count\(\*\)/i.test(s.sql))!;
    const inner = /from \((select .*) limit \$\d+\) "matching"/is.exec(capped.sql)![1]!;
    const params = capped.params.slice(0, -1);
    const times: number[] = [];
    let exact = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const { rows } = await pool.query<{ n: string }>(`select count(*) as n from (${inner}) t`, params);
      times.push(performance.now() - started);
      exact = Number(rows[0]!.n);
    }
    const label = `${shape.group.replace(' totalCount', '')}: ${shape.name}`;
    console.log(
      `${label.padEnd(37)} | ${String(connection.totalCount).padStart(10)} | ${String(connection.totalCountEstimate).padStart(10)} | ` +
        `${String(exact).padStart(10)} | ${ms(median(runs.map((r) => r.ms))).padStart(11)} | ${ms(median(times)).padStart(8)}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:api ${new Date().toISOString()}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ` +
      `${load()}; ${SIZE.blobs} blobs, ${SIZE.nodes} nodes, ${SIZE.stakedWals} staked positions, ${SIZE.events} events`,
  );
  const started = Date.now();
  const dataset = await cachedDataset(DATABASE_URL, SIZE, process.env.BENCH_FRESH === '1', console.log);
  console.log(
    dataset.built
      ? `Built the dataset in ${dataset.schema} in ${((Date.now() - started) / 1000).toFixed(1)} s (kept for the next run)`
      : `Reusing the dataset in ${dataset.schema} (BENCH_FRESH=1 rebuilds it)`,
  );
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    options: `-c search_path=${dataset.schema}`,
    max: POOL_SIZE,
  });
  const recorder = new Recorder(pool);
  await recorder.start();
  try {
    if (PARTS.has('mix')) await runMix(dataset.schema, recorder);
    if (PARTS.has('counts')) await runCounts(pool, recorder);
    if (PARTS.has('explain')) await runExplain(pool, recorder);
  } finally {
    await recorder.stop();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
