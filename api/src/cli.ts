// Runs the API alone over an existing index: `node api/src/cli.ts` (configuration from the environment, see
// config.ts). `npm start` runs it next to the indexer instead.
import { ApiConfigError, parseApiConfig } from './config.ts';
import { NoIndexError, openDatabase } from './database.ts';
import { startApi } from './server/server.ts';

async function main(): Promise<void> {
  const config = parseApiConfig();
  const database = await openDatabase(config);
  const api = await startApi({
    db: database,
    port: config.port,
    host: config.host,
    limits: config.limits,
    corsOrigins: config.corsOrigins,
    pollIntervalMs: config.pollIntervalMs,
  });
  console.log(
    `GraphQL API on ${api.url}/graphql (${database.kind}); health ${api.url}/healthz, metrics ${api.url}/metrics`,
  );
  const stop = () => {
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ApiConfigError || error instanceof NoIndexError ? error.message : error);
  process.exit(1);
});
