// Blob objects, their storage and expiry, and the aggregated status of a blob id.
import { effectiveBlobStatus } from '../../../indexer/src/walrus/blob-status.ts';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ApiContext } from '../context.ts';
import type { BlobWithEndEpochStart } from '../loaders.ts';
import { aggregateBlobStatus } from '../domain/blob-status.ts';
import { estimatedEpochStart } from '../domain/epoch-time.ts';
import { keysetPageStatement, parsePage, toConnection, type Ordering, type Page } from '../pagination/connection.ts';
import { cappedCounts, withCounts } from '../pagination/counts.ts';
import { parseBlobId, parseObjectId, toGraphqlEnum } from '../schema/inputs.ts';
import type { BlobRow, BlobStatusModel } from '../schema/parents.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import { blobs } from '../tables.ts';
import { blobPageSelection } from './blob-columns.ts';
import { prepared, StatementBinding } from '../prepared-queries.ts';
import { blobFilterSql, blobOrdering, parseBlobFilter, type ParsedBlobFilter } from './blob-filter.ts';

/** The request's latest indexed epoch, which decides expiry (null before the first epoch). */
async function currentEpochNumber(ctx: ApiContext): Promise<number | null> {
  return (await ctx.data.loaders.currentEpoch())?.epoch ?? null;
}

/** The aggregated status of one blob id, read through the request's loaders. */
export async function loadBlobStatus(ctx: ApiContext, blobId: string): Promise<BlobStatusModel> {
  const { loaders } = ctx.data;
  const [objects, invalid, current] = await Promise.all([
    loaders.blobsByBlobId.load(blobId),
    loaders.invalidBlobId.load(blobId),
    loaders.currentEpoch(),
  ]);
  return aggregateBlobStatus(blobId, objects, invalid, current?.epoch ?? 0);
}

/**
 * A page of blobs as a statement built once per shape (filter parts, ordering, cursors, columns) on a connection:
 * its key, the values of its placeholders, and its builder.
 */
export function blobPageStatement(
  filter: ParsedBlobFilter,
  currentEpoch: number | null,
  ordering: Ordering<BlobRow>,
  page: Page,
  selection: Record<string, PgColumn>,
) {
  const values = new StatementBinding();
  values.shape(`columns:${Object.keys(selection).join(',')}`);
  return keysetPageStatement(
    'blob page',
    values,
    blobFilterSql(filter, currentEpoch, values),
    ordering,
    page,
    (db, where, order, limit) =>
      db
        .select(selection)
        .from(blobs)
        .where(where)
        .orderBy(...order)
        .limit(limit),
  );
}

export const blobQueries: Pick<Resolvers['Query'], 'blob' | 'blobsByBlobId' | 'blobStatus' | 'blobs'> = {
  blob: (_, { objectId }, ctx) => ctx.data.loaders.blobByObjectId.load(parseObjectId('objectId', objectId)),

  blobsByBlobId: (_, { blobId }, ctx) => ctx.data.loaders.blobsByBlobId.load(parseBlobId('blobId', blobId)),

  blobStatus: (_, { blobId }, ctx) => loadBlobStatus(ctx, parseBlobId('blobId', blobId)),

  blobs: async (_, args, ctx, info) => {
    const parsed = parseBlobFilter(args.filter);
    const ordering = blobOrdering(args.orderBy);
    const page = parsePage(args, ordering, ctx.limits);
    const current = parsed.status === undefined ? null : await currentEpochNumber(ctx);
    const filter = blobFilterSql(parsed, current);
    // Only the columns the selected fields read (blob-columns.ts): the rows are whole rows to those fields alone.
    const selection = blobPageSelection(info);
    const statement = blobPageStatement(parsed, current, ordering, page, selection);
    const rows = (await ctx.data.query((db) =>
      prepared(db, statement.key, statement.build).execute(statement.values),
    )) as unknown as BlobRow[];
    const counts = cappedCounts(ctx.data.query, blobs, filter, filter, ctx.limits.maxTotalCount);
    return withCounts(toConnection(rows, ordering, page, counts.totalCount), counts);
  },
};

export const blobResolvers: Omit<Resolvers['Blob'], 'events'> = {
  owner: (blob) => ({ kind: toGraphqlEnum(blob.ownerKind), address: blob.owner }),
  certified: (blob) => blob.certifiedEpoch !== null,
  status: async (blob, _, ctx) =>
    toGraphqlEnum(effectiveBlobStatus(blob.status, blob.endEpoch, await currentEpochNumber(ctx))),
  storage: (blob) => ({
    objectId: blob.storageId,
    startEpoch: blob.startEpoch,
    endEpoch: blob.endEpoch,
    storageSize: blob.storageSize,
  }),
  attributes: (blob) =>
    Object.entries(blob.attributes ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value })),
  attribute: (blob, { key }) => (blob.attributes && Object.hasOwn(blob.attributes, key) ? blob.attributes[key] : null),
  expiresAt: async (blob, _, ctx) => {
    const { loaders } = ctx.data;
    const [current, staking] = await Promise.all([loaders.currentEpoch(), loaders.staking()]);
    // Only an epoch that has begun has a recorded start; a future one is estimated without a lookup. A blob read
    // by object id comes with it (loaders.ts); others look it up.
    const begun = current !== null && blob.endEpoch <= current.epoch;
    const known = (blob as Partial<BlobWithEndEpochStart>).endEpochStartMs;
    const startedMs = !begun
      ? null
      : known !== undefined
        ? known
        : ((await loaders.epoch.load(blob.endEpoch))?.changeStartedTimestampMs ?? null);
    return {
      epoch: blob.endEpoch,
      expired: current !== null && current.epoch >= blob.endEpoch,
      estimatedTime: estimatedEpochStart(blob.endEpoch, current, staking, startedMs),
    };
  },
  blobIdStatus: (blob, _, ctx) => loadBlobStatus(ctx, blob.blobId),
  createdAt: (blob) => ({ checkpoint: blob.createdCheckpoint, transactionDigest: blob.createdTxDigest }),
  createdTimestamp: (blob) => new Date(Number(blob.createdTimestampMs)),
  updatedAt: (blob) => ({ checkpoint: blob.updatedCheckpoint, transactionDigest: blob.updatedTxDigest }),
};

export const blobStatusResolvers: Resolvers['BlobStatus'] = {};
