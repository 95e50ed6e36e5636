// Assembles a configured indexer: database, source, pipelines, metrics server, runner. Domain pipelines plug in
// through `pipelines` (they run after `events`, each with its own watermark), the SDK's event decoder through
// `decodeEvent`, and a database the caller already opened (and keeps open) through `database`.
import { createTypeRegistry } from '@open-walrus/sdk';
import type { IndexerConfig } from './config/config.ts';
import { type Deployment, packageLineage } from './config/deployment.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { IndexerMetrics } from './metrics/metrics.ts';
import type { ProgressSnapshot } from './metrics/progress.ts';
import { type HealthState, type MetricsServer, startMetricsServer } from './metrics/server.ts';
import type { SequentialPipeline } from './pipeline/pipeline.ts';
import { type RunSummary, runIndexer } from './pipeline/runner.ts';
import { type EventDecoder, eventsPipeline } from './pipelines/events/pipeline.ts';
import { createSource } from './sources/from-config.ts';
import type { Logger } from './util/log.ts';

/** Decodes events with the SDK's generated types; types it has none for are unknown (stored raw). */
export function sdkEventDecoder(deployment: Deployment): EventDecoder {
  const registry = createTypeRegistry(deployment);
  return (typeName, bcs) => (registry.decoderFor(typeName) === undefined ? undefined : registry.decode(typeName, bcs));
}

export interface IndexerExtensions {
  /** Decoder for the `events` table's `json` column (default: the SDK's type registry, `sdkEventDecoder`). */
  decodeEvent?: EventDecoder;
  /** More pipelines, built from the deployment (the walrus domain tables). */
  pipelines?: (context: { config: IndexerConfig; metrics: IndexerMetrics }) => SequentialPipeline<any>[];
}

export interface IndexerRunOptions extends IndexerExtensions {
  /**
   * An already opened and migrated database (`openDatabase(config.database)`) to index into instead of opening
   * `config.database`. The caller owns it: the indexer leaves it open when it ends, so the caller can keep
   * serving it (the API in `npm start` shares it through `database.handle`).
   */
  database?: Database;
  /**
   * Shows backfill progress some other way than the log line every `config.progressIntervalMs` (the CLI's
   * terminal progress bar): the runner hands `report` a snapshot every `intervalMs`, and a final one.
   */
  progress?: { report: (snapshot: ProgressSnapshot, final: boolean) => void; intervalMs: number };
}

/** Runs the indexer described by `config` until its range ends, `signal` aborts, or it fails. */
export async function runConfiguredIndexer(
  config: IndexerConfig,
  log: Logger,
  options: IndexerRunOptions = {},
  signal?: AbortSignal,
): Promise<RunSummary> {
  const metrics = new IndexerMetrics({ defaultMetrics: true });
  const health: HealthState = { status: 'starting' };
  let server: MetricsServer | undefined;
  // Only a database opened here is closed here.
  let owned: Database | undefined;
  try {
    if (config.metrics) {
      server = await startMetricsServer(metrics, () => health, config.metrics.host, config.metrics.port);
      log.info({ url: `http://${config.metrics.host}:${server.port}/metrics` }, 'metrics server listening');
    }
    const db = options.database ?? (owned = await openDatabase(config.database));
    log.info(
      {
        database:
          config.database.kind === 'postgres'
            ? `postgres schema ${config.database.schema}`
            : `pglite ${config.database.dataDir}`,
      },
      'database ready',
    );
    const source = createSource(config.source, log);
    const lineage = packageLineage(config.deployment.walrusPackageIds);
    const pipelines = [
      eventsPipeline({ lineage, decode: options.decodeEvent ?? sdkEventDecoder(config.deployment), metrics }),
      ...(options.pipelines?.({ config, metrics }) ?? []),
    ];
    health.status = 'running';
    const summary = await runIndexer({
      db,
      source,
      pipelines,
      from: config.from,
      to: config.to,
      batch: config.batch,
      log,
      metrics,
      progressIntervalMs: options.progress?.intervalMs ?? config.progressIntervalMs,
      reportProgress: options.progress?.report,
      signal,
    });
    health.status = 'finished';
    return summary;
  } catch (error) {
    health.status = 'failed';
    health.detail = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    await owned?.close();
    await server?.close();
  }
}
