// One small database interface over both back ends: `pg.Pool` (Postgres) and `PGlite` (embedded). Pipelines
// and helpers only see `SqlExecutor`; the runner owns transactions. COPY goes through pg-copy-streams on
// Postgres and through `COPY ... FROM '/dev/blob'` on PGlite.
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { type CopyValue, copyChunks, quoteIdent } from './copy-text.ts';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** What a pipeline's committer may do inside its transaction. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Loads rows (values in `columns` order) with COPY; returns the number of rows. */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number>;
}

/**
 * The raw connection under a `Database`: what another reader in the same process (the API in `npm start`) needs
 * to share it. A PGlite directory can be opened by one client only, so sharing is the only way to read it live.
 */
export type DatabaseHandle = { pool: pg.Pool } | { pglite: PGlite };

export interface Database extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** The pool or PGlite client this database runs on; `close()` closes it. */
  readonly handle: DatabaseHandle;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function copyStatement(table: string, columns: readonly string[], from: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${from}`;
}

function countingChunks(rows: Iterable<readonly CopyValue[]>, counter: { n: number }): Iterable<readonly CopyValue[]> {
  return {
    *[Symbol.iterator]() {
      for (const row of rows) {
        counter.n++;
        yield row;
      }
    },
  };
}

// ---------------------------------------------------------------- Postgres

function pgExecutor(client: pg.PoolClient | pg.Pool): SqlExecutor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async copyRows(table, columns, rows) {
      if (!('release' in client)) throw new Error('copyRows on Postgres needs a transaction (Database.transaction)');
      const counter = { n: 0 };
      const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
      await pipeline(Readable.from(copyChunks(countingChunks(rows, counter))), stream);
      return counter.n;
    },
  };
}

/**
 * Keeps a terminated backend (Postgres restart, failover, an operator) from becoming an uncaught exception: a pg
 * client whose connection dies emits 'error', which kills the process when nobody listens. The work using the
 * client sees the failure on its next statement, and the pool drops idle clients, so the event itself is only
 * acknowledged: on the pool (idle clients) and on every client from the moment it connects, because a backend can
 * also report itself while a client is between owners (just released by `pool.query`, not yet handed to the next
 * `connect`), where neither the pool's nor a caller's listener is on. Clients that connected before this call get
 * theirs at their next checkout.
 */
export function acknowledgePoolErrors(pool: pg.Pool): void {
  pool.on('error', () => undefined);
  const guarded = new WeakSet<pg.PoolClient>();
  const guard = (client: pg.PoolClient) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', () => undefined);
  };
  pool.on('connect', guard);
  pool.on('acquire', guard);
}

/** A `Database` over a pg pool; connections dropped by the server are discarded, not reused. */
export function postgresDatabase(pool: pg.Pool): Database {
  acknowledgePoolErrors(pool);
  const base = pgExecutor(pool);
  return {
    kind: 'postgres',
    handle: { pool },
    query: base.query,
    copyRows: base.copyRows,
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(pgExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // Releasing with an error destroys the connection: after a failure mid-transaction its state is unknown.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------- PGlite

function pgliteExecutor(client: PGlite | PGliteTransaction): SqlExecutor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]) {
      const result = await client.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async copyRows(table, columns, rows) {
      const counter = { n: 0 };
      const chunks = [...copyChunks(countingChunks(rows, counter))];
      if (counter.n === 0) return 0;
      await client.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob(chunks) });
      return counter.n;
    },
  };
}

/** A `Database` over an embedded PGlite instance. */
export function pgliteDatabase(db: PGlite): Database {
  const base = pgliteExecutor(db);
  return {
    kind: 'pglite',
    handle: { pglite: db },
    query: base.query,
    copyRows: base.copyRows,
    transaction: (work) => db.transaction((tx) => work(pgliteExecutor(tx))),
    close: () => db.close(),
  };
}
