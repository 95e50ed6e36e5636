// @open-walrus/api: the read-only GraphQL API over the indexer's database.
export { parseApiConfig, ApiConfigError, DEFAULT_LIMITS, type ApiConfig, type ApiLimits } from './config.ts';
export {
  openDatabase,
  NoIndexError,
  postgresDatabase,
  pgliteDatabase,
  databaseFromHandle,
  type ApiDatabase,
  type DatabaseHandle,
} from './database.ts';
export {
  createApiServer,
  startApi,
  type ApiServer,
  type ApiServerOptions,
  type RunningApi,
  type StartApiOptions,
} from './server/server.ts';
