// DataLoaders for every relation, created per snapshot: each batches the keys one tick of resolvers asks for into
// a single query, and caches rows for the rest of the snapshot.
import DataLoader from 'dataloader';
import { and, asc, desc, eq, getTableColumns, gte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { eventsUpToIndexedCheckpoint } from './consistency.ts';
import { readChainHead } from './chain-head.ts';
import type { ReadDb } from './database.ts';
import { byKeys, prepared } from './prepared-queries.ts';
import type { ChainHeadFn, QueryFn } from './request-data.ts';
import type {
  BlobRow,
  CommitteeMemberRow,
  EpochRow,
  EventRow,
  InvalidBlobIdRow,
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
  storageNodes,
  systemState,
} from './tables.ts';

export type RateRow = typeof poolExchangeRates.$inferSelect;
export type WatermarkRow = typeof pipelineWatermarks.$inferSelect;

/** A storage node and its weight (shard count) in the current committee: null when it holds no seat there. */
export interface StorageNodeSeat {
  node: StorageNodeRow;
  currentWeight: number | null;
}

/**
 * Joins a node to its seat in the latest indexed epoch's committee (the epoch `currentEpoch` reads in the same
 * snapshot); the join finds nothing before the first epoch.
 */
export const currentSeatOf = (nodeId: SQLWrapper): SQL =>
  and(
    eq(committeeMembers.nodeId, nodeId),
    eq(committeeMembers.epoch, sql`(select max(${epochs.epoch}) from ${epochs})`),
  )!;

/** A column of a storage node row (its TypeScript key). */
export type NodeColumn = keyof StorageNodeRow;

const NODE_COLUMNS = getTableColumns(storageNodes) as Record<NodeColumn, PgColumn>;

/**
 * Node rows with only `columns` (and `nodeId`) read: what a GraphQL selection of node fields needs (see
 * `nodeColumnsOf` in resolvers/nodes.ts), so a page of nodes does not transfer and decode every key, URL and pending
 * list. Such a row is typed as a whole row but holds only those properties: it goes only to the fields it was read
 * for, never into a loader of whole rows.
 */
export function nodeColumnsSelection(columns: readonly NodeColumn[]): Record<string, PgColumn> {
  const selection: Record<string, PgColumn> = { nodeId: storageNodes.nodeId };
  for (const column of columns) selection[column] = NODE_COLUMNS[column];
  return selection;
}

const MAX_BATCH = 500;

const BLOB_COLUMNS = getTableColumns(blobs);

/** A blob row with the recorded start of its end epoch: null while that epoch has not begun (no row yet). */
export type BlobWithEndEpochStart = BlobRow & { endEpochStartMs: bigint | null };

/**
 * The start of the blob's end epoch, a scalar subquery on `blobs` (one probe of the epochs key). Its columns are
 * written qualified: drizzle writes bare column names in a select without joins.
 */
const endEpochStartSql = sql<
  bigint | null
>`(select e.${sql.identifier(epochs.changeStartedTimestampMs.name)} from ${epochs} e where e.${sql.identifier(epochs.epoch.name)} = ${blobs}.${sql.identifier(blobs.endEpoch.name)})`.mapWith(
  epochs.changeStartedTimestampMs,
);

/** Epochs of exchange-rate history the APY estimate looks at. */
export const APY_WINDOW_EPOCHS = 30;

/**
 * The oldest and newest exchange rate of a node's last `APY_WINDOW_EPOCHS` epochs, as two lateral subqueries on
 * `storage_nodes` (two probes of the (node_id, epoch) key per node: the planner cannot turn them into a scan of the
 * whole table, as it does with an IN list once the table is small next to the list), with the fields to select.
 */
export function apyWindowEnds(db: ReadDb) {
  const since = sql`(select max(${epochs.epoch}) from ${epochs}) - ${APY_WINDOW_EPOCHS}`;
  const windowEnd = (name: string, order: typeof asc) =>
    db
      .select()
      .from(poolExchangeRates)
      .where(and(eq(poolExchangeRates.nodeId, storageNodes.nodeId), gte(poolExchangeRates.epoch, since)))
      .orderBy(order(poolExchangeRates.epoch))
      .limit(1)
      .as(name);
  const oldest = windowEnd('oldest', asc);
  const newest = windowEnd('newest', desc);
  const ends = (end: typeof oldest) => ({
    nodeId: end.nodeId,
    epoch: end.epoch,
    walAmount: end.walAmount,
    shareAmount: end.shareAmount,
  });
  return { oldest, newest, fields: { oldest: ends(oldest), newest: ends(newest) } };
}

/**
 * The same two window ends as values in a select list over `storage_nodes`, each one JSON array (node id, epoch,
 * WAL and share amounts as decimal text). Postgres evaluates select-list subqueries after ORDER BY and LIMIT, so
 * a page probes the rates of the nodes it returns only; the lateral joins of {@link apyWindowEnds} probe every
 * node the sort sees (a page of 50 of 100 nodes: 1.7 ms of execution, against about half that).
 */
export function apyWindowEndValues() {
  const since = sql`(select max(${epochs.epoch}) from ${epochs}) - ${APY_WINDOW_EPOCHS}`;
  const end = (direction: SQL) =>
    sql<RateRow | null>`(select json_build_array(${poolExchangeRates.nodeId}, ${poolExchangeRates.epoch}, ${poolExchangeRates.walAmount}::text, ${poolExchangeRates.shareAmount}::text) from ${poolExchangeRates} where ${poolExchangeRates.nodeId} = ${storageNodes.nodeId} and ${poolExchangeRates.epoch} >= ${since} order by ${poolExchangeRates.epoch} ${direction} limit 1)`.mapWith(
      rateFromJson,
    );
  return { oldest: end(sql`asc`), newest: end(sql`desc`) };
}

function rateFromJson(value: unknown): RateRow | null {
  if (value === null) return null;
  const [nodeId, epoch, walAmount, shareAmount] = (typeof value === 'string' ? JSON.parse(value) : value) as [
    string,
    number,
    string | null,
    string | null,
  ];
  return {
    nodeId,
    epoch,
    walAmount: walAmount === null ? null : BigInt(walAmount),
    shareAmount: shareAmount === null ? null : BigInt(shareAmount),
  };
}

/** A node's APY window rates from the two ends read by {@link apyWindowEnds} (null ends: no rate in the window). */
export function apyWindowRates(ends: { oldest: RateRow | null; newest: RateRow | null }): RateRow[] {
  const { oldest, newest } = ends;
  if (!oldest || !newest) return [];
  return oldest.epoch === newest.epoch ? [oldest] : [oldest, newest];
}

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

export function createLoaders(query: QueryFn, chainHead: ChainHeadFn = async () => undefined) {
  const options = { maxBatchSize: MAX_BATCH };
  // The current epoch and the Staking state are read by most requests: read with the snapshot where the database
  // does that (Postgres: no round trip of their own), else by one statement.
  const chain = once(async () => (await chainHead()) ?? readChainHead(query));
  const storageNodeSeat = new DataLoader<string, StorageNodeSeat | null>(async (ids) => {
    const rows = await query((db) =>
      byKeys(db, 'storage node seats', ids, (db, matches) =>
        db
          .select({ node: storageNodes, currentWeight: committeeMembers.weight })
          .from(storageNodes)
          .leftJoin(committeeMembers, currentSeatOf(storageNodes.nodeId))
          .where(matches(storageNodes.nodeId)),
      ),
    );
    return byKey(ids, rows, (r) => r.node.nodeId);
  }, options);
  const storageNode = new DataLoader<string, StorageNodeRow | null>(async (ids) => {
    const seats = await storageNodeSeat.loadMany(ids);
    return seats.map((seat) => (seat instanceof Error ? seat : (seat?.node ?? null)));
  }, options);
  /**
   * Each node's weight in the current committee (null: no seat), or null when the node row is not indexed; what
   * `shards`, `inCommittee` and `canWithdrawNow` ask. The node list primes it from its own join.
   */
  const currentSeat = new DataLoader<string, { currentWeight: number | null } | null>(async (ids) => {
    const seats = await storageNodeSeat.loadMany(ids);
    return seats.map((seat) => (seat instanceof Error ? seat : seat && { currentWeight: seat.currentWeight }));
  }, options);
  const committeesWithNodes = new Map<string, DataLoader<number, CommitteeMemberRow[]>>();
  /** Loaders of node rows with some columns only (see {@link nodeColumnsSelection}), one per set of columns. */
  const partialNodes = new Map<string, DataLoader<string, StorageNodeRow | null>>();
  const nodesWithColumns = (columns: readonly NodeColumn[]) => {
    const key = columns.join(',');
    let loader = partialNodes.get(key);
    if (!loader) {
      loader = new DataLoader<string, StorageNodeRow | null>(async (ids) => {
        const rows = await query((db) =>
          byKeys(db, `storage nodes with ${key}`, ids, (db, matches) =>
            db.select(nodeColumnsSelection(columns)).from(storageNodes).where(matches(storageNodes.nodeId)),
          ),
        );
        return byKey(ids, rows as unknown as StorageNodeRow[], (r) => r.nodeId);
      }, options);
      partialNodes.set(key, loader);
    }
    return loader;
  };
  /** Committee of each epoch, in node-id order. */
  const committee = new DataLoader<number, CommitteeMemberRow[]>(async (numbers) => {
    const rows = await query((db) =>
      byKeys(db, 'committees', numbers, (db, matches) =>
        db.select().from(committeeMembers).where(matches(committeeMembers.epoch)).orderBy(asc(committeeMembers.nodeId)),
      ),
    );
    return groupByKey(numbers, rows, (r) => r.epoch);
  }, options);
  return {
    /**
     * Each blob object, with the recorded start of its end epoch (what `expiresAt` shows once that epoch began) read
     * in the same statement: a blob by object id is one statement, not two.
     */
    blobByObjectId: new DataLoader<string, BlobWithEndEpochStart | null>(async (ids) => {
      const rows = await query((db) =>
        byKeys(db, 'blobs by object id', ids, (db, matches) =>
          db
            .select({ ...BLOB_COLUMNS, endEpochStartMs: endEpochStartSql })
            .from(blobs)
            .where(matches(blobs.objectId)),
        ),
      );
      return byKey(ids, rows, (r) => r.objectId);
    }, options),

    /** Every object of each blob id, oldest first. */
    blobsByBlobId: new DataLoader<string, BlobRow[]>(async (ids) => {
      const rows = await query((db) =>
        byKeys(db, 'blobs by blob id', ids, (db, matches) =>
          db
            .select()
            .from(blobs)
            .where(matches(blobs.blobId))
            .orderBy(asc(blobs.createdCheckpoint), asc(blobs.objectId)),
        ),
      );
      return groupByKey(ids, rows, (r) => r.blobId);
    }, options),

    invalidBlobId: new DataLoader<string, InvalidBlobIdRow | null>(async (ids) => {
      const rows = await query((db) =>
        byKeys(db, 'invalid blob ids', ids, (db, matches) =>
          db.select().from(invalidBlobIds).where(matches(invalidBlobIds.blobId)),
        ),
      );
      return byKey(ids, rows, (r) => r.blobId);
    }, options),

    /**
     * Each node with its seat in the current committee (the latest indexed epoch's): what `shards`, `inCommittee`
     * and `canWithdrawNow` ask (through `currentSeat`), in the statement that reads the node, rather than a second
     * one reading the whole committee with its shard lists.
     */
    storageNodeSeat,

    storageNode,

    epoch: new DataLoader<number, EpochRow | null>(async (numbers) => {
      const rows = await query((db) =>
        byKeys(db, 'epochs', numbers, (db, matches) => db.select().from(epochs).where(matches(epochs.epoch))),
      );
      return byKey(numbers, rows, (r) => r.epoch);
    }, options),

    committee,

    /**
     * Committee of each epoch, in node-id order, read with its members' nodes (the `columns` of them a selection
     * asks for, handed to {@link nodesWithColumns}): for a committee whose nodes are asked for too, one statement
     * instead of two. Shard indices are read only when `withShards` (a member row lacks them otherwise, so it goes
     * to that selection only, not to `committee`).
     */
    committeeWithNodes: (columns: readonly NodeColumn[], withShards: boolean) => {
      const key = `${withShards}:${columns.join(',')}`;
      let loader = committeesWithNodes.get(key);
      if (!loader) {
        loader = new DataLoader<number, CommitteeMemberRow[]>(async (numbers) => {
          const member = {
            epoch: committeeMembers.epoch,
            nodeId: committeeMembers.nodeId,
            weight: committeeMembers.weight,
            ...(withShards ? { shardIndices: committeeMembers.shardIndices } : {}),
          };
          const rows = (await query((db) =>
            byKeys(db, `committees with nodes, ${key}`, numbers, (db, matches) =>
              db
                .select({ member, node: nodeColumnsSelection(columns) })
                .from(committeeMembers)
                .leftJoin(storageNodes, eq(storageNodes.nodeId, committeeMembers.nodeId))
                .where(matches(committeeMembers.epoch))
                .orderBy(asc(committeeMembers.nodeId)),
            ),
          )) as unknown as { member: CommitteeMemberRow; node: StorageNodeRow | null }[];
          const nodes = nodesWithColumns(columns);
          for (const { member, node } of rows) nodes.prime(member.nodeId, node);
          const members = groupByKey(
            numbers,
            rows.map((r) => r.member),
            (m) => m.epoch,
          );
          if (withShards) numbers.forEach((epoch, i) => committee.prime(epoch, members[i]!));
          return members;
        }, options);
        committeesWithNodes.set(key, loader);
      }
      return loader;
    },

    nodesWithColumns,

    currentSeat,

    /** Every committee seat of each node, newest epoch first. */
    nodeCommittees: new DataLoader<string, CommitteeMemberRow[]>(async (ids) => {
      const rows = await query((db) =>
        byKeys(db, 'committee seats of nodes', ids, (db, matches) =>
          db
            .select()
            .from(committeeMembers)
            .where(matches(committeeMembers.nodeId))
            .orderBy(desc(committeeMembers.epoch)),
        ),
      );
      return groupByKey(ids, rows, (r) => r.nodeId);
    }, options),

    /** Every recorded exchange rate of each node, oldest epoch first (a pool records at most one per epoch). */
    nodeRates: new DataLoader<string, RateRow[]>(async (ids) => {
      const rows = await query((db) =>
        byKeys(db, 'exchange rates of nodes', ids, (db, matches) =>
          db
            .select()
            .from(poolExchangeRates)
            .where(matches(poolExchangeRates.nodeId))
            .orderBy(asc(poolExchangeRates.epoch)),
        ),
      );
      return groupByKey(ids, rows, (r) => r.nodeId);
    }, options),

    /**
     * Each node's oldest and newest rate of the last `APY_WINDOW_EPOCHS` epochs, oldest first: all the APY estimate
     * reads of the window (two index probes per node rather than the whole window).
     */
    recentNodeRates: new DataLoader<string, RateRow[]>(async (ids) => {
      const rows = await query((db) =>
        byKeys(db, 'APY window rates of nodes', ids, (db, matches) => {
          const { oldest, newest, fields } = apyWindowEnds(db);
          return db
            .select(fields)
            .from(storageNodes)
            .crossJoinLateral(oldest)
            .crossJoinLateral(newest)
            .where(matches(storageNodes.nodeId));
        }),
      );
      const byNode = new Map(rows.map((row) => [row.oldest!.nodeId, apyWindowRates(row)]));
      return ids.map((id) => byNode.get(id) ?? []);
    }, options),

    /**
     * The rate in force at an epoch (spec 4.10's `exchange_rate_at_epoch`): for each `{ nodeId, epoch }`, the node's
     * most recent rate recorded at or before that epoch, or null (Flat). One index probe per key.
     */
    rateAtEpoch: new DataLoader<{ nodeId: string; epoch: number }, RateRow | null, string>(
      async (keys) => {
        // One statement per batch size, `array[$1, $2, ...]`: Postgres then knows how many keys the statement
        // probes and keeps its generic plan (with one array parameter it would plan every run).
        const slots = (prefix: string, cast: SQL) =>
          sql`array[${sql.join(
            keys.map((_, i) => sql.placeholder(`${prefix}${i}`)),
            sql`, `,
          )}]${cast}`;
        const values: Record<string, unknown> = {};
        keys.forEach((k, i) => {
          values[`node${i}`] = k.nodeId;
          values[`epoch${i}`] = k.epoch;
        });
        const rows = await query((db) =>
          prepared(db, `exchange rates at epochs, ${keys.length}`, (db) =>
            db
              .select()
              .from(poolExchangeRates)
              .where(
                sql`(${poolExchangeRates.nodeId}, ${poolExchangeRates.epoch}) in (
                select k.node_id, (select max(r.epoch) from ${poolExchangeRates} r where r.node_id = k.node_id and r.epoch <= k.epoch)
                from unnest(${slots('node', sql`::text[]`)}, ${slots('epoch', sql`::integer[]`)}) as k(node_id, epoch))`,
              ),
          ).execute(values),
        );
        // Each row answers every key of its node whose epoch it is the latest one at or before.
        return keys.map((k) =>
          rows
            .filter((r) => r.nodeId === k.nodeId && r.epoch <= k.epoch)
            .reduce<RateRow | null>((best, r) => (best === null || r.epoch > best.epoch ? r : best), null),
        );
      },
      { ...options, cacheKeyFn: (k) => `${k.nodeId}@${k.epoch}` },
    ),

    /** The latest indexed epoch. */
    currentEpoch: async () => (await chain()).epoch,

    staking: async () => (await chain()).staking,

    system: once<SystemRow | null>(async () => {
      const rows = await query((db) =>
        prepared(db, 'system', (db) => db.select().from(systemState).limit(1)).execute(),
      );
      return rows[0] ?? null;
    }),

    /**
     * Every event naming each object (`object_id` in its decoded fields) up to the indexed checkpoint; a Blob has a
     * handful.
     */
    blobEvents: new DataLoader<string, EventRow[]>(async (ids) => {
      const objectId = sql<string>`${events.json} ->> 'object_id'`;
      const rows = await query((db) =>
        byKeys(db, 'events of objects', ids, (db, matches) =>
          db
            .select({ row: events, objectId })
            .from(events)
            .where(and(matches(objectId), eventsUpToIndexedCheckpoint)),
        ),
      );
      return groupByKey(ids, rows, (r) => r.objectId).map((list) => list.map((r) => r.row));
    }, options),

    /**
     * `<original package id>::events::` of the indexed events (all share one lineage), or null before the first
     * event; turns short event names into indexed type names.
     */
    eventTypePrefix: once<string | null>(async () => {
      const rows = await query((db) =>
        prepared(db, 'first event type', (db) =>
          db
            .select({ typeName: events.typeName })
            .from(events)
            .where(eventsUpToIndexedCheckpoint)
            .orderBy(asc(events.checkpoint))
            .limit(1),
        ).execute(),
      );
      const typeName = rows[0]?.typeName;
      return typeName === undefined ? null : typeName.slice(0, typeName.lastIndexOf('::') + 2);
    }),

    watermarks: once<WatermarkRow[]>(() =>
      query((db) =>
        prepared(db, 'watermarks', (db) =>
          db.select().from(pipelineWatermarks).orderBy(asc(pipelineWatermarks.pipeline)),
        ).execute(),
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
