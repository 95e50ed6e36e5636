// A blob page's statement is built once per key and reused with other values: two pages with one key must have
// one SQL text, or a reused statement would run another page's conditions. Checked over many random pages.
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config.ts';
import type { ReadDb } from '../database.ts';
import { parsePage } from '../pagination/connection.ts';
import { encodeCursor } from '../pagination/cursor.ts';
import { blobs } from '../tables.ts';
import { blobOrdering, parseBlobFilter } from './blob-filter.ts';
import { blobPageStatement } from './blobs.ts';
import type { BlobFilter, BlobOrderField, OrderDirection } from '../generated/resolver-types.ts';

// Renders SQL only; it never connects.
const db = drizzle.mock() as unknown as ReadDb;

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const STATUSES = ['REGISTERED', 'CERTIFIED', 'EXPIRED', 'DELETED', 'BURNED'] as const;
const FIELDS: BlobOrderField[] = ['CREATED', 'SIZE', 'REGISTERED_EPOCH', 'END_EPOCH'];

function randomPage(r: () => number) {
  const pick = <T>(items: readonly T[]) => items[Math.floor(r() * items.length)]!;
  const maybe = (p = 0.3) => r() < p;
  const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
  // Few filter parts at a time, so that pages differing in one choice often share everything else.
  const present = () => maybe(0.12);
  const filter: BlobFilter = {};
  if (present()) filter.owner = id(Math.floor(r() * 1000));
  if (present()) filter.blobId = Buffer.alloc(32, Math.floor(r() * 200)).toString('base64url');
  if (present()) {
    const status = STATUSES.filter(() => maybe(0.4));
    filter.status = status.length > 0 ? status : [pick(STATUSES)];
  }
  if (present()) filter.deletable = maybe(0.5);
  if (present()) filter.certified = maybe(0.5);
  if (present()) filter.sizeGte = BigInt(Math.floor(r() * 1000));
  if (present()) filter.sizeLte = BigInt(1000 + Math.floor(r() * 1000));
  if (present()) filter.registeredEpochGte = Math.floor(r() * 5);
  if (present()) filter.registeredEpochLte = 5 + Math.floor(r() * 5);
  if (present()) filter.endEpochGte = Math.floor(r() * 5);
  if (present()) filter.endEpochLte = 5 + Math.floor(r() * 5);
  if (present()) filter.attribute = maybe(0.5) ? { key: 'k' } : { key: 'k', value: String(Math.floor(r() * 9)) };
  const field = pick(FIELDS);
  const direction: OrderDirection = maybe(0.5) ? 'ASC' : 'DESC';
  const ordering = blobOrdering({ field, direction });
  const type = field === 'REGISTERED_EPOCH' || field === 'END_EPOCH' ? 'int' : 'bigint';
  const cursor = () =>
    encodeCursor(
      ordering.name,
      [type, 'text'],
      [type === 'int' ? Math.floor(r() * 50) : BigInt(Math.floor(r() * 1e6)), id(Math.floor(r() * 1e6))],
    );
  const backward = maybe(0.3);
  const args = {
    ...(backward ? { last: 1 + Math.floor(r() * 50) } : { first: 1 + Math.floor(r() * 50) }),
    ...(maybe() ? { after: cursor() } : {}),
    ...(maybe() ? { before: cursor() } : {}),
  };
  const columns = pick([
    ['objectId', 'createdCheckpoint'],
    ['objectId', 'size', 'status', 'endEpoch'],
  ] as const);
  const selection = Object.fromEntries(columns.map((c) => [c, blobs[c]]));
  const currentEpoch = maybe(0.1) ? null : Math.floor(r() * 10);
  return blobPageStatement(
    parseBlobFilter(filter),
    currentEpoch,
    ordering,
    parsePage(args, ordering, DEFAULT_LIMITS),
    selection,
  );
}

describe('blob page statements', () => {
  it('have one SQL text per key, with a value for every placeholder', () => {
    const r = seeded(11);
    const textOf = new Map<string, string>();
    let reused = 0;
    for (let i = 0; i < 20_000; i++) {
      const statement = randomPage(r);
      const query = statement.build(db).toSQL();
      const known = textOf.get(statement.key);
      if (known === undefined) textOf.set(statement.key, query.sql);
      else {
        reused++;
        expect(query.sql, statement.key).toBe(known);
      }
      // Every placeholder is bound (fillPlaceholders would throw on a missing one; the count matches the text).
      const placeholders = (query.sql.match(/\$\d+/g) ?? []).length;
      expect(placeholders).toBeGreaterThanOrEqual(Object.keys(statement.values).length);
    }
    // The check means something only if keys repeat often; and no value leaked into a key (a key per page).
    expect(reused).toBeGreaterThan(15_000);
    expect(textOf.size).toBeLessThan(5_000);
  });
});
