// Test support: a migrated database of each kind, a drizzle writer for fixtures, and the API over it.
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migratePgliteDb, migratePostgres } from '../../../indexer/src/db/migrate.ts';
import { createTestSchema } from '../../../indexer/src/db/test-database.ts';
import { DEFAULT_LIMITS, type ApiLimits } from '../config.ts';
import { pgliteDatabase, postgresDatabase, type ApiDatabase, type ReadDb } from '../database.ts';
import { createApiServer, type ApiServer } from '../server/server.ts';
import type { FeedLimits } from '../subscriptions/live-feed.ts';

export type BackendKind = 'postgres' | 'pglite';

export interface TestApiOptions {
  limits?: Partial<ApiLimits>;
  pollIntervalMs?: number;
  feedLimits?: FeedLimits;
  /** Sees every SQL statement the server's requests send (to count round trips). */
  onStatement?: (sql: string, params: unknown[]) => void;
}

export interface TestBackend {
  kind: BackendKind;
  /** Writes fixtures (the API itself only reads). */
  writer: ReadDb;
  /** Builds an API server over this database. */
  api(options?: TestApiOptions): ApiServer;
  /** The read side alone, for tests of loaders and snapshots. */
  database(): ApiDatabase;
  dispose(): Promise<void>;
}

export async function openTestBackend(kind: BackendKind): Promise<TestBackend> {
  const servers: ApiServer[] = [];
  const build =
    (open: (onStatement: TestApiOptions['onStatement']) => ApiDatabase) =>
    (options: TestApiOptions = {}) => {
      const server = createApiServer({
        database: open(options.onStatement),
        limits: { ...DEFAULT_LIMITS, ...options.limits },
        pollIntervalMs: options.pollIntervalMs ?? 50,
        feedLimits: options.feedLimits,
        logging: process.env.API_TEST_LOGGING === '1' ? 'debug' : false,
        processMetrics: false,
      });
      servers.push(server);
      return server;
    };
  const closeServers = () => {
    for (const server of servers) server.live.close();
  };
  if (kind === 'postgres') {
    const test = await createTestSchema('api');
    await migratePostgres(test.pool, test.schema);
    return {
      kind,
      writer: drizzlePg(test.pool) as unknown as ReadDb,
      api: build((onStatement) => postgresDatabase(test.pool, DEFAULT_LIMITS.statementTimeoutMs, false, onStatement)),
      database: () => postgresDatabase(test.pool, DEFAULT_LIMITS.statementTimeoutMs),
      async dispose() {
        closeServers();
        await test.drop();
      },
    };
  }
  const client = new PGlite();
  await migratePgliteDb(client);
  return {
    kind,
    writer: drizzlePglite(client) as unknown as ReadDb,
    api: build((onStatement) => pgliteDatabase(client, false, onStatement)),
    database: () => pgliteDatabase(client),
    async dispose() {
      closeServers();
      await client.close();
    },
  };
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Posts one operation to the server (in process, no socket) and returns the decoded response. */
export async function gql<T = any>(
  server: ApiServer,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlResponse<T>> {
  const response = await server.yoga.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResponse<T>, 'status'>;
  return { status: response.status, ...body };
}
