// `npm run bench:ingest`: how fast the indexer turns checkpoint files into Postgres rows.
//  1. generate >= 1M events of our package as `{seq}.binpb.zst` files (cached between runs),
//  2. turn them into the rows the indexer writes (same processor, same COPY encoding) and load those with one raw
//     COPY into the events table of a fresh Postgres schema, timed; then empty the table,
//  3. index the files from the directory source into that table (the real runner and events pipeline), timed,
//  4. print events/s, checkpoints/s, peak RSS and the indexer/raw-COPY ratio. Prints, never asserts.
// The event payloads come from `payloadSource()`: generic events until the walrus domain generator replaces it.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  checkpointTimestampMs,
  copyLine,
  DirectorySource,
  EVENTS_TABLE,
  eventTypeClassifier,
  extractEvents,
  type EventPayloadSource,
  eventsPipeline,
  genericEventPayloads,
  migratePostgres,
  packageLineage,
  postgresDatabase,
  runIndexer,
  silentLogger,
  syntheticAddress,
  syntheticCheckpoints,
  writeCheckpointFiles,
} from '@open-walrus/indexer';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'events-per-checkpoint': { type: 'string', default: '50' },
    db: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    dir: { type: 'string' },
    'batch-rows': { type: 'string' },
  },
});

const PACKAGE = syntheticAddress('bench-walrus');
const EVENTS = Number(values.events);
const PER_CHECKPOINT = Number(values['events-per-checkpoint']);
const TX_PER_CHECKPOINT = 5;
const CHECKPOINTS = Math.ceil(EVENTS / PER_CHECKPOINT);

/** The events of each synthetic transaction. Swap for the walrus domain generator's payloads. */
function payloadSource(): EventPayloadSource {
  return genericEventPayloads({
    packageId: PACKAGE,
    eventsPerTransaction: PER_CHECKPOINT / TX_PER_CHECKPOINT,
    typeCount: 20,
    seed: 2024,
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function generate(dir: string): Promise<void> {
  const marker = join(dir, 'bench.json');
  const spec = JSON.stringify({ version: 2, events: EVENTS, perCheckpoint: PER_CHECKPOINT, tx: TX_PER_CHECKPOINT });
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === spec) {
    console.log(`checkpoint files: reusing ${dir}`);
    return;
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const bytes = await writeCheckpointFiles(
    dir,
    syntheticCheckpoints({
      count: CHECKPOINTS,
      transactionsPerCheckpoint: TX_PER_CHECKPOINT,
      payloads: payloadSource(),
    }),
  );
  await writeFile(marker, spec);
  console.log(
    `checkpoint files: generated ${fmt(CHECKPOINTS)} files (${mb(bytes)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function main(): Promise<void> {
  if (PER_CHECKPOINT % TX_PER_CHECKPOINT !== 0)
    throw new Error(`--events-per-checkpoint must be a multiple of ${TX_PER_CHECKPOINT}`);
  const dir = values.dir ?? join(tmpdir(), `open-walrus-bench-${EVENTS}-${PER_CHECKPOINT}`);
  await generate(dir);

  const schema = `bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.db });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const pool = new pg.Pool({ connectionString: values.db, options: `-c search_path=${schema}`, max: 4 });
  const exportFile = join(tmpdir(), `${schema}-events.copy`);
  try {
    await migratePostgres(pool, schema);
    const db = postgresDatabase(pool);

    // --- the rows the indexer will write, as COPY text (same processor, same encoding), not timed
    const lineage = packageLineage([PACKAGE]);
    const classify = eventTypeClassifier(lineage, 'events');
    const source = new DirectorySource(dir);
    let expectedRows = 0;
    async function* copyText(): AsyncGenerator<string> {
      for await (const checkpoint of source.stream({ from: 0n })) {
        const context = {
          sequenceNumber: checkpoint.sequenceNumber!,
          timestampMs: checkpointTimestampMs(checkpoint),
          epoch: 0n,
          source: source.name,
        };
        let chunk = '';
        for (const row of extractEvents(checkpoint, context, classify, undefined)) {
          chunk += copyLine(EVENTS_TABLE.values(row));
          expectedRows++;
        }
        yield chunk;
      }
    }
    await pipeline(Readable.from(copyText()), createWriteStream(exportFile));

    // --- raw COPY of those rows into the events table (same indexes), timed, then empty it again
    const client = await pool.connect();
    let copySeconds: number;
    try {
      await client.query('CHECKPOINT');
      const copyStarted = performance.now();
      await pipeline(createReadStream(exportFile), client.query(copyFrom('COPY events FROM STDIN')));
      copySeconds = (performance.now() - copyStarted) / 1000;
      await client.query('TRUNCATE events');
      await client.query('CHECKPOINT');
    } finally {
      client.release();
    }

    // --- the indexer, from the directory source, into the same table
    let peakRss = process.memoryUsage.rss();
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed + memory.arrayBuffers);
    }, 50);
    const started = performance.now();
    const summary = await runIndexer({
      db,
      source,
      pipelines: [eventsPipeline({ lineage })],
      log: silentLogger(),
      batch: values['batch-rows'] ? { maxRows: Number(values['batch-rows']) } : undefined,
    });
    const indexSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const events = summary.rows.events ?? 0;
    if (events !== expectedRows) throw new Error(`the indexer wrote ${events} rows, the raw COPY ${expectedRows}`);

    console.log(
      `indexed ${fmt(events)} events in ${fmt(summary.checkpoints)} checkpoints in ${indexSeconds.toFixed(2)} s`,
    );
    console.log(`  events/s       ${fmt(events / indexSeconds)}   (target >= 100,000)`);
    console.log(`  checkpoints/s  ${fmt(summary.checkpoints / indexSeconds)}`);
    console.log(
      `  peak RSS       ${mb(peakRss)}   (target < 512 MB; process max ${mb(process.resourceUsage().maxRSS * 1024)})`,
    );
    console.log(`  peak JS heap + buffers ${mb(peakHeap)}`);
    console.log(`raw COPY of the same rows: ${copySeconds.toFixed(2)} s = ${fmt(events / copySeconds)} rows/s`);
    console.log(`  ratio indexer / raw COPY  ${(copySeconds / indexSeconds).toFixed(2)}   (target >= 0.5)`);
  } finally {
    await rm(exportFile, { force: true });
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

await main();
