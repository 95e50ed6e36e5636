// Runs the API alone over an existing index: `node api/src/cli.ts` (configuration from the environment, see
// config.ts). `npm start` runs it next to the indexer instead. With API_WORKERS above 1 this process becomes the
// primary of that many API processes on one port (server/cluster.ts), each rerunning this script as a worker.
import cluster from 'node:cluster';
import { ApiConfigError, parseApiConfig, type ApiConfig } from './config.ts';
import { NoIndexError, openDatabase } from './database.ts';
import { announceListening, runPrimary, workerPoolSize } from './server/cluster.ts';
import { startApi } from './server/server.ts';

const announce = (url: string, kind: string, workers: number) =>
  console.log(
    `GraphQL API on ${url}/graphql (${kind}${workers > 1 ? `, ${workers} worker processes` : ''}); ` +
      `health ${url}/healthz, metrics ${url}/metrics`,
  );

async function serve(config: ApiConfig, worker: boolean): Promise<void> {
  const database = await openDatabase(
    worker && config.database.kind === 'postgres'
      ? {
          ...config,
          database: { ...config.database, poolSize: workerPoolSize(config.database.poolSize, config.workers) },
        }
      : config,
  );
  const api = await startApi({
    db: database,
    port: config.port,
    host: config.host,
    limits: config.limits,
    corsOrigins: config.corsOrigins,
    pollIntervalMs: config.pollIntervalMs,
    clusterWorker: worker,
  });
  if (worker) announceListening(api.url);
  else announce(api.url, database.kind, 1);
  // A terminal's Ctrl-C reaches the primary and every worker, and the primary then sends SIGTERM too.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  const config = parseApiConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    const code = await runPrimary({
      workers: config.workers,
      announce: (url) => announce(url, config.database.kind, config.workers),
    });
    process.exit(code);
  }
  await serve(config, cluster.isWorker);
}

main().catch((error: unknown) => {
  console.error(error instanceof ApiConfigError || error instanceof NoIndexError ? error.message : error);
  process.exit(1);
});
