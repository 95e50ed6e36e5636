import { GraphQLError } from 'graphql';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { cursorOf, paginateInMemory, parsePage, type Ordering } from './connection.ts';

interface Row {
  epoch: number;
  id: string;
}
const ordering: Ordering<Row> = {
  name: 'test:DESC',
  direction: 'desc',
  keys: [
    { column: sql`epoch`, type: 'int', sqlType: 'integer', value: (r) => r.epoch },
    { column: sql`id`, type: 'text', sqlType: 'text', value: (r) => r.id },
  ],
};
const rows: Row[] = [
  { epoch: 1, id: 'a' },
  { epoch: 3, id: 'b' },
  { epoch: 2, id: 'c' },
  { epoch: 3, id: 'a' },
  { epoch: 2, id: 'd' },
];
const expectedOrder = ['3b', '3a', '2d', '2c', '1a'];
const label = (r: Row) => `${r.epoch}${r.id}`;

function errorOf(f: () => unknown): GraphQLError {
  try {
    f();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
}

describe('cursors', () => {
  it('round-trip an ordering key through an opaque base64url string', () => {
    const cursor = encodeCursor('o', ['bigint', 'int', 'text'], [2n ** 70n, 5, 'x"y']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('after', cursor, 'o', ['bigint', 'int', 'text'])).toEqual([2n ** 70n, 5, 'x"y']);
  });

  it('say which argument is wrong and why', () => {
    const cases: [string, RegExp][] = [
      ['', /not base64url text/],
      ['a'.repeat(600), /not base64url text/],
      [Buffer.from('not json').toString('base64url'), /does not decode to a cursor/],
      [Buffer.from('{"a":1}').toString('base64url'), /wrong shape/],
      [encodeCursor('other', ['int'], [1]), /made for ordering "other", this request orders by "o"/],
      [Buffer.from('["o", 1.5]').toString('base64url'), /expected a whole number/],
    ];
    for (const [cursor, message] of cases) {
      const error = errorOf(() => decodeCursor('before', cursor, 'o', ['int']));
      expect(error).toBeInstanceOf(GraphQLError);
      expect(error.message).toMatch(/^before: not a cursor of this list/);
      expect(error.message).toMatch(message);
      expect(error.extensions.code).toBe('INVALID_CURSOR');
    }
  });
});

describe('in-memory pagination', () => {
  const page = (args: Parameters<typeof parsePage>[0]) =>
    paginateInMemory(rows, ordering, parsePage(args, ordering, DEFAULT_LIMITS));

  it('orders by every key and pages forward with exact hasNextPage', () => {
    const first = page({ first: 2 });
    expect(first.nodes.map(label)).toEqual(expectedOrder.slice(0, 2));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = page({ first: 3, after: first.pageInfo.endCursor });
    expect(second.nodes.map(label)).toEqual(expectedOrder.slice(2));
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('pages backward from the end, and within a window', () => {
    const last = page({ last: 2 });
    expect(last.nodes.map(label)).toEqual(expectedOrder.slice(3));
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = page({ last: 5, before: last.pageInfo.startCursor });
    expect(before.nodes.map(label)).toEqual(expectedOrder.slice(0, 3));
    const window = page({ after: cursorOf(ordering, rows[1]!), before: cursorOf(ordering, rows[0]!) });
    expect(window.nodes.map(label)).toEqual(['3a', '2d', '2c']);
  });

  it('counts every row for totalCount and returns nothing for an empty list', async () => {
    expect(await page({ first: 1 }).totalCount()).toBe(5);
    const empty = paginateInMemory([], ordering, parsePage({}, ordering, DEFAULT_LIMITS));
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('uses the default page size when no size is given, and refuses sizes above the maximum', () => {
    expect(parsePage({}, ordering, DEFAULT_LIMITS).limit).toBe(50);
    expect(parsePage({ last: 1000 }, ordering, DEFAULT_LIMITS)).toMatchObject({ backward: true, limit: 1000 });
    expect(errorOf(() => parsePage({ last: 1001 }, ordering, DEFAULT_LIMITS)).extensions.code).toBe(
      'PAGE_SIZE_EXCEEDED',
    );
  });
});
