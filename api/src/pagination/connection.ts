// Relay connections over keyset pagination: a stable ordering ending in a unique key, `first/after` walking
// forward and `last/before` walking backward, one extra row fetched to know whether another page exists.
import { and, asc, desc, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { ApiLimits } from '../config.ts';
import { apiError, badInput } from '../errors.ts';
import type { ReadDb } from '../database.ts';
import { inlineValues, type StatementBinding, type Values } from '../prepared-queries.ts';
import { decodeCursor, encodeCursor, invalidCursor, type KeyPart, type KeyPartType } from './cursor.ts';

/** One column of an ordering key. */
export interface OrderKey<Row> {
  column: SQLWrapper;
  type: KeyPartType;
  /** Postgres type the cursor value is cast to when compared with the column. */
  sqlType: 'integer' | 'bigint' | 'numeric' | 'text';
  value(row: Row): KeyPart;
}

/** A stable ordering: every key column sorted the same way, the last ones unique together. */
export interface Ordering<Row> {
  /** Written into cursors, so a cursor of one ordering is refused by another. */
  name: string;
  direction: 'asc' | 'desc';
  keys: readonly OrderKey<Row>[];
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page {
  backward: boolean;
  limit: number;
  after: KeyPart[] | undefined;
  before: KeyPart[] | undefined;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

/**
 * The parent value of every `*Connection` type. `totalCount` runs only when a client selects it; it is exact
 * (`number`) on the small lists, and capped (`number | null`, see counts.ts) on the ones over growing tables.
 */
export interface Connection<Node, Count extends number | null = number> {
  edges: Edge<Node>[];
  nodes: Node[];
  pageInfo: PageInfo;
  totalCount: () => Promise<Count>;
}

function checkSize(argument: 'first' | 'last', value: number, limits: ApiLimits): number {
  if (value < 0) throw badInput(argument, `must be 0 or more, got ${value}`);
  if (value > limits.maxPageSize) {
    throw apiError(
      'PAGE_SIZE_EXCEEDED',
      `${argument}: ${value} is more than the maximum page size of ${limits.maxPageSize}; page through with after/before`,
      argument,
    );
  }
  return value;
}

const SQL_RANGES: Partial<Record<OrderKey<unknown>['sqlType'], readonly [bigint, bigint]>> = {
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * Refuses key parts the column's SQL type cannot hold: cast in the keyset condition, they would fail the query
 * ("out of range") instead of the cursor.
 */
function checkRanges<Row>(argument: string, ordering: Ordering<Row>, key: KeyPart[]): KeyPart[] {
  ordering.keys.forEach((k, i) => {
    const range = SQL_RANGES[k.sqlType];
    const part = key[i]!;
    if (range && typeof part !== 'string' && (BigInt(part) < range[0] || BigInt(part) > range[1])) {
      throw invalidCursor(argument, `${String(part)} is outside the range of its ${k.sqlType} column`);
    }
  });
  return key;
}

/** Validates the four connection arguments against the ordering and the limits. */
export function parsePage<Row>(args: PageArgs, ordering: Ordering<Row>, limits: ApiLimits): Page {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw badInput('first', 'pass either first (with after) or last (with before), not both');
  }
  const types = ordering.keys.map((k) => k.type);
  const afterKey =
    after != null ? checkRanges('after', ordering, decodeCursor('after', after, ordering.name, types)) : undefined;
  const beforeKey =
    before != null ? checkRanges('before', ordering, decodeCursor('before', before, ordering.name, types)) : undefined;
  if (last != null) {
    return { backward: true, limit: checkSize('last', last, limits), after: afterKey, before: beforeKey };
  }
  const limit = first != null ? checkSize('first', first, limits) : limits.defaultPageSize;
  return { backward: false, limit, after: afterKey, before: beforeKey };
}

function rowCompare<Row>(ordering: Ordering<Row>, key: KeyPart[], op: '>' | '<', values: Values): SQL {
  const columns = sql.join(
    ordering.keys.map((k) => sql`${k.column}`),
    sql`, `,
  );
  const parts = sql.join(
    ordering.keys.map(
      (k, i) => sql`${values.bind(k.type === 'bigint' ? String(key[i]) : key[i])}::${sql.raw(k.sqlType)}`,
    ),
    sql`, `,
  );
  return sql`(${columns}) ${sql.raw(op)} (${parts})`;
}

/**
 * The keyset condition for the page (rows strictly between the cursors), or undefined without cursors; the
 * cursors' values go to `values` (inline by default).
 */
export function keysetWhere<Row>(ordering: Ordering<Row>, page: Page, values: Values = inlineValues): SQL | undefined {
  const later = ordering.direction === 'asc' ? '>' : '<';
  const earlier = ordering.direction === 'asc' ? '<' : '>';
  const parts: SQL[] = [];
  if (page.after) {
    values.shape('after');
    parts.push(rowCompare(ordering, page.after, later, values));
  }
  if (page.before) {
    values.shape('before');
    parts.push(rowCompare(ordering, page.before, earlier, values));
  }
  if (parts.length === 0) return undefined;
  return sql.join(parts, sql` AND `);
}

/** ORDER BY for the page: the ordering itself going forward, reversed going backward. */
export function keysetOrder<Row>(ordering: Ordering<Row>, page: Page, values: Values = inlineValues): SQL[] {
  const ascending = (ordering.direction === 'asc') !== page.backward;
  values.shape(`${ordering.name}:${ascending ? 'asc' : 'desc'}`);
  return ordering.keys.map((k) => (ascending ? asc(k.column) : desc(k.column)));
}

/**
 * A page's statement built once per shape (prepared-queries.ts): `filter` (its values already in `values`), then the
 * keyset condition, the order and the limit bound into `values`; `query` writes the statement from them. Its key,
 * the values of its placeholders, and its builder.
 */
export function keysetPageStatement<Row, Query>(
  name: string,
  values: StatementBinding,
  filter: SQL | undefined,
  ordering: Ordering<Row>,
  page: Page,
  query: (db: ReadDb, where: SQL | undefined, order: SQL[], limit: ReturnType<StatementBinding['bind']>) => Query,
) {
  const where = and(filter, keysetWhere(ordering, page, values));
  const order = keysetOrder(ordering, page, values);
  const limit = values.bind(fetchLimit(page));
  return { key: `${name} ${values.key}`, values: values.values, build: (db: ReadDb) => query(db, where, order, limit) };
}

/** Rows to fetch: one more than the page, to learn whether the next (or previous) page exists. */
export function fetchLimit(page: Page): number {
  return page.limit + 1;
}

export function cursorOf<Row>(ordering: Ordering<Row>, row: Row): string {
  return encodeCursor(
    ordering.name,
    ordering.keys.map((k) => k.type),
    ordering.keys.map((k) => k.value(row)),
  );
}

/**
 * An edge whose cursor is encoded when first read: a client asking for `nodes` only (or for the page's end cursor)
 * does not pay for a cursor per row.
 */
function edgeOf<Row, Node>(ordering: Ordering<Row>, row: Row, node: Node): Edge<Node> {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      return (cursor ??= cursorOf(ordering, row));
    },
  };
}

/**
 * Builds the connection from the fetched rows (in fetch order). Going forward, `hasPreviousPage` is true when a
 * cursor was given (the rows before it are not counted); going backward, `hasNextPage` likewise.
 */
export function toConnection<Row, Node = Row, Count extends number | null = number>(
  fetched: Row[],
  ordering: Ordering<Row>,
  page: Page,
  totalCount: () => Promise<Count>,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
): Connection<Node, Count> {
  const more = fetched.length > page.limit;
  const rows = fetched.slice(0, page.limit);
  if (page.backward) rows.reverse();
  const edges = rows.map((row) => edgeOf(ordering, row, toNode(row)));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: page.backward ? page.before !== undefined : more,
      hasPreviousPage: page.backward ? more : page.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: memo(totalCount),
  };
}

export function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= f());
}

function compareParts(a: KeyPart, b: KeyPart): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two rows' keys in the ordering's direction (negative: `a` comes first). */
function compareKeys(a: readonly KeyPart[], b: readonly KeyPart[], direction: 'asc' | 'desc'): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareParts(a[i]!, b[i]!);
    if (c !== 0) return direction === 'asc' ? c : -c;
  }
  return 0;
}

/**
 * The same pagination over rows already in memory (a small relation loaded whole by a DataLoader). `rows` may be
 * in any order; the result matches what the SQL path would return.
 */
export function paginateInMemory<Row, Node = Row>(
  rows: readonly Row[],
  ordering: Ordering<Row>,
  page: Page,
  toNode?: (row: Row) => Node,
): Connection<Node> {
  const keyOf = (row: Row) => ordering.keys.map((k) => k.value(row));
  let inRange = [...rows].sort((a, b) => compareKeys(keyOf(a), keyOf(b), ordering.direction));
  const total = inRange.length;
  if (page.after) {
    const after = page.after;
    inRange = inRange.filter((r) => compareKeys(keyOf(r), after, ordering.direction) > 0);
  }
  if (page.before) {
    const before = page.before;
    inRange = inRange.filter((r) => compareKeys(keyOf(r), before, ordering.direction) < 0);
  }
  const fetched = page.backward ? inRange.reverse().slice(0, fetchLimit(page)) : inRange.slice(0, fetchLimit(page));
  return toConnection(fetched, ordering, page, async () => total, toNode);
}
