// The main job: one database (PGlite or Postgres), the indexer writing it and the API reading it, in one process.
// Synthetic mode indexes the whole generated network before announcing the API, so the first query already sees
// every epoch; a real network is announced at once and indexed live behind the API.
import { type RunningApi, startApi } from '@open-walrus/api';
import {
  type Database,
  type DatabaseConfig,
  type Deployment,
  type Logger,
  openDatabase,
  runConfiguredIndexer,
  walrusIndexerExtensions,
} from '@open-walrus/indexer';
import { banner } from './banner.ts';
import type { StartOptions } from './options.ts';
import { prepareSyntheticNetwork } from './synthetic-network.ts';

/** A condition that stops the main job before it serves anything, with what to do about it. */
export class StartError extends Error {
  override name = 'StartError';
}

function describeDatabase(config: DatabaseConfig): string {
  return config.kind === 'postgres'
    ? `Postgres schema "${config.schema}" of ${new URL(config.url).host}`
    : `the PGlite directory ${config.dataDir ?? '(in memory)'}`;
}

/**
 * Refuses a database that already indexes another network (another seed, or testnet data when mainnet is asked
 * for): resuming on it would mix two chains in one set of tables.
 */
export async function assertSameNetwork(database: Database, deployment: Deployment, where: string): Promise<void> {
  const { rows } = await database.query<{ object_id: string }>('SELECT object_id FROM system_state');
  const other = rows.find((row) => row.object_id !== deployment.systemObjectId);
  if (other !== undefined) {
    throw new StartError(
      `${where} already holds the index of another network (System object ${other.object_id}); this run follows ` +
        `System object ${deployment.systemObjectId}. Use another --data-dir (or --db-schema on Postgres), or ` +
        'delete that index to start over.',
    );
  }
}

async function listen(options: StartOptions, database: Database): Promise<RunningApi> {
  const { api } = options;
  try {
    return await startApi({
      db: database.handle,
      port: api.port,
      host: api.host,
      limits: api.limits,
      corsOrigins: api.corsOrigins,
      pollIntervalMs: api.pollIntervalMs,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new StartError(
        `the API cannot listen on ${api.host}:${api.port} (${code}); choose another port with --port or PORT`,
      );
    }
    throw error;
  }
}

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * Runs until `signal` aborts (then stops the indexer after its current batch and closes the API and the database)
 * or something fails (the error is thrown after the same clean-up). `print` receives the banner.
 */
export async function runMainJob(
  options: StartOptions,
  log: Logger,
  signal: AbortSignal,
  print: (text: string) => void,
): Promise<void> {
  const { mode, indexer: config } = options;
  let what: string;
  if (mode.kind === 'synthetic') {
    const { plan } = mode;
    await prepareSyntheticNetwork(plan, log);
    const epochs = Math.ceil(plan.checkpoints / plan.options.epochCheckpoints);
    what =
      `a SYNTHETIC Walrus network (generated, not a real chain: seed ${plan.seed}, ${plan.checkpoints} checkpoints, ` +
      `about ${epochs} epochs, ${plan.options.nodes} storage nodes)`;
  } else {
    what = `the ${mode.deployment} Walrus deployment from ${mode.source} (indexing live; data appears as it is indexed)`;
  }
  if (signal.aborted) return;

  const where = describeDatabase(config.database);
  const database = await openDatabase(config.database);
  let api: RunningApi | undefined;
  try {
    await assertSameNetwork(database, config.deployment, where);
    api = await listen(options, database);
    const announce = () =>
      print(
        banner({
          url: api!.url,
          what: `${what}, stored in ${where}`,
          indexerMetricsUrl: config.metrics
            ? `http://${config.metrics.host}:${config.metrics.port}/metrics`
            : undefined,
        }),
      );
    if (mode.kind === 'network') announce();
    const started = performance.now();
    try {
      const summary = await runConfiguredIndexer(
        config,
        log,
        { ...walrusIndexerExtensions(config.deployment), database },
        signal,
      );
      if (mode.kind === 'synthetic' && !signal.aborted) {
        log.info(
          {
            checkpoints: summary.checkpoints,
            watermarks: summary.watermarks,
            seconds: +((performance.now() - started) / 1000).toFixed(2),
          },
          'synthetic network indexed',
        );
        announce();
      }
    } catch (error) {
      // A stop request ends the run after the current batch; the runner reports it as an abort.
      if (!signal.aborted) throw error;
    }
    // The range is done (synthetic, or a bounded source): keep serving until asked to stop.
    await aborted(signal);
    log.info('stopping: closing the API and the database');
  } finally {
    await api?.close();
    await database.close();
  }
}
