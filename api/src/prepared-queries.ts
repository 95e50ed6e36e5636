// Statements built once per shape and run again with new values (drizzle's prepared queries): the SQL text and
// its placeholders are kept per connection, so a loader batch or a page costs no query building. Rendering a
// statement with drizzle costs 35 to 50 µs of the API's CPU; with its two statements built once, a blob by object
// id went from 0.75 to 0.48 ms of API CPU a request.
import { and, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { ReadDb } from './database.ts';
import { useCompiledRowMapper } from './row-mapping.ts';

interface Runnable<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

/** What a builder returns: a drizzle query with placeholders, which can be prepared or run as it is. */
interface Preparable<R> extends Runnable<R> {
  prepare(name: string): Runnable<R>;
}

/**
 * How many statement keys get built once and prepared. Shapes combine (filter parts, orderings, cursors, selected
 * columns), so a client could ask for ever new ones: past this many keys, a statement is built for each run and
 * sent unnamed, so neither the API's memory nor each connection's prepared statements grow without bound.
 */
export const MAX_PREPARED_KEYS = 512;

/** Sets of statements made so far: each names its statements under a prefix of its own. */
let instances = 0;

/**
 * Statements built once per key, per database handle. On Postgres a snapshot's `db` is its pooled connection's
 * drizzle instance, kept for the connection's life, so each connection builds each statement once; on PGlite it
 * is the transaction's, so once per snapshot. `max` bounds the keys (tests use small ones).
 */
export function preparedStatements(max: number) {
  const built = new WeakMap<ReadDb, Map<string, Runnable<unknown>>>();
  // Short statement names for the keys (Postgres keeps 63 bytes of a name, and a key can list columns): `apip0_0`,
  // `apip0_1`, ... in the order first seen, the same on every connection; each set of statements has its own
  // prefix, as one name on one connection must always mean one text.
  const prefix = `apip${instances++}_`;
  const names = new Map<string, string>();
  const nameOf = (key: string): string | undefined => {
    let name = names.get(key);
    if (name === undefined && names.size < max) {
      name = `${prefix}${names.size}`;
      names.set(key, name);
    }
    return name;
  };
  /**
   * The statement `key` on `db`, built by `build` the first time. `build` must give the same SQL for a key every
   * time: every value that varies goes in through `sql.placeholder`, filled by `execute`, and everything that
   * shapes the statement (a set of columns, say) is part of the key.
   */
  return function prepared<R>(db: ReadDb, key: string, build: (db: ReadDb) => Preparable<R>): Runnable<R> {
    let statements = built.get(db);
    if (!statements) {
      statements = new Map();
      built.set(db, statements);
    }
    let statement = statements.get(key) as Runnable<R> | undefined;
    if (!statement) {
      const name = nameOf(key);
      // Beyond the bound: built for this run only.
      if (name === undefined) return build(db);
      // Prepared on Postgres under its name (one prepared statement per key per connection), its rows mapped by a
      // mapper compiled once (row-mapping.ts).
      statement = build(db).prepare(name);
      useCompiledRowMapper(statement);
      statements.set(key, statement);
    }
    return statement;
  };
}

/** The API's statements built once (see {@link preparedStatements}). */
export const prepared = preparedStatements(MAX_PREPARED_KEYS);

/**
 * Runs the statement `key` for a DataLoader batch of `keys`, built by `build` with `matches(value)` as its
 * condition on the key. One key is matched as `value = $1`: Postgres plans that once and keeps the generic plan.
 * More are one array, `value = any($1)`: one statement text for every batch size (`inArray` writes one parameter
 * per key), planned for each run, since a generic plan cannot know the array's length.
 */
export function byKeys<R>(
  db: ReadDb,
  key: string,
  keys: readonly unknown[],
  build: (db: ReadDb, matches: (value: SQLWrapper) => SQL) => Preparable<R>,
): Promise<R> {
  if (keys.length === 1) {
    return prepared(db, `${key}, one`, (db) => build(db, (value) => sql`${value} = ${sql.placeholder('key')}`)).execute(
      { key: keys[0] },
    );
  }
  return prepared(db, key, (db) => build(db, (value) => sql`${value} = any(${sql.placeholder('keys')})`)).execute({
    keys: [...keys],
  });
}

/**
 * Where a statement builder puts its values: inline (drizzle parameters, for a statement built each time), or as
 * placeholders of a statement built once per shape ({@link StatementBinding}).
 */
export interface Values {
  /** The value itself, or a placeholder that carries it. */
  bind<T>(value: T): T | Placeholder;
  /** A list of values as one SQL array, for `x = any(<list>)`: one placeholder, or `array[...]` inline. */
  list(items: readonly unknown[]): SQL;
  /** Records a choice that changes the statement's text (which filter parts, which ordering, ...). */
  shape(part: string): void;
}

/** Values written into the statement as drizzle parameters. */
export const inlineValues: Values = {
  bind: (value) => value,
  // drizzle spreads a JS array in a template into a parameter list, which `any` cannot take.
  list: (items) =>
    sql`array[${sql.join(
      items.map((item) => sql`${item}`),
      sql`, `,
    )}]`,
  shape: () => undefined,
};

/**
 * The values of a statement as named placeholders, and a key naming its shape: what {@link prepared} needs to
 * build the statement once per shape. Builders bind every value and record every choice that changes the text; the
 * number of placeholders is part of the key too.
 */
export class StatementBinding implements Values {
  readonly values: Record<string, unknown> = {};
  readonly #parts: string[] = [];
  #next = 0;

  bind<T>(value: T): Placeholder {
    const name = `v${this.#next++}`;
    this.values[name] = value;
    return sql.placeholder(name);
  }

  list(items: readonly unknown[]): SQL {
    return sql`${this.bind([...items])}`;
  }

  shape(part: string): void {
    this.#parts.push(part);
  }

  get key(): string {
    return `${this.#parts.join(' ')} #${this.#next}`;
  }
}

/**
 * Collects a filter's conditions into one: each part present records its name in the statement's shape and adds
 * its condition (a part written inline, or with its values bound, by `values`).
 */
export function conditions(values: Values) {
  const parts: SQL[] = [];
  return {
    add(name: string, present: boolean, condition: () => SQL): void {
      if (!present) return;
      values.shape(name);
      parts.push(condition());
    },
    /** All of them (AND), or undefined without any. */
    get all(): SQL | undefined {
      return parts.length > 0 ? and(...parts) : undefined;
    },
  };
}
