// DataLoaders for every relation, created per snapshot: each batches the keys one tick of resolvers asks for into
// a single query, and caches rows for the rest of the snapshot.
import DataLoader from 'dataloader';
import { and, asc, desc, gte, inArray, sql } from 'drizzle-orm';
import { eventsUpToIndexedCheckpoint } from './consistency.ts';
import type { QueryFn } from './request-data.ts';
import type {
  BlobRow,
  CommitteeMemberRow,
  EpochRow,
  EventRow,
  InvalidBlobIdRow,
  StakingRow,
  StorageNodeRow,
  SystemRow,
} from './schema/parents.ts';
import {
  blobs,
  committeeMembers,
  epochs,
  events,
  invalidBlobIds,
  pipelineWatermarks,
  poolExchangeRates,
  stakingState,
  storageNodes,
  systemState,
} from './tables.ts';

export type RateRow = typeof poolExchangeRates.$inferSelect;
export type WatermarkRow = typeof pipelineWatermarks.$inferSelect;

const MAX_BATCH = 500;

/** Epochs of exchange-rate history the APY estimate looks at. */
export const APY_WINDOW_EPOCHS = 30;

function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

function groupByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}

export function createLoaders(query: QueryFn) {
  const options = { maxBatchSize: MAX_BATCH };
  // The current epoch and the Staking state are read by most requests: one statement fetches both (the Staking
  // row joined to the latest epoch), with a second only when no epoch is indexed yet.
  const chain = once<{ epoch: EpochRow | null; staking: StakingRow | null }>(async () => {
    const [row] = await query((db) =>
      db
        .select({ epoch: epochs, staking: stakingState })
        .from(epochs)
        .leftJoin(stakingState, sql`true`)
        .orderBy(desc(epochs.epoch))
        .limit(1),
    );
    if (row) return row;
    const [staking] = await query((db) => db.select().from(stakingState).limit(1));
    return { epoch: null, staking: staking ?? null };
  });
  return {
    blobByObjectId: new DataLoader<string, BlobRow | null>(async (ids) => {
      const rows = await query((db) =>
        db
          .select()
          .from(blobs)
          .where(inArray(blobs.objectId, [...ids])),
      );
      return byKey(ids, rows, (r) => r.objectId);
    }, options),

    /** Every object of each blob id, oldest first. */
    blobsByBlobId: new DataLoader<string, BlobRow[]>(async (ids) => {
      const rows = await query((db) =>
        db
          .select()
          .from(blobs)
          .where(inArray(blobs.blobId, [...ids]))
          .orderBy(asc(blobs.createdCheckpoint), asc(blobs.objectId)),
      );
      return groupByKey(ids, rows, (r) => r.blobId);
    }, options),

    invalidBlobId: new DataLoader<string, InvalidBlobIdRow | null>(async (ids) => {
      const rows = await query((db) =>
        db
          .select()
          .from(invalidBlobIds)
          .where(inArray(invalidBlobIds.blobId, [...ids])),
      );
      return byKey(ids, rows, (r) => r.blobId);
    }, options),

    storageNode: new DataLoader<string, StorageNodeRow | null>(async (ids) => {
      const rows = await query((db) =>
        db
          .select()
          .from(storageNodes)
          .where(inArray(storageNodes.nodeId, [...ids])),
      );
      return byKey(ids, rows, (r) => r.nodeId);
    }, options),

    epoch: new DataLoader<number, EpochRow | null>(async (numbers) => {
      const rows = await query((db) =>
        db
          .select()
          .from(epochs)
          .where(inArray(epochs.epoch, [...numbers])),
      );
      return byKey(numbers, rows, (r) => r.epoch);
    }, options),

    /** Committee of each epoch, in node-id order. */
    committee: new DataLoader<number, CommitteeMemberRow[]>(async (numbers) => {
      const rows = await query((db) =>
        db
          .select()
          .from(committeeMembers)
          .where(inArray(committeeMembers.epoch, [...numbers]))
          .orderBy(asc(committeeMembers.nodeId)),
      );
      return groupByKey(numbers, rows, (r) => r.epoch);
    }, options),

    /** Every committee seat of each node, newest epoch first. */
    nodeCommittees: new DataLoader<string, CommitteeMemberRow[]>(async (ids) => {
      const rows = await query((db) =>
        db
          .select()
          .from(committeeMembers)
          .where(inArray(committeeMembers.nodeId, [...ids]))
          .orderBy(desc(committeeMembers.epoch)),
      );
      return groupByKey(ids, rows, (r) => r.nodeId);
    }, options),

    /** Every recorded exchange rate of each node, oldest epoch first (a pool records at most one per epoch). */
    nodeRates: new DataLoader<string, RateRow[]>(async (ids) => {
      const rows = await query((db) =>
        db
          .select()
          .from(poolExchangeRates)
          .where(inArray(poolExchangeRates.nodeId, [...ids]))
          .orderBy(asc(poolExchangeRates.epoch)),
      );
      return groupByKey(ids, rows, (r) => r.nodeId);
    }, options),

    /** Each node's rates of the last `APY_WINDOW_EPOCHS` epochs, oldest first (what the APY estimate reads). */
    recentNodeRates: new DataLoader<string, RateRow[]>(async (ids) => {
      const since = sql`(select max(${epochs.epoch}) from ${epochs}) - ${APY_WINDOW_EPOCHS}`;
      const rows = await query((db) =>
        db
          .select()
          .from(poolExchangeRates)
          .where(and(inArray(poolExchangeRates.nodeId, [...ids]), gte(poolExchangeRates.epoch, since)))
          .orderBy(asc(poolExchangeRates.epoch)),
      );
      return groupByKey(ids, rows, (r) => r.nodeId);
    }, options),

    /** The latest indexed epoch. */
    currentEpoch: async () => (await chain()).epoch,

    staking: async () => (await chain()).staking,

    system: once<SystemRow | null>(async () => {
      const rows = await query((db) => db.select().from(systemState).limit(1));
      return rows[0] ?? null;
    }),

    /**
     * Every event naming each object (`object_id` in its decoded fields) up to the indexed checkpoint; a Blob has a
     * handful.
     */
    blobEvents: new DataLoader<string, EventRow[]>(async (ids) => {
      const objectId = sql<string>`${events.json} ->> 'object_id'`;
      const rows = await query((db) =>
        db
          .select({ row: events, objectId })
          .from(events)
          .where(and(inArray(objectId, [...ids]), eventsUpToIndexedCheckpoint)),
      );
      return groupByKey(ids, rows, (r) => r.objectId).map((list) => list.map((r) => r.row));
    }, options),

    /**
     * `<original package id>::events::` of the indexed events (all share one lineage), or null before the first
     * event; turns short event names into indexed type names.
     */
    eventTypePrefix: once<string | null>(async () => {
      const rows = await query((db) =>
        db
          .select({ typeName: events.typeName })
          .from(events)
          .where(eventsUpToIndexedCheckpoint)
          .orderBy(asc(events.checkpoint))
          .limit(1),
      );
      const typeName = rows[0]?.typeName;
      return typeName === undefined ? null : typeName.slice(0, typeName.lastIndexOf('::') + 2);
    }),

    watermarks: once<WatermarkRow[]>(() =>
      query((db) => db.select().from(pipelineWatermarks).orderBy(asc(pipelineWatermarks.pipeline))),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
