// The API server: yoga with the schema, the protections and the plugins, and `startApi` to serve it over HTTP.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createSchema, createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LIMITS, type ApiLimits } from '../config.ts';
import type { ApiContext } from '../context.ts';
import { databaseFromHandle, type ApiDatabase, type DatabaseHandle } from '../database.ts';
import { readSdl } from '../schema/sdl.ts';
import { createLoaders } from '../loaders.ts';
import { RequestData } from '../request-data.ts';
import { resolvers } from '../resolvers/resolver-map.ts';
import { LiveFeed, type FeedLimits } from '../subscriptions/live-feed.ts';
import { clusterMetricsText } from './cluster.ts';
import { createMetrics, type ApiMetrics } from './metrics.ts';
import { bodyLimitPlugin } from './body-limit.ts';
import { compiledExecutionPlugins } from './compiled-execution.ts';
import { metricsPlugin, outputLimitPlugin, routesPlugin, snapshotLifecyclePlugin } from './plugins.ts';

export interface ApiServerOptions {
  database: ApiDatabase;
  limits?: ApiLimits;
  /** Origins allowed by CORS; `['*']` (the default) allows any. */
  corsOrigins?: string[];
  /** How often subscriptions poll the watermark (ms). */
  pollIntervalMs?: number;
  /** How much one subscription tick reads at most (tests use small ones). */
  feedLimits?: FeedLimits;
  /** Yoga's logging: false to silence, or a level. */
  logging?: boolean | 'debug' | 'info' | 'warn' | 'error';
  /** Collect Node's default process metrics too (off in tests that build many servers). */
  processMetrics?: boolean;
  /** This process is one of several cluster workers: /metrics shows all of them (server/cluster.ts). */
  clusterWorker?: boolean;
}

export interface ApiServer {
  yoga: YogaServerInstance<{}, ApiContext>;
  live: LiveFeed;
  metrics: ApiMetrics;
  limits: ApiLimits;
  /** Ends subscriptions and closes what the API opened (not a database handed in by the caller). */
  close(): Promise<void>;
}

const SDL = readSdl();

/**
 * GraphiQL with its scripts, styles and workers inlined (yoga's default page loads them from a CDN), so the
 * explorer works offline. The page is several MB and its options never change, so it is rendered once.
 */
function offlineGraphiQL(): (options: Parameters<typeof renderGraphiQL>[0]) => string {
  let page: string | undefined;
  return (options) => (page ??= renderGraphiQL(options));
}

/** Builds the yoga instance; serve it with `startApi`, or call `yoga.fetch` directly (tests). */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const { database } = options;
  const live = new LiveFeed(database, options.pollIntervalMs ?? 1_000, options.feedLimits);
  const metrics = createMetrics(options.processMetrics ?? true);
  const origins = options.corsOrigins ?? ['*'];
  const serviceConfig = { ...limits, statementTimeoutMs: database.statementTimeoutMs };
  const yoga = createYoga<{}, ApiContext>({
    schema: createSchema<ApiContext>({ typeDefs: SDL, resolvers }),
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Walrus index', subscriptionsProtocol: 'SSE' },
    renderGraphiQL: offlineGraphiQL(),
    landingPage: false,
    logging: options.logging ?? 'warn',
    // Unexpected errors become "Unexpected error." with no stack or detail, even with NODE_ENV=development.
    maskedErrors: { isDev: false },
    // The request-size limit is bodyLimitPlugin's, which counts only bodies of unknown length.
    maxRequestBodySize: false,
    cors: {
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'POST', 'OPTIONS'],
      credentials: false,
    },
    context: () => ({ limits, serviceConfig, live, data: new RequestData(database, limits, createLoaders) }),
    plugins: [
      EnvelopArmorPlugin({
        maxTokens: { n: limits.maxTokens },
        maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
        maxAliases: { n: limits.maxAliases },
        maxDirectives: { n: limits.maxDirectives },
        costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
        // The schema is public (GraphiQL, introspection): "did you mean" suggestions help and leak nothing.
        blockFieldSuggestion: { enabled: false },
      }),
      ...compiledExecutionPlugins(),
      bodyLimitPlugin(limits.maxRequestBytes),
      outputLimitPlugin(limits.maxOutputNodes, limits.defaultPageSize),
      snapshotLifecyclePlugin(),
      metricsPlugin(metrics),
      routesPlugin(
        {
          text: options.clusterWorker ? clusterMetricsText(metrics.registry) : () => metrics.registry.metrics(),
          contentType: metrics.registry.contentType,
        },
        database,
        live,
        limits.statementTimeoutMs,
      ),
    ],
  });
  return {
    yoga,
    live,
    metrics,
    limits,
    async close() {
      live.close();
      await database.close();
    },
  };
}

export interface StartApiOptions extends Omit<ApiServerOptions, 'database'> {
  /** The indexer's database (a pg pool or a PGlite), or an ApiDatabase already wrapped. */
  db: DatabaseHandle | ApiDatabase;
  port?: number;
  host?: string;
}

export interface RunningApi extends ApiServer {
  server: Server;
  /** Base URL, e.g. http://127.0.0.1:4000 (GraphQL and GraphiQL at `${url}/graphql`). */
  url: string;
}

function isApiDatabase(db: DatabaseHandle | ApiDatabase): db is ApiDatabase {
  return 'openSnapshot' in db;
}

/** Serves the API over HTTP next to whatever owns the database (the indexer, in `npm start`). */
export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const database = isApiDatabase(options.db) ? options.db : databaseFromHandle(options.db, limits.statementTimeoutMs);
  const api = createApiServer({ ...options, limits, database });
  const server = createServer(api.yoga);
  // Bound slow clients too: a request must arrive within the request deadline.
  server.requestTimeout = limits.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    ...api,
    server,
    url: `http://${host}:${address.port}`,
    async close() {
      api.live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
    },
  };
}
