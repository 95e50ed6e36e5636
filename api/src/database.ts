// Read access to the indexer's database: one consistent snapshot per request, on Postgres or on PGlite.
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
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
  /**
   * The chain head as this snapshot sees it, when it is read while opening the snapshot (see {@link SnapshotOptions});
   * it settles once the opening has answered.
   */
  chainHead?: Promise<ChainHead>;
  /**
   * Whether queries may be sent before the earlier ones have answered (Postgres pipelining): the snapshot then
   * orders them itself and keeps its connection until all have answered. Otherwise the caller sends one at a time.
   */
  concurrent?: boolean;
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
 * Wraps a Postgres pool. Each snapshot takes one connection in pipeline mode (pg's `pipeline`): a statement is
 * written without waiting for the answers to the ones before it, and Postgres answers them in order. The snapshot's
 * opening statements (`BEGIN ... READ ONLY; SET LOCAL statement_timeout`, with the chain head's reads when asked:
 * one simple query, so every statement of the transaction sees the one snapshot) go out in the same write as the
 * request's first query; statements a request sends in one turn of the event loop (DataLoader batches dispatched
 * together) share a write too. No answer reaches a caller before the opening statements have succeeded, so nothing
 * is read outside the transaction or past a failed opening.
 *
 * The transaction ends with ROLLBACK. On a pool of pipelined connections (`pipeline: true`, the API's own pool, see
 * {@link openDatabase}) the connection goes back to the pool as soon as the ROLLBACK is written, and it rides in the
 * next write on that connection, usually the next request's opening: the next snapshot's answers wait for that
 * ROLLBACK to have succeeded. On any other pool (the indexer's, shared under `npm start`) the connection leaves
 * pipeline mode and goes back only once the ROLLBACK has answered, as the pool's other users expect.
 */
export function postgresDatabase(
  pool: pg.Pool,
  statementTimeoutMs: number,
  ownsPool = false,
  /**
   * Sees every SQL statement a snapshot sends (the benchmark replays them directly through pg), and whether it
   * goes out as a prepared statement ({@link statementName}) or as a simple query (the opening and ROLLBACK).
   */
  onStatement?: (sql: string, params: unknown[], prepared: boolean) => void,
): ApiDatabase {
  const logger = onStatement
    ? { logQuery: (query: string, params: unknown[]) => onStatement(query, params, true) }
    : false;
  // The pool reuses its clients, so each keeps one drizzle instance (over its gated query, below) rather than
  // building one per request.
  const links = new WeakMap<pg.PoolClient, ClientLink>();
  const linkOf = (client: pg.PoolClient): ClientLink => {
    let link = links.get(client);
    if (!link) {
      const state: ClientLink = { opened: Promise.resolve(), inFlight: new Set(), ending: undefined, orm: undefined! };
      const gated = {
        query(config: unknown, values?: unknown) {
          writeInOneTurn(client);
          const answer = client.query(named(config as pg.QueryConfig), values as unknown[]);
          state.inFlight.add(answer);
          const settled = () => state.inFlight.delete(answer);
          answer.then(settled, settled);
          // The opening's outcome first: a failed opening fails every statement written behind it, with its own
          // error (theirs only says the transaction is aborted).
          const opened = state.opened;
          return answer.then(
            (result) => opened.then(() => result),
            (error: unknown) =>
              opened.then(() => {
                throw error;
              }),
          );
        },
      };
      state.orm = drizzlePg({ client: gated as unknown as pg.PoolClient, logger }) as unknown as ReadDb;
      link = state;
      links.set(client, link);
    }
    return link;
  };
  acknowledgePoolErrors(pool);
  const begin = `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL statement_timeout = ${Math.floor(statementTimeoutMs)}`;
  const beginWithChainHead = [begin, ...chainHeadStatements].join('; ');
  return {
    kind: 'postgres',
    statementTimeoutMs: Math.floor(statementTimeoutMs),
    async openSnapshot(options = {}) {
      const client = await pool.connect();
      const link = linkOf(client);
      // A pool of pipelined connections keeps them so; a connection of any other pool is in pipeline mode only
      // while a snapshot holds it.
      const keepsPipeline = client.pipeline;
      if (!keepsPipeline) setPipeline(client, true);
      const opening = options.chainHead ? beginWithChainHead : begin;
      onStatement?.(opening, [], false);
      writeInOneTurn(client);
      // The previous snapshot's ROLLBACK on this connection, when it was not waited for, must have succeeded too:
      // a transaction still open would hand its old snapshot to this one.
      const previous = link.ending;
      link.ending = undefined;
      const opened = Promise.all([previous, client.query(opening)]).then(([, results]) => results);
      link.opened = opened;
      // Outcomes are handled by whoever awaits them (the statements, the chain head, release).
      opened.catch(() => undefined);
      let chainHead: Promise<ChainHead> | undefined;
      if (options.chainHead) {
        // One result per statement: BEGIN, SET, then the chain head's two reads.
        chainHead = opened.then((results) => {
          const list = results as unknown as pg.QueryResult[];
          return decodeChainHead(list[2]!.rows, list[3]!.rows);
        });
        chainHead.catch(() => undefined);
      }
      let released = false;
      return {
        db: link.orm,
        chainHead,
        concurrent: true,
        async release() {
          if (released) return;
          released = true;
          // A statement still running (its request gave up at the deadline) keeps the connection until it ends.
          await Promise.allSettled([...link.inFlight]);
          const failure = await opened.then(
            () => undefined,
            (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
          );
          if (failure) {
            client.release(failure);
            return;
          }
          // ROLLBACK also clears an aborted transaction (e.g. after a statement timeout); nothing was written.
          onStatement?.('ROLLBACK', [], false);
          writeInOneTurn(client);
          const ending = client.query('ROLLBACK');
          if (keepsPipeline) {
            ending.catch(() => undefined);
            link.ending = ending;
            client.release();
            return;
          }
          try {
            await ending;
            setPipeline(client, false);
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
 * How many distinct statement texts get a name (below). Filters and orderings combine into many texts, so the
 * first ones seen are named (the hot shapes come first under load) and later ones go unnamed: each connection then
 * holds at most this many prepared statements.
 */
export const MAX_NAMED_STATEMENTS = 512;

/** Names statement texts `api_0`, `api_1`, ... in the order first seen, up to `max` texts; undefined beyond. */
export function statementNamer(max: number): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined && names.size < max) {
      name = `api_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
}

/**
 * The name the API prepares a statement text under, or undefined once {@link MAX_NAMED_STATEMENTS} texts are named.
 * A named statement is parsed and planned once per connection (pg sends Parse on its first use there); Postgres
 * then re-plans it only where a generic plan would cost more than planning for the values. On the hot shapes
 * planning took longer than running: a blob by object id plans in 0.8 ms and runs in 0.1 ms.
 */
export const statementName = statementNamer(MAX_NAMED_STATEMENTS);

/** The query (drizzle's query config) with its statement name. */
function named(config: pg.QueryConfig): pg.QueryConfig {
  if (typeof config !== 'object' || config.name !== undefined || typeof config.text !== 'string') return config;
  const name = statementName(config.text);
  return name === undefined ? config : { ...config, name };
}

/** What a snapshot keeps on its pooled connection between requests. */
interface ClientLink {
  orm: ReadDb;
  /** The current snapshot's opening statements. */
  opened: Promise<unknown>;
  /** Statements written and not yet answered. */
  inFlight: Set<Promise<unknown>>;
  /** The last snapshot's ROLLBACK, when the connection went back to the pool before it answered. */
  ending: Promise<unknown> | undefined;
}

function setPipeline(client: pg.PoolClient, on: boolean): void {
  (client as { pipeline: boolean }).pipeline = on;
}

const corked = new WeakSet<object>();

/**
 * Holds the connection's socket writes until the end of this turn of the event loop, so the statements written
 * meanwhile (a snapshot's opening and its first query; a ROLLBACK and the next request's opening; loader batches
 * dispatched together) leave in one system call rather than one each. pg writes through `connection.stream`. Call
 * it before each `client.query` on a pipelined connection (the benchmark's replay does, as the API does).
 */
export function writeInOneTurn(client: pg.PoolClient): void {
  const stream = (client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
  if (!stream || typeof stream.cork !== 'function' || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  setImmediate(() => {
    corked.delete(stream);
    stream.uncork();
  });
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
      // The API alone uses these connections, so they stay in pipeline mode (see postgresDatabase).
      pipeline: true,
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
