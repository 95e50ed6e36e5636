// The API's configuration: parsed and validated once at start-up, then passed down as plain data.
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** Limits a client can read back through `serviceConfig`, and that the server enforces. */
export interface ApiLimits {
  /** Page size used when a connection gets neither `first` nor `last`. */
  defaultPageSize: number;
  /** Largest `first` / `last` accepted. */
  maxPageSize: number;
  /** Most values accepted in one list argument (e.g. the event types of an events filter). */
  maxMultiGetSize: number;
  /**
   * Most matches `totalCount` counts on the lists over growing tables (blobs, events, staked positions): beyond it
   * totalCount is null and totalCountEstimate the planner's estimate (pagination/counts.ts).
   */
  maxTotalCount: number;
  /** Deepest selection accepted. */
  maxDepth: number;
  /** Most lexical tokens in one document. */
  maxTokens: number;
  /** Most aliases in one operation. */
  maxAliases: number;
  /** Most directives in one operation. */
  maxDirectives: number;
  /**
   * Largest estimated cost of one operation (graphql-armor's model: objects 2, scalars 1, ×1.5 per level, literal
   * page sizes multiply). A 1,000-row blob page with a dozen fields costs about 60,000.
   */
  maxCost: number;
  /** Most objects one operation may return, page sizes multiplied through nested connections. */
  maxOutputNodes: number;
  /** Largest HTTP request body, in bytes. */
  maxRequestBytes: number;
  /** Postgres statement timeout on the read connections, in milliseconds (PGlite has none, see ApiDatabase). */
  statementTimeoutMs: number;
  /**
   * Whole-request deadline, in milliseconds. On PGlite it cannot interrupt a running statement (it runs on the
   * event loop's thread), only a request waiting for the database and its later statements.
   */
  requestTimeoutMs: number;
}

export interface ApiConfig {
  host: string;
  port: number;
  /** Where the indexed data lives: a Postgres URL, or a PGlite data directory (`memory://` for in-memory). */
  database: { kind: 'postgres'; url: string; schema: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  /** Origins allowed by CORS; `['*']` allows any. */
  corsOrigins: string[];
  /** How often subscriptions poll the indexer's watermark, in milliseconds. */
  pollIntervalMs: number;
  /**
   * How many processes serve the API on the one port (server/cluster.ts): 1 serves from this process; more need
   * Postgres, and share `database.poolSize` between them.
   */
  workers: number;
  limits: ApiLimits;
}

export const DEFAULT_LIMITS: ApiLimits = {
  defaultPageSize: 50,
  maxPageSize: 1000,
  maxMultiGetSize: 200,
  maxTotalCount: 10_000,
  maxDepth: 12,
  maxTokens: 2000,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 250_000,
  maxOutputNodes: 200_000,
  maxRequestBytes: 64 * 1024,
  statementTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
};

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .positive({ error: `${name} must be greater than 0` });

/** Environment variables the API reads, each with its meaning; the single place `process.env` is consulted. */
const envSchema = z
  .object({
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: z.coerce
      .number({ error: 'API_PORT must be a number' })
      .int({ error: 'API_PORT must be a whole number' })
      .min(0, { error: 'API_PORT must be between 0 and 65535' })
      .max(65_535, { error: 'API_PORT must be between 0 and 65535' })
      .default(4000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL must start with postgres:// or postgresql://' })
      .optional(),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, { error: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
      .default('public'),
    DATABASE_POOL_SIZE: positiveInt('DATABASE_POOL_SIZE').default(16),
    API_WORKERS: z
      .string()
      .regex(/^(auto|[1-9][0-9]*)$/, {
        error: 'API_WORKERS must be a whole number greater than 0, or "auto" (one process per CPU core)',
      })
      .default('1'),
    // The indexer's default data directory, so `npm run api` finds what `npm run indexer` wrote.
    PGLITE_DIR: z.string().min(1).default('indexer-data'),
    API_CORS_ORIGINS: z.string().default('*'),
    API_POLL_INTERVAL_MS: positiveInt('API_POLL_INTERVAL_MS').default(1_000),
    API_DEFAULT_PAGE_SIZE: positiveInt('API_DEFAULT_PAGE_SIZE').default(DEFAULT_LIMITS.defaultPageSize),
    API_MAX_PAGE_SIZE: positiveInt('API_MAX_PAGE_SIZE').default(DEFAULT_LIMITS.maxPageSize),
    API_MAX_MULTI_GET: positiveInt('API_MAX_MULTI_GET').default(DEFAULT_LIMITS.maxMultiGetSize),
    API_MAX_TOTAL_COUNT: positiveInt('API_MAX_TOTAL_COUNT').default(DEFAULT_LIMITS.maxTotalCount),
    API_MAX_DEPTH: positiveInt('API_MAX_DEPTH').default(DEFAULT_LIMITS.maxDepth),
    API_MAX_TOKENS: positiveInt('API_MAX_TOKENS').default(DEFAULT_LIMITS.maxTokens),
    API_MAX_ALIASES: positiveInt('API_MAX_ALIASES').default(DEFAULT_LIMITS.maxAliases),
    API_MAX_DIRECTIVES: positiveInt('API_MAX_DIRECTIVES').default(DEFAULT_LIMITS.maxDirectives),
    API_MAX_COST: positiveInt('API_MAX_COST').default(DEFAULT_LIMITS.maxCost),
    API_MAX_OUTPUT_NODES: positiveInt('API_MAX_OUTPUT_NODES').default(DEFAULT_LIMITS.maxOutputNodes),
    API_MAX_REQUEST_BYTES: positiveInt('API_MAX_REQUEST_BYTES').default(DEFAULT_LIMITS.maxRequestBytes),
    API_STATEMENT_TIMEOUT_MS: positiveInt('API_STATEMENT_TIMEOUT_MS').default(DEFAULT_LIMITS.statementTimeoutMs),
    API_REQUEST_TIMEOUT_MS: positiveInt('API_REQUEST_TIMEOUT_MS').default(DEFAULT_LIMITS.requestTimeoutMs),
  })
  .refine((env) => env.API_DEFAULT_PAGE_SIZE <= env.API_MAX_PAGE_SIZE, {
    error: 'API_DEFAULT_PAGE_SIZE must not exceed API_MAX_PAGE_SIZE',
    path: ['API_DEFAULT_PAGE_SIZE'],
  })
  // PGlite lives inside the one process that opened it; other processes cannot read it.
  .refine((env) => env.API_WORKERS === '1' || env.DATABASE_URL !== undefined, {
    error: 'API_WORKERS above 1 needs Postgres (set DATABASE_URL): the embedded PGlite serves one process only',
    path: ['API_WORKERS'],
  });

/** Thrown when the environment does not describe a valid configuration; lists every bad value. */
export class ApiConfigError extends Error {
  override name = 'ApiConfigError';
}

function parseOrigins(raw: string): string[] {
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  if (origins.length === 0) throw new ApiConfigError('API_CORS_ORIGINS must list at least one origin, or be "*"');
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ApiConfigError(
        `API_CORS_ORIGINS entry "${origin}" is not an origin: use scheme://host[:port] (no path), or "*"`,
      );
    }
  }
  return origins;
}

/**
 * Builds the configuration from environment variables (`process.env` by default). Throws an
 * {@link ApiConfigError} naming every invalid variable and what it must look like.
 */
export function parseApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ApiConfigError(`Invalid API configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.API_HOST,
    port: e.API_PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: e.PGLITE_DIR },
    corsOrigins: parseOrigins(e.API_CORS_ORIGINS),
    pollIntervalMs: e.API_POLL_INTERVAL_MS,
    workers: e.API_WORKERS === 'auto' ? availableParallelism() : Number(e.API_WORKERS),
    limits: {
      defaultPageSize: e.API_DEFAULT_PAGE_SIZE,
      maxPageSize: e.API_MAX_PAGE_SIZE,
      maxMultiGetSize: e.API_MAX_MULTI_GET,
      maxTotalCount: e.API_MAX_TOTAL_COUNT,
      maxDepth: e.API_MAX_DEPTH,
      maxTokens: e.API_MAX_TOKENS,
      maxAliases: e.API_MAX_ALIASES,
      maxDirectives: e.API_MAX_DIRECTIVES,
      maxCost: e.API_MAX_COST,
      maxOutputNodes: e.API_MAX_OUTPUT_NODES,
      maxRequestBytes: e.API_MAX_REQUEST_BYTES,
      statementTimeoutMs: e.API_STATEMENT_TIMEOUT_MS,
      requestTimeoutMs: e.API_REQUEST_TIMEOUT_MS,
    },
  };
}
