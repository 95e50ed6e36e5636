// The blob filter and orderings: validated once, then turned into SQL (queries) or a predicate (subscriptions,
// which filter each tick's new blobs in memory). Both read the same parsed filter, and a test checks they agree.
import { and, eq, gt, gte, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { effectiveBlobStatus, LIVE_STORED_STATUSES } from '../../../indexer/src/walrus/blob-status.ts';
import { badInput } from '../errors.ts';
import type { BlobFilter, BlobOrder, BlobOrderField, OrderDirection } from '../generated/resolver-types.ts';
import type { Ordering } from '../pagination/connection.ts';
import { conditions, inlineValues, type Values } from '../prepared-queries.ts';
import { parseBlobId, parseObjectId, toDbEnum } from '../schema/inputs.ts';
import type { BlobRow } from '../schema/parents.ts';
import { blobs, storedBlobStatusValues, type BlobStatus, type StoredBlobStatus } from '../tables.ts';

export interface ParsedBlobFilter {
  owner?: string;
  blobId?: string;
  status?: BlobStatus[];
  deletable?: boolean;
  certified?: boolean;
  sizeGte?: bigint;
  sizeLte?: bigint;
  registeredEpochGte?: number;
  registeredEpochLte?: number;
  endEpochGte?: number;
  endEpochLte?: number;
  attribute?: { key: string; value?: string };
}

const MAX_ATTRIBUTE_LENGTH = 1024;

function range<T extends number | bigint>(name: string, low: T | null | undefined, high: T | null | undefined) {
  if (low != null && high != null && low > high) {
    throw badInput(`filter.${name}Gte`, `${low} is greater than ${name}Lte ${high}, so nothing can match`);
  }
  return { low: low ?? undefined, high: high ?? undefined };
}

/** Validates a blob filter; every error names the offending field. */
export function parseBlobFilter(filter: BlobFilter | null | undefined): ParsedBlobFilter {
  if (!filter) return {};
  const parsed: ParsedBlobFilter = {};
  if (filter.owner != null) parsed.owner = parseObjectId('filter.owner', filter.owner);
  if (filter.blobId != null) parsed.blobId = parseBlobId('filter.blobId', filter.blobId);
  if (filter.status != null) {
    if (filter.status.length === 0) throw badInput('filter.status', 'give at least one status, or leave it out');
    parsed.status = filter.status.map((s) => toDbEnum(s));
  }
  if (filter.deletable != null) parsed.deletable = filter.deletable;
  if (filter.certified != null) parsed.certified = filter.certified;
  const size = range('size', filter.sizeGte, filter.sizeLte);
  if (size.low !== undefined) parsed.sizeGte = size.low;
  if (size.high !== undefined) parsed.sizeLte = size.high;
  const registered = range('registeredEpoch', filter.registeredEpochGte, filter.registeredEpochLte);
  if (registered.low !== undefined) parsed.registeredEpochGte = registered.low;
  if (registered.high !== undefined) parsed.registeredEpochLte = registered.high;
  const end = range('endEpoch', filter.endEpochGte, filter.endEpochLte);
  if (end.low !== undefined) parsed.endEpochGte = end.low;
  if (end.high !== undefined) parsed.endEpochLte = end.high;
  if (filter.attribute != null) {
    const { key, value } = filter.attribute;
    if (key.length === 0 || key.length > MAX_ATTRIBUTE_LENGTH) {
      throw badInput('filter.attribute.key', `must be 1 to ${MAX_ATTRIBUTE_LENGTH} characters`);
    }
    if (value != null && value.length > MAX_ATTRIBUTE_LENGTH) {
      throw badInput('filter.attribute.value', `must be at most ${MAX_ATTRIBUTE_LENGTH} characters`);
    }
    parsed.attribute = value != null ? { key, value } : { key };
  }
  return parsed;
}

/**
 * The status filter as a condition on the stored status and the end epoch. Expiry is not stored (the indexer
 * keeps registered / certified, walrus/blob-status.ts derives `expired`), so each stored live status is wanted
 * either always (both it and `expired` asked for), only while live (`end_epoch > current`), or only once expired
 * (`end_epoch <= current`). `current` is the request's latest indexed epoch, the same one `Blob.status` and
 * `expiresAt.expired` read, so filter and fields agree; null before the first epoch (nothing has expired).
 * The end-epoch bounds also let END_EPOCH orderings start their index walk at the current epoch.
 */
function statusSql(wanted: readonly BlobStatus[], current: number | null, values: Values): SQL {
  const expired = wanted.includes('expired');
  const always: StoredBlobStatus[] = [];
  const whileLive: StoredBlobStatus[] = [];
  const onceExpired: StoredBlobStatus[] = [];
  for (const stored of storedBlobStatusValues) {
    const live = LIVE_STORED_STATUSES.includes(stored);
    const asked = wanted.includes(stored);
    if (!live) {
      if (asked) always.push(stored);
    } else if (asked && (expired || current === null)) always.push(stored);
    else if (asked) whileLive.push(stored);
    else if (expired && current !== null) onceExpired.push(stored);
  }
  // The stored statuses are written into the statement (a handful of fixed words): its shape.
  values.shape(`status:${always.join(',')}/${whileLive.join(',')}/${onceExpired.join(',')}`);
  const parts: SQL[] = [];
  if (always.length > 0) parts.push(inArray(blobs.status, always));
  if (whileLive.length > 0) {
    parts.push(and(inArray(blobs.status, whileLive), gt(blobs.endEpoch, values.bind(current!)))!);
  }
  if (onceExpired.length > 0) {
    parts.push(and(inArray(blobs.status, onceExpired), lte(blobs.endEpoch, values.bind(current!)))!);
  }
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}

/**
 * The filter as a SQL condition (undefined when it is empty); `currentEpoch` is the request's latest indexed epoch,
 * which decides which blobs are expired. The values go to `values`: inline by default, or placeholders of a
 * statement built once per shape (prepared-queries.ts), whose every choice of text is recorded there.
 */
export function blobFilterSql(
  f: ParsedBlobFilter,
  currentEpoch: number | null,
  values: Values = inlineValues,
): SQL | undefined {
  const filter = conditions(values);
  const when = filter.add;
  when('owner', f.owner !== undefined, () => eq(blobs.owner, values.bind(f.owner!)));
  when('blobId', f.blobId !== undefined, () => eq(blobs.blobId, values.bind(f.blobId!)));
  when('status', f.status !== undefined, () => statusSql(f.status!, currentEpoch, values));
  when('deletable', f.deletable !== undefined, () => eq(blobs.deletable, values.bind(f.deletable!)));
  when('certified', f.certified === true, () => isNotNull(blobs.certifiedEpoch));
  when('uncertified', f.certified === false, () => isNull(blobs.certifiedEpoch));
  when('sizeGte', f.sizeGte !== undefined, () => gte(blobs.size, values.bind(f.sizeGte!)));
  when('sizeLte', f.sizeLte !== undefined, () => lte(blobs.size, values.bind(f.sizeLte!)));
  when('registeredEpochGte', f.registeredEpochGte !== undefined, () =>
    gte(blobs.registeredEpoch, values.bind(f.registeredEpochGte!)),
  );
  when('registeredEpochLte', f.registeredEpochLte !== undefined, () =>
    lte(blobs.registeredEpoch, values.bind(f.registeredEpochLte!)),
  );
  when('endEpochGte', f.endEpochGte !== undefined, () => gte(blobs.endEpoch, values.bind(f.endEpochGte!)));
  when('endEpochLte', f.endEpochLte !== undefined, () => lte(blobs.endEpoch, values.bind(f.endEpochLte!)));
  // `?` and `@>` are the operators the GIN index on attributes serves.
  when('attributeKey', f.attribute !== undefined && f.attribute.value === undefined, () => {
    return sql`${blobs.attributes} ? ${values.bind(f.attribute!.key)}`;
  });
  when('attributeValue', f.attribute?.value !== undefined, () => {
    const json = JSON.stringify({ [f.attribute!.key]: f.attribute!.value });
    return sql`${blobs.attributes} @> ${values.bind(json)}::jsonb`;
  });
  return filter.all;
}

/** The same filter as a predicate on a row, at the same current epoch. */
export function matchesBlobFilter(row: BlobRow, f: ParsedBlobFilter, currentEpoch: number | null): boolean {
  if (f.owner !== undefined && row.owner !== f.owner) return false;
  if (f.blobId !== undefined && row.blobId !== f.blobId) return false;
  if (f.status !== undefined && !f.status.includes(effectiveBlobStatus(row.status, row.endEpoch, currentEpoch)))
    return false;
  if (f.deletable !== undefined && row.deletable !== f.deletable) return false;
  if (f.certified !== undefined && (row.certifiedEpoch !== null) !== f.certified) return false;
  if (f.sizeGte !== undefined && row.size < f.sizeGte) return false;
  if (f.sizeLte !== undefined && row.size > f.sizeLte) return false;
  if (f.registeredEpochGte !== undefined && row.registeredEpoch < f.registeredEpochGte) return false;
  if (f.registeredEpochLte !== undefined && row.registeredEpoch > f.registeredEpochLte) return false;
  if (f.endEpochGte !== undefined && row.endEpoch < f.endEpochGte) return false;
  if (f.endEpochLte !== undefined && row.endEpoch > f.endEpochLte) return false;
  if (f.attribute !== undefined) {
    const attributes = row.attributes ?? {};
    if (!Object.hasOwn(attributes, f.attribute.key)) return false;
    if (f.attribute.value !== undefined && attributes[f.attribute.key] !== f.attribute.value) return false;
  }
  return true;
}

const objectIdKey = {
  column: blobs.objectId,
  type: 'text',
  sqlType: 'text',
  value: (r: BlobRow) => r.objectId,
} as const;

const FIELD_KEYS = {
  CREATED: {
    column: blobs.createdCheckpoint,
    type: 'bigint',
    sqlType: 'bigint',
    value: (r: BlobRow) => r.createdCheckpoint,
  },
  SIZE: { column: blobs.size, type: 'bigint', sqlType: 'bigint', value: (r: BlobRow) => r.size },
  REGISTERED_EPOCH: {
    column: blobs.registeredEpoch,
    type: 'int',
    sqlType: 'integer',
    value: (r: BlobRow) => r.registeredEpoch,
  },
  END_EPOCH: { column: blobs.endEpoch, type: 'int', sqlType: 'integer', value: (r: BlobRow) => r.endEpoch },
} as const;

/** The columns the orderings' cursors read besides object_id (what a page must read whatever it selects). */
export const BLOB_ORDERING_KEY_COLUMNS: readonly PgColumn[] = Object.values(FIELD_KEYS).map((k) => k.column);

/** The ordering for `orderBy` (default: created, newest first); each ends with object_id, matching an index. */
export function blobOrdering(order: BlobOrder | null | undefined): Ordering<BlobRow> {
  const field: BlobOrderField = order?.field ?? 'CREATED';
  const direction: OrderDirection = order?.direction ?? 'DESC';
  return {
    name: `blobs:${field}:${direction}`,
    direction: direction === 'ASC' ? 'asc' : 'desc',
    keys: [FIELD_KEYS[field], objectIdKey],
  };
}
