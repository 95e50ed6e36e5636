// Per-request data access: opens the snapshot on the first query, keeps one set of DataLoaders per snapshot,
// bounds every query by the request deadline, and turns database timeouts into errors a client can act on.
import type { ChainHead } from './chain-head.ts';
import type { ApiLimits } from './config.ts';
import type { ApiDatabase, ReadDb, Snapshot } from './database.ts';
import { apiError, isStatementTimeout } from './errors.ts';

export type QueryFn = <T>(run: (db: ReadDb) => Promise<T>) => Promise<T>;

/** The chain head read with the snapshot, or undefined when the database did not read it there. */
export type ChainHeadFn = () => Promise<ChainHead | undefined>;

export class RequestData<Loaders> {
  readonly #database: ApiDatabase;
  readonly #limits: ApiLimits;
  readonly #makeLoaders: (query: QueryFn, chainHead: ChainHeadFn) => Loaders;
  #snapshot: Promise<Snapshot> | undefined;
  #loaders: Loaders | undefined;
  #deadline = 0;
  #closed = false;
  /**
   * Where the database takes one query at a time (PGlite, whose transaction runs one statement at a time), the
   * queries of one request run one after another; a pipelined Postgres snapshot orders them itself.
   */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    database: ApiDatabase,
    limits: ApiLimits,
    makeLoaders: (query: QueryFn, chainHead: ChainHeadFn) => Loaders,
  ) {
    this.#database = database;
    this.#limits = limits;
    this.#makeLoaders = makeLoaders;
  }

  /** DataLoaders bound to the current snapshot (fresh after each {@link release}). */
  get loaders(): Loaders {
    return (this.#loaders ??= this.#makeLoaders(this.query, this.chainHead));
  }

  /** Runs `run` inside this request's snapshot, opening it on first use. */
  readonly query: QueryFn = (run) => this.#withSnapshot((s) => run(s.db), true);

  /**
   * The chain head the snapshot read while opening (opening it on first use); it waits for the snapshot only, not
   * for the queries before it.
   */
  readonly chainHead: ChainHeadFn = () => this.#withSnapshot((s) => s.chainHead ?? Promise.resolve(undefined), false);

  async #withSnapshot<T>(run: (snapshot: Snapshot) => Promise<T>, queued: boolean): Promise<T> {
    if (this.#closed) {
      throw new Error('RequestData.query called after the request finished; a resolver outlived its request');
    }
    if (!this.#snapshot) {
      this.#deadline = Date.now() + this.#limits.requestTimeoutMs;
      this.#snapshot = this.#database.openSnapshot({ chainHead: true });
    }
    const remaining = this.#deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.#requestTimeout()), Math.max(remaining, 0));
    });
    try {
      const snapshot = this.#snapshot;
      const previous = this.#tail;
      const task = snapshot
        .then((s) => (queued && !s.concurrent ? previous.then(() => s) : s))
        .then((s) => {
          // Checked again when the query's turn comes: on PGlite a running statement blocks the event loop, so the
          // timer below cannot fire during it; this refuses the statements a late request would send after it.
          if (Date.now() >= this.#deadline) throw this.#requestTimeout();
          return run(s);
        });
      // The next query waits for this one to settle, whatever its outcome (where queries run one at a time); the
      // outcome itself goes to the caller.
      if (queued) {
        this.#tail = task.then(
          () => undefined,
          () => undefined,
        );
      }
      return await Promise.race([task, timeout]);
    } catch (error) {
      if (isStatementTimeout(error)) {
        throw apiError(
          'STATEMENT_TIMEOUT',
          `a database query took longer than ${this.#limits.statementTimeoutMs} ms and was cancelled; ` +
            'use a more selective filter or a smaller page',
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  #requestTimeout() {
    return apiError(
      'REQUEST_TIMEOUT',
      `the request took longer than ${this.#limits.requestTimeoutMs} ms; ask for smaller pages or fewer fields`,
    );
  }

  /** Ends the request: releases the snapshot and refuses further queries. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.release();
  }

  /** Ends the snapshot (if one was opened) and drops the loaders' caches; the next query opens a new one. */
  async release(): Promise<void> {
    const snapshot = this.#snapshot;
    this.#snapshot = undefined;
    this.#loaders = undefined;
    const pending = this.#tail;
    this.#tail = Promise.resolve();
    if (!snapshot) return;
    await pending;
    try {
      await (await snapshot).release();
    } catch {
      // The snapshot never opened (the error already went to the query that asked for it); nothing to end.
    }
  }
}
