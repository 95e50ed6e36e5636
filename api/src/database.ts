// Read access to the indexer's database: one consistent snapshot per request, on Postgres or on PGlite.
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { acknowledgePoolErrors, type DatabaseHandle } from '../../indexer/src/db/database.ts';
import { chainHeadStatements, decodeChainHead, type ChainHead } from './chain-head.ts';
import type { ApiConfig } from './config.ts';
import { pipelineWatermarks } from './tables.ts';

/** The query surface resolvers get: a drizzle database bound to one read-only snapshot. */
export type ReadDb = PgDatabase<PgQueryResultHKT>;

/** One REPEATABLE READ, READ ONLY transaction: every query through `db` sees the same committed state. */
export interface Snapshot {
  db: ReadDb;
  /** Ends the transaction and gives the connection back. Safe to call more than once. */
  release(): Promise<void>;
  /** The chain head as this snapshot sees it, when it was read while opening the snapshot (see {@link SnapshotOptions}). */
  chainHead?: ChainHead;
}

export interface SnapshotOptions {
  /**
   * Read the chain head (latest epoch, Staking state) in the round trip that begins the snapshot, where that saves
   * one (Postgres). A database may leave it out; readers then read it themselves.
   */
  chainHead?: boolean;
}

/** What the API needs from a database: snapshots, and a way to let go of what it opened. */
export interface ApiDatabase {
  kind: 'postgres' | 'pglite';
  /**
   * The per-statement timeout the database enforces on the API's queries, in milliseconds; null when it enforces
   * none. PGlite accepts `SET statement_timeout` but never cancels a statement (request-data.test.ts checks it),
   * and runs each statement on the event loop's thread: a running statement always runs to its end there.
   */
  statementTimeoutMs: number | null;
  openSnapshot(options?: SnapshotOptions): Promise<Snapshot>;
  /** Closes connections the API opened itself; a pool or PGlite handed in by the caller stays open. */
  close(): Promise<void>;
}

/**
 * The database handles `startApi` accepts: a Postgres pool or an embedded PGlite, already migrated by the indexer
 * (the indexer's `Database.handle` is one).
 */
export type { DatabaseHandle };

/**
 * Wraps a Postgres pool. Each snapshot takes one connection and starts its transaction and statement timeout in a
 * single round trip (a simple query of several statements), with the chain head's reads when asked: every
 * statement of the transaction, those included, sees the one snapshot.
 */
export function postgresDatabase(
  pool: pg.Pool,
  statementTimeoutMs: number,
  ownsPool = false,
  /** Sees every SQL statement a snapshot sends (the benchmark replays them directly through pg). */
  onStatement?: (sql: string, params: unknown[]) => void,
): ApiDatabase {
  const logger = onStatement ? { logQuery: (query: string, params: unknown[]) => onStatement(query, params) } : false;
  // The pool reuses its clients, so each keeps one drizzle instance rather than building one per request.
  const orms = new WeakMap<pg.PoolClient, ReadDb>();
  const ormOf = (client: pg.PoolClient): ReadDb => {
    let orm = orms.get(client);
    if (!orm) {
      orm = drizzlePg(client, { logger }) as unknown as ReadDb;
      orms.set(client, orm);
    }
    return orm;
  };
  acknowledgePoolErrors(pool);
  const begin = `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL statement_timeout = ${Math.floor(statementTimeoutMs)}`;
  const beginWithChainHead = [begin, ...chainHeadStatements].join('; ');
  return {
    kind: 'postgres',
    statementTimeoutMs: Math.floor(statementTimeoutMs),
    async openSnapshot(options = {}) {
      const client = await pool.connect();
      let chainHead: ChainHead | undefined;
      try {
        if (options.chainHead) {
          onStatement?.(beginWithChainHead, []);
          // One result per statement: BEGIN, SET, then the chain head's two reads.
          const results = (await client.query(beginWithChainHead)) as unknown as pg.QueryResult[];
          chainHead = decodeChainHead(results[2]!.rows, results[3]!.rows);
        } else {
          onStatement?.(begin, []);
          await client.query(begin);
        }
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      let released = false;
      return {
        db: ormOf(client),
        chainHead,
        async release() {
          if (released) return;
          released = true;
          try {
            // ROLLBACK also clears an aborted transaction (e.g. after a statement timeout); nothing was written.
            onStatement?.('ROLLBACK', []);
            await client.query('ROLLBACK');
            client.release();
          } catch (error) {
            client.release(error as Error);
          }
        },
      };
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}

/**
 * Wraps an embedded PGlite. PGlite runs one transaction at a time, so a snapshot holds it exclusively until
 * released; requests are short, and the indexer's writes queue behind them.
 */
export function pgliteDatabase(
  client: PGlite,
  ownsClient = false,
  /** Sees every SQL statement a snapshot's queries send (the BEGIN and COMMIT around them excepted). */
  onStatement?: (sql: string, params: unknown[]) => void,
): ApiDatabase {
  const logger = onStatement ? { logQuery: (query: string, params: unknown[]) => onStatement(query, params) } : false;
  const orm = drizzlePglite(client, { logger });
  return {
    kind: 'pglite',
    statementTimeoutMs: null,
    openSnapshot() {
      return new Promise<Snapshot>((resolveSnapshot, rejectSnapshot) => {
        let finish!: () => void;
        const finished = new Promise<void>((resolve) => {
          finish = resolve;
        });
        let opened = false;
        const done = orm
          .transaction(
            async (tx) => {
              opened = true;
              resolveSnapshot({
                db: tx as unknown as ReadDb,
                async release() {
                  finish();
                  await done;
                },
              });
              await finished;
            },
            { isolationLevel: 'repeatable read', accessMode: 'read only' },
          )
          .catch((error: unknown) => {
            if (!opened) rejectSnapshot(error);
          });
      });
    },
    async close() {
      if (ownsClient) await client.close();
    },
  };
}

/** Wraps a handle given by the caller (e.g. the indexer sharing its database). */
export function databaseFromHandle(handle: DatabaseHandle, statementTimeoutMs: number): ApiDatabase {
  return 'pool' in handle ? postgresDatabase(handle.pool, statementTimeoutMs) : pgliteDatabase(handle.pglite);
}

/** Thrown when the configured database holds no index (the indexer has not run against it). */
export class NoIndexError extends Error {
  override name = 'NoIndexError';
}

/**
 * Opens the database named by the configuration and checks that it holds an index; the API owns (and closes) what
 * it opens here. It never creates or migrates anything: the indexer does.
 */
export async function openDatabase(config: ApiConfig): Promise<ApiDatabase> {
  const target = config.database;
  let database: ApiDatabase;
  let where: string;
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize,
      options: `-c search_path=${target.schema}`,
      statement_timeout: config.limits.statementTimeoutMs,
      application_name: 'open-walrus-api',
    });
    database = postgresDatabase(pool, config.limits.statementTimeoutMs, true);
    where = `schema "${target.schema}" of ${new URL(target.url).host}`;
  } else {
    if (!existsSync(target.dataDir)) {
      throw new NoIndexError(
        `no index at PGLITE_DIR=${target.dataDir} (the directory does not exist); run the indexer first ` +
          '(npm start runs both), or point DATABASE_URL at a Postgres index',
      );
    }
    database = pgliteDatabase(await PGlite.create(target.dataDir), true);
    where = `PGlite directory ${target.dataDir}`;
  }
  try {
    await assertIndexed(database, where);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Fails with a clear message unless the indexer's tables exist. */
async function assertIndexed(database: ApiDatabase, where: string): Promise<void> {
  const snapshot = await database.openSnapshot();
  try {
    await snapshot.db.select().from(pipelineWatermarks).limit(1);
  } catch (error) {
    throw new NoIndexError(
      `no index in ${where}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}; ` +
        'run the indexer against it first (it creates the tables)',
    );
  } finally {
    await snapshot.release();
  }
}
