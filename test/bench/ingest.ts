// `npm run bench:ingest`: how fast the indexer turns checkpoint files of our packages into Postgres rows.
//  1. generate a SYNTHETIC Walrus network (indexer/src/synthetic: real events and objects of our packages, encoded
//     with the SDK's types) as `{seq}.binpb.zst` files, ~1M events with the defaults; cached between runs. The
//     generator runs in a child process so its memory does not count towards the indexer's peak RSS,
//  2. index the files from the directory source the way `indexer run` does: the `events` pipeline with the SDK's
//     decoder plus the walrus domain pipeline (`walrusIndexerExtensions`), into a fresh Postgres schema, timed,
//  3. export every row the indexer wrote (events and domain tables) and load it with one raw COPY per table into
//     a second fresh schema with the same migrations (same indexes), timed,
//  4. print events/s, checkpoints/s, rows per pipeline, peak RSS and the indexer/raw-COPY ratio. Never asserts.
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { loadDeployment } from '@open-walrus/sdk';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import {
  DirectorySource,
  eventsPipeline,
  IndexerMetrics,
  migratePostgres,
  packageLineage,
  postgresDatabase,
  runIndexer,
  postgresCpu,
  postgresCpuSecondsSince,
  silentLogger,
  walrusIndexerExtensions,
} from '@open-walrus/indexer';

const { values } = parseArgs({
  options: {
    checkpoints: { type: 'string', default: '17500' },
    'blob-txs': { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    db: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    dir: { type: 'string' },
    'batch-rows': { type: 'string' },
    'batch-checkpoints': { type: 'string' },
  },
});

const CHECKPOINTS = Number(values.checkpoints);
const BLOB_TXS = Number(values['blob-txs']);
const SEED = Number(values.seed);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every table the two pipelines write, in the order the raw COPY loads them. */
const TABLES = [
  'events',
  'blobs',
  'invalid_blob_ids',
  'epochs',
  'committee_members',
  'storage_nodes',
  'pool_exchange_rates',
  'staked_wals',
  'system_state',
  'staking_state',
] as const;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface Generated {
  checkpoints: number;
  events: number;
  bytes: number;
}

async function generate(dir: string): Promise<Generated> {
  const marker = join(dir, 'bench.json');
  const spec = { version: 3, seed: SEED, checkpoints: CHECKPOINTS, blobTxs: BLOB_TXS };
  if (existsSync(marker)) {
    const cached = JSON.parse(await readFile(marker, 'utf8')) as { spec: unknown; result: Generated };
    if (JSON.stringify(cached.spec) === JSON.stringify(spec)) {
      console.log(`checkpoint files: reusing ${dir}`);
      return cached.result;
    }
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  console.log(`checkpoint files: generating ${fmt(CHECKPOINTS)} checkpoints of a synthetic network into ${dir}`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'indexer/src/synthetic/cli.ts'),
      '--out',
      dir,
      '--seed',
      String(SEED),
      '--checkpoints',
      String(CHECKPOINTS),
      '--blob-txs',
      String(BLOB_TXS),
    ],
    { maxBuffer: 1 << 24 },
  );
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Generated & { seconds: number };
  const result = { checkpoints: summary.checkpoints, events: summary.events, bytes: summary.bytes };
  await writeFile(marker, JSON.stringify({ spec, result }));
  console.log(`  generated in ${summary.seconds.toFixed(1)} s`);
  return result;
}

async function freshSchema(admin: pg.Client, url: string, schema: string): Promise<pg.Pool> {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 4 });
  await migratePostgres(pool, schema);
  return pool;
}

async function main(): Promise<void> {
  const dir = values.dir ?? join(tmpdir(), `open-walrus-bench-walrus-s${SEED}-c${CHECKPOINTS}-b${BLOB_TXS}`);
  const generated = await generate(dir);
  console.log(
    `  ${fmt(generated.checkpoints)} checkpoints, ${fmt(generated.events)} events of our packages, ${mb(generated.bytes)}`,
  );
  if (generated.events < 1_000_000) console.log('  (fewer than 1M events: raise --checkpoints or --blob-txs)');
  const deployment = loadDeployment(join(dir, 'deployment.json'));

  const indexed = `bench_${process.pid}`;
  const copied = `bench_${process.pid}_copy`;
  const admin = new pg.Client({ connectionString: values.db });
  await admin.connect();
  const exports = new Map(TABLES.map((t) => [t, join(tmpdir(), `${indexed}-${t}.copy`)]));
  let indexPool: pg.Pool | undefined;
  let copyPool: pg.Pool | undefined;
  try {
    indexPool = await freshSchema(admin, values.db, indexed);
    await admin.query('CHECKPOINT');

    // --- the indexer, as `indexer run` assembles it, from the directory source
    const extensions = walrusIndexerExtensions(deployment);
    const pipelines = [
      eventsPipeline({ lineage: packageLineage(deployment.walrusPackageIds), decode: extensions.decodeEvent }),
      // The walrus extension builds its pipeline from the deployment alone; it reads nothing of the context.
      ...extensions.pipelines!({} as never),
    ];
    let peakRss = process.memoryUsage.rss();
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed + memory.arrayBuffers);
    }, 50);
    const metrics = new IndexerMetrics();
    const cpuBefore = process.cpuUsage();
    const postgresCpuBefore = postgresCpu();
    const started = performance.now();
    const summary = await runIndexer({
      db: postgresDatabase(indexPool),
      source: new DirectorySource(dir),
      pipelines,
      metrics,
      log: silentLogger(),
      batch: {
        ...(values['batch-rows'] && { maxRows: Number(values['batch-rows']) }),
        ...(values['batch-checkpoints'] && { maxCheckpoints: Number(values['batch-checkpoints']) }),
      },
    });
    const indexSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const postgresSeconds = postgresCpuSecondsSince(postgresCpuBefore);
    clearInterval(sampler);
    const commitSeconds = new Map<string, number>();
    for (const value of (await metrics.batchCommitSeconds.get()).values) {
      if (value.metricName === 'indexer_batch_commit_seconds_sum')
        commitSeconds.set(String(value.labels.pipeline), value.value);
    }
    const events = summary.rows.events ?? 0;

    // --- every row the indexer wrote, exported (not timed), then one raw COPY per table into a fresh schema
    const client = await indexPool.connect();
    const tableRows = new Map<string, number>();
    try {
      for (const [table, file] of exports) {
        await pipeline(client.query(copyTo(`COPY ${table} TO STDOUT`)), createWriteStream(file));
        const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        tableRows.set(table, Number(count.rows[0]!.n));
      }
    } finally {
      client.release();
    }
    if (tableRows.get('events') !== events)
      throw new Error(`the indexer reported ${events} events, the table holds ${tableRows.get('events')}`);
    copyPool = await freshSchema(admin, values.db, copied);
    await admin.query('CHECKPOINT');
    const copyClient = await copyPool.connect();
    let copySeconds = 0;
    let eventsCopySeconds = 0;
    try {
      await copyClient.query('BEGIN');
      const copyStarted = performance.now();
      for (const [table, file] of exports) {
        const tableStarted = performance.now();
        await pipeline(createReadStream(file), copyClient.query(copyFrom(`COPY ${table} FROM STDIN`)));
        if (table === 'events') eventsCopySeconds = (performance.now() - tableStarted) / 1000;
      }
      await copyClient.query('COMMIT');
      copySeconds = (performance.now() - copyStarted) / 1000;
    } finally {
      copyClient.release();
    }
    const totalRows = [...tableRows.values()].reduce((a, b) => a + b, 0);

    console.log(
      `indexed ${fmt(events)} events in ${fmt(summary.checkpoints)} checkpoints in ${indexSeconds.toFixed(2)} s ` +
        '(events + walrus pipelines, SDK decoder)',
    );
    console.log(`  events/s       ${fmt(events / indexSeconds)}   (target >= 100,000)`);
    console.log(`  checkpoints/s  ${fmt(summary.checkpoints / indexSeconds)}`);
    for (const [name, rows] of Object.entries(summary.rows))
      console.log(
        `  pipeline ${name.padEnd(8)} ${fmt(rows)} rows written (${fmt(rows / indexSeconds)}/s), ` +
          `${(commitSeconds.get(name) ?? 0).toFixed(1)} s in its commits`,
      );
    console.log(
      `  CPU: indexer process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ` +
        `Postgres server ${postgresSeconds.toFixed(1)} s (every client of the server), wall ${indexSeconds.toFixed(1)} s`,
    );
    console.log(
      `  peak RSS       ${mb(peakRss)}   (target < 512 MB; process max ${mb(process.resourceUsage().maxRSS * 1024)})`,
    );
    console.log(`  peak JS heap + buffers ${mb(peakHeap)}`);
    console.log(
      `raw COPY of the same final rows (${fmt(totalRows)} rows in ${TABLES.length} tables): ${copySeconds.toFixed(2)} s`,
    );
    console.log(`  events table alone: ${eventsCopySeconds.toFixed(2)} s = ${fmt(events / eventsCopySeconds)} rows/s`);
    console.log(`  ratio indexer / raw COPY  ${(copySeconds / indexSeconds).toFixed(2)}   (target >= 0.5)`);
  } finally {
    for (const file of exports.values()) await rm(file, { force: true });
    await indexPool?.end();
    await copyPool?.end();
    await admin.query(`DROP SCHEMA IF EXISTS "${indexed}" CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS "${copied}" CASCADE`);
    await admin.end();
  }
}

await main();
