// Storage nodes: pool state, votes, commission, stake, committee seats, exchange rates and an APY estimate.
import { count, eq, ilike, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { ApiContext } from '../context.ts';
import {
  APY_WINDOW_EPOCHS,
  apyWindowEndValues,
  apyWindowRates,
  currentSeatOf,
  nodeColumnsSelection,
  type NodeColumn,
  type RateRow,
} from '../loaders.ts';
import { displayRate, estimateApy } from '../domain/staking.ts';
import { badInput } from '../errors.ts';
import { conditions, inlineValues, prepared, StatementBinding, type Values } from '../prepared-queries.ts';
import type { ObjectFields, StorageNodeFilter, StorageNodeOrder } from '../generated/resolver-types.ts';
import { connectionItemFields, fieldsIn } from '../schema/lookahead.ts';
import {
  keysetPageStatement,
  paginateInMemory,
  parsePage,
  toConnection,
  type Ordering,
  type Page,
} from '../pagination/connection.ts';
import { parseObjectId, toDbEnum, toGraphqlEnum } from '../schema/inputs.ts';
import type { ExchangeRateModel, StorageNodeRow } from '../schema/parents.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import { committeeMembers, storageNodes, type PendingValue } from '../tables.ts';

interface NodeWithShards {
  node: StorageNodeRow;
  shards: number;
  currentWeight: number | null;
}

const shardsSql = sql<number>`coalesce(${committeeMembers.weight}, 0)`.mapWith(Number);

const nodeIdKey = {
  column: storageNodes.nodeId,
  type: 'text',
  sqlType: 'text',
  value: (r: NodeWithShards) => r.node.nodeId,
} as const;

const ORDER_KEYS = {
  STAKE: {
    column: storageNodes.walBalance,
    type: 'bigint',
    sqlType: 'bigint',
    value: (r: NodeWithShards) => r.node.walBalance,
  },
  COMMISSION: {
    column: storageNodes.commissionRate,
    type: 'int',
    sqlType: 'integer',
    value: (r: NodeWithShards) => r.node.commissionRate,
  },
  SHARDS: { column: shardsSql, type: 'int', sqlType: 'integer', value: (r: NodeWithShards) => r.shards },
  NAME: { column: storageNodes.name, type: 'text', sqlType: 'text', value: (r: NodeWithShards) => r.node.name },
} as const;

/** The columns the orderings' cursors read. */
const ORDERING_COLUMNS: readonly NodeColumn[] = ['walBalance', 'commissionRate', 'name'];

export function nodeOrdering(order: StorageNodeOrder | null | undefined): Ordering<NodeWithShards> {
  const field = order?.field ?? 'STAKE';
  const direction = order?.direction ?? 'DESC';
  return {
    name: `storageNodes:${field}:${direction}`,
    direction: direction === 'ASC' ? 'asc' : 'desc',
    keys: [ORDER_KEYS[field], nodeIdKey],
  };
}

/** `%` and `_` in a user's substring are literal characters, not patterns. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filter as a condition; its values go to `values` (inline, or placeholders: see prepared-queries.ts). */
function nodeFilterSql(filter: StorageNodeFilter | null | undefined, values: Values = inlineValues): SQL | undefined {
  if (!filter) return undefined;
  const parts = conditions(values);
  const { state, inCommittee, nameContains } = filter;
  parts.add('state', state != null, () => eq(storageNodes.state, values.bind(toDbEnum(state!))));
  parts.add('inCommittee', inCommittee === true, () => isNotNull(committeeMembers.nodeId));
  parts.add('notInCommittee', inCommittee === false, () => isNull(committeeMembers.nodeId));
  parts.add('nameContains', nameContains != null, () =>
    ilike(storageNodes.name, values.bind(likeContains(nameContains!))),
  );
  return parts.all;
}

const rateOrdering: Ordering<ExchangeRateModel> = {
  name: 'exchangeRates:epoch:DESC',
  direction: 'desc',
  keys: [{ column: sql`epoch`, type: 'int', sqlType: 'integer', value: (r) => r.epoch }],
};

/**
 * The row columns each StorageNode field reads (its resolver, or the default one), besides `nodeId`, always read.
 * Exhaustive over the schema's fields (the compiler checks it against the generated field table), so a new field
 * cannot be left without its columns.
 */
const FIELD_COLUMNS: { [Field in keyof ObjectFields['StorageNode']]: readonly NodeColumn[] } = {
  nodeId: [],
  name: ['name'],
  networkAddress: ['networkAddress'],
  publicKey: ['publicKey'],
  nextEpochPublicKey: ['nextEpochPublicKey'],
  networkPublicKey: ['networkPublicKey'],
  state: ['state'],
  withdrawingEpoch: ['withdrawingEpoch'],
  metadata: ['imageUrl', 'projectUrl', 'description', 'extraFields'],
  votes: ['storagePriceVote', 'writePriceVote', 'nodeCapacityVote'],
  commissionRate: ['commissionRate'],
  pendingCommissionRates: ['pendingCommissionRates'],
  commission: ['commission'],
  commissionReceiver: ['commissionReceiverKind', 'commissionReceiver'],
  governanceAuthorized: ['governanceAuthorizedKind', 'governanceAuthorized'],
  activationEpoch: ['activationEpoch'],
  latestEpoch: ['latestEpoch'],
  stake: ['walBalance'],
  shares: ['numShares'],
  rewardsPool: ['rewardsPool'],
  pendingStake: ['pendingStake'],
  pendingSharesWithdraw: ['pendingSharesWithdraw'],
  preActiveWithdrawals: ['preActiveWithdrawals'],
  // Read through loaders by node id.
  shards: [],
  inCommittee: [],
  inNextCommittee: [],
  committeeHistory: [],
  exchangeRates: [],
  apy: [],
  updatedAt: ['updatedCheckpoint', 'updatedTxDigest'],
};

const ALL_COLUMNS: readonly NodeColumn[] = [...new Set(Object.values(FIELD_COLUMNS).flat())];

// yoga caches parsed documents, so the columns of a selection are worked out once per document.
const columnsCache = new WeakMap<FieldNode, readonly NodeColumn[]>();

/**
 * The columns a selection of StorageNode fields reads: `nodes` are the field nodes whose value is the node, `key`
 * the field node the answer is cached under (the same `nodes` for the same key). In a fixed order, so equal
 * selections share one loader.
 */
export function nodeColumnsOf(
  key: FieldNode,
  nodes: readonly FieldNode[],
  info: GraphQLResolveInfo,
): readonly NodeColumn[] {
  const cached = columnsCache.get(key);
  if (cached) return cached;
  const wanted = new Set<NodeColumn>();
  const fields = fieldsIn(
    nodes.map((n) => n.selectionSet),
    info,
  );
  for (const field of fields) {
    for (const column of FIELD_COLUMNS[field.name.value as keyof typeof FIELD_COLUMNS] ?? []) wanted.add(column);
  }
  const columns = ALL_COLUMNS.filter((c) => wanted.has(c));
  columnsCache.set(key, columns);
  return columns;
}

export interface ListSelection {
  node: Record<string, PgColumn>;
  withApy: boolean;
  /** Names the two, for the statement's key. */
  key: string;
}

const listSelections = new WeakMap<FieldNode, ListSelection>();

/**
 * What a page of nodes reads, from its selection (once per document): only the columns the selected node fields
 * read, and those of the orderings' keys (the cursors); and whether the nodes are asked for their APY.
 */
function listSelection(info: GraphQLResolveInfo): ListSelection {
  const cached = listSelections.get(info.fieldNodes[0]!);
  if (cached) return cached;
  const nodeFields = connectionItemFields(info);
  const columns = nodeColumnsOf(info.fieldNodes[0]!, nodeFields, info);
  const node = nodeColumnsSelection([...new Set([...columns, ...ORDERING_COLUMNS])]);
  const withApy = fieldsIn(
    nodeFields.map((f) => f.selectionSet),
    info,
  ).some((f) => f.name.value === 'apy');
  const selection = { node, withApy, key: `columns:${Object.keys(node).join(',')}${withApy ? ' apy' : ''}` };
  listSelections.set(info.fieldNodes[0]!, selection);
  return selection;
}

/** The node's weight (shard count) in the current committee; null when it holds no seat there. */
export async function currentCommitteeWeight(ctx: ApiContext, nodeId: string): Promise<number | null> {
  const { loaders } = ctx.data;
  const seat = await loaders.currentSeat.load(nodeId);
  if (seat) return seat.currentWeight;
  // A committee can name a node whose row is not indexed: ask the committee itself.
  const current = await loaders.currentEpoch();
  if (!current) return null;
  const committee = await loaders.committee.load(current.epoch);
  return committee.find((m) => m.nodeId === nodeId)?.weight ?? null;
}

const currentShards = async (ctx: ApiContext, nodeId: string) => (await currentCommitteeWeight(ctx, nodeId)) ?? 0;

const pending = (values: PendingValue[]) =>
  [...values].sort((a, b) => a.epoch - b.epoch).map((v) => ({ epoch: v.epoch, value: BigInt(v.value) }));

/**
 * A page of nodes as a statement built once per shape (filter parts, ordering, cursors, columns) on a connection
 * (prepared-queries.ts): its key, the values of its placeholders, and its builder.
 */
export function nodePageStatement(
  filter: StorageNodeFilter | null | undefined,
  ordering: Ordering<NodeWithShards>,
  page: Page,
  selection: ListSelection,
) {
  const values = new StatementBinding();
  values.shape(selection.key);
  const seat = { node: selection.node, shards: shardsSql, currentWeight: committeeMembers.weight };
  return keysetPageStatement(
    'node page',
    values,
    nodeFilterSql(filter, values),
    ordering,
    page,
    (db, where, order, limit) =>
      db
        // Asked for their APY, the page reads each of its nodes' APY window (two rates) in the same statement.
        .select(selection.withApy ? { ...seat, ...apyWindowEndValues() } : seat)
        .from(storageNodes)
        .leftJoin(committeeMembers, currentSeatOf(storageNodes.nodeId))
        .where(where)
        .orderBy(...order)
        .limit(limit),
  );
}

export const nodeQueries: Pick<Resolvers['Query'], 'storageNode' | 'storageNodes'> = {
  storageNode: (_, { id }, ctx) => ctx.data.loaders.storageNode.load(parseObjectId('id', id)),
  storageNodes: async (_, args, ctx, info) => {
    const nameContains = args.filter?.nameContains;
    if (nameContains != null && nameContains.length > 200) {
      throw badInput('filter.nameContains', 'must be at most 200 characters');
    }
    // Inline, for the count.
    const filter = nodeFilterSql(args.filter);
    const ordering = nodeOrdering(args.orderBy);
    const page = parsePage(args, ordering, ctx.limits);
    const joinCurrent = currentSeatOf(storageNodes.nodeId);
    const selection = listSelection(info);
    const { withApy } = selection;
    const statement = nodePageStatement(args.filter, ordering, page, selection);
    const rows = (await ctx.data.query((db) =>
      prepared(db, statement.key, statement.build).execute(statement.values),
    )) as unknown as (NodeWithShards & { oldest?: RateRow | null; newest?: RateRow | null })[];
    if (withApy) {
      for (const { node, oldest, newest } of rows) {
        ctx.data.loaders.recentNodeRates.prime(
          node.nodeId,
          apyWindowRates({ oldest: oldest ?? null, newest: newest ?? null }),
        );
      }
    }
    // The node's fields ask for its seat (shards, inCommittee): the join has just read it. The rows hold only the
    // selected columns: they go to this list's nodes, never into a loader of whole rows.
    for (const { node, currentWeight } of rows) ctx.data.loaders.currentSeat.prime(node.nodeId, { currentWeight });
    return toConnection(
      rows,
      ordering,
      page,
      async () => {
        const [row] = await ctx.data.query((db) =>
          db.select({ n: count() }).from(storageNodes).leftJoin(committeeMembers, joinCurrent).where(filter),
        );
        return row?.n ?? 0;
      },
      (r) => r.node,
    );
  },
};

export const storageNodeResolvers: Resolvers['StorageNode'] = {
  state: (node) => toGraphqlEnum(node.state),
  metadata: (node) => ({
    imageUrl: node.imageUrl,
    projectUrl: node.projectUrl,
    description: node.description,
    extraFields: Object.entries(node.extraFields ?? {}).map(([key, value]) => ({ key, value })),
  }),
  votes: (node) => ({
    storagePrice: node.storagePriceVote,
    writePrice: node.writePriceVote,
    nodeCapacity: node.nodeCapacityVote,
  }),
  pendingCommissionRates: (node) => pending(node.pendingCommissionRates),
  commissionReceiver: (node) => ({ kind: toGraphqlEnum(node.commissionReceiverKind), id: node.commissionReceiver }),
  governanceAuthorized: (node) => ({
    kind: toGraphqlEnum(node.governanceAuthorizedKind),
    id: node.governanceAuthorized,
  }),
  stake: (node) => node.walBalance,
  shares: (node) => node.numShares,
  pendingStake: (node) => pending(node.pendingStake),
  pendingSharesWithdraw: (node) => pending(node.pendingSharesWithdraw),
  preActiveWithdrawals: (node) => pending(node.preActiveWithdrawals),
  shards: (node, _, ctx) => currentShards(ctx, node.nodeId),
  inCommittee: async (node, _, ctx) => (await currentShards(ctx, node.nodeId)) > 0,
  inNextCommittee: async (node, _, ctx) => {
    const staking = await ctx.data.loaders.staking();
    return (staking?.nextCommittee ?? []).some((m) => m.nodeId === node.nodeId);
  },
  committeeHistory: async (node, { last }, ctx) => {
    if (last === null) throw badInput('last', 'must be a number (leave it out for the default of 20)');
    if (last < 0 || last > ctx.limits.maxPageSize) {
      throw badInput('last', `must be between 0 and ${ctx.limits.maxPageSize}, got ${last}`);
    }
    return (await ctx.data.loaders.nodeCommittees.load(node.nodeId)).slice(0, last);
  },
  exchangeRates: async (node, args, ctx) => {
    const page = parsePage(args, rateOrdering, ctx.limits);
    const rates = await ctx.data.loaders.nodeRates.load(node.nodeId);
    const models = rates.map((r) => ({ nodeId: r.nodeId, epoch: r.epoch, ...displayRate(r) }));
    return paginateInMemory(models, rateOrdering, page);
  },
  apy: async (node, _, ctx) => {
    const [rates, staking] = await Promise.all([
      ctx.data.loaders.recentNodeRates.load(node.nodeId),
      ctx.data.loaders.staking(),
    ]);
    return estimateApy(rates, staking?.epochDurationMs ?? null, APY_WINDOW_EPOCHS);
  },
  updatedAt: (node) => ({ checkpoint: node.updatedCheckpoint, transactionDigest: node.updatedTxDigest }),
};
