// Staked positions (StakedWal) with their estimated value and withdrawability, and the System / Staking objects.
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { ApiContext } from '../context.ts';
import { canWithdrawNow, estimateRewards } from '../domain/staking.ts';
import { badInput } from '../errors.ts';
import { conditions, inlineValues, prepared, StatementBinding, type Values } from '../prepared-queries.ts';
import type { StakedWalFilter } from '../generated/resolver-types.ts';
import { keysetPageStatement, parsePage, toConnection, type Ordering, type Page } from '../pagination/connection.ts';
import { cappedCounts, withCounts } from '../pagination/counts.ts';
import { parseObjectId, toDbEnum, toGraphqlEnum } from '../schema/inputs.ts';
import type { StakedWalRow } from '../schema/parents.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import type { RateRow } from '../loaders.ts';
import { stakedWals } from '../tables.ts';
import { currentCommitteeWeight } from './nodes.ts';

export const stakedWalOrdering: Ordering<StakedWalRow> = {
  name: 'stakedWals:objectId:ASC',
  direction: 'asc',
  keys: [{ column: stakedWals.objectId, type: 'text', sqlType: 'text', value: (r) => r.objectId }],
};

/** The filter as a condition; its values go to `values` (inline, or placeholders: see prepared-queries.ts). */
/** The owner and filter of a staked-position list, checked: ids normalised, states distinct and sorted. */
export interface ParsedStakedWalFilter {
  owner?: string;
  nodeId?: string;
  states?: StakedWalRow['state'][];
}

export function parseStakedWalFilter(
  owner: string | null | undefined,
  filter: StakedWalFilter | null | undefined,
): ParsedStakedWalFilter {
  if (filter?.state != null && filter.state.length === 0) {
    throw badInput('filter.state', 'give at least one state, or leave it out');
  }
  const parsed: ParsedStakedWalFilter = {};
  if (owner != null) parsed.owner = parseObjectId('owner', owner);
  if (filter?.nodeId != null) parsed.nodeId = parseObjectId('filter.nodeId', filter.nodeId);
  if (filter?.state != null) parsed.states = [...new Set(filter.state.map((s) => toDbEnum(s)))].sort();
  return parsed;
}

/** The filter as a condition; its values go to `values` (inline, or placeholders: see prepared-queries.ts). */
function stakedWalFilterSql(f: ParsedStakedWalFilter, values: Values = inlineValues): SQL | undefined {
  const parts = conditions(values);
  parts.add('owner', f.owner !== undefined, () => eq(stakedWals.owner, values.bind(f.owner!)));
  parts.add('nodeId', f.nodeId !== undefined, () => eq(stakedWals.nodeId, values.bind(f.nodeId!)));
  // A handful of fixed words, written into the statement: its shape.
  parts.add(`state:${f.states?.join(',')}`, f.states !== undefined, () => inArray(stakedWals.state, f.states!));
  return parts.all;
}

/** Rewards at the withdraw epoch (or now, while staked); null once withdrawn or when the node is unknown. */
async function rewardsOf(position: StakedWalRow, ctx: ApiContext): Promise<bigint | null> {
  if (position.state === 'withdrawn' || position.state === 'merged') return null;
  const { loaders } = ctx.data;
  // The current epoch comes with the snapshot (no statement of its own).
  const current = await loaders.currentEpoch();
  if (!current) return null;
  const until =
    position.state === 'withdrawing' && position.withdrawEpoch !== null ? position.withdrawEpoch : current.epoch;
  // The rates in force at the two epochs are all the estimate reads: the latest at or before each of them. They
  // are asked for with the node (its rewards pool), so both reads go out in one write.
  const [node, atEpochs] = await Promise.all([
    loaders.storageNode.load(position.nodeId),
    loaders.rateAtEpoch.loadMany([
      { nodeId: position.nodeId, epoch: position.activationEpoch },
      { nodeId: position.nodeId, epoch: until },
    ]),
  ]);
  if (!node) return null;
  const rates = [
    ...new Map(
      atEpochs
        .map((r) => {
          if (r instanceof Error) throw r;
          return r;
        })
        .filter((r): r is RateRow => r !== null)
        .map((r) => [r.epoch, r]),
    ).values(),
  ].sort((a, b) => a.epoch - b.epoch);
  return estimateRewards(rates, position.principal, position.activationEpoch, until, node.rewardsPool);
}

/**
 * A page of staked positions as a statement built once per shape (filter parts, cursors) on a connection
 * (prepared-queries.ts): its key, the values of its placeholders, and its builder.
 */
export function stakedWalPageStatement(filter: ParsedStakedWalFilter, page: Page) {
  const values = new StatementBinding();
  return keysetPageStatement(
    'staked position page',
    values,
    stakedWalFilterSql(filter, values),
    stakedWalOrdering,
    page,
    (db, where, order, limit) =>
      db
        .select()
        .from(stakedWals)
        .where(where)
        .orderBy(...order)
        .limit(limit),
  );
}

export const stakingQueries: Pick<Resolvers['Query'], 'stakedWal' | 'stakedWals' | 'system'> = {
  stakedWal: async (_, { id }, ctx) => {
    const objectId = parseObjectId('id', id);
    const rows = await ctx.data.query((db) => db.select().from(stakedWals).where(eq(stakedWals.objectId, objectId)));
    return rows[0] ?? null;
  },
  stakedWals: async (_, args, ctx) => {
    const parsed = parseStakedWalFilter(args.owner, args.filter);
    const page = parsePage(args, stakedWalOrdering, ctx.limits);
    const statement = stakedWalPageStatement(parsed, page);
    const rows = await ctx.data.query((db) => prepared(db, statement.key, statement.build).execute(statement.values));
    // Inline, for the count.
    const filter = stakedWalFilterSql(parsed);
    const counts = cappedCounts(ctx.data.query, stakedWals, filter, filter, ctx.limits.maxTotalCount);
    return withCounts(toConnection(rows, stakedWalOrdering, page, counts.totalCount), counts);
  },
  system: (_, __, ctx) => ctx.data.loaders.system(),
};

export const stakedWalResolvers: Resolvers['StakedWal'] = {
  owner: (p) => ({ kind: toGraphqlEnum(p.ownerKind), address: p.owner }),
  node: (p, _, ctx) => ctx.data.loaders.storageNode.load(p.nodeId),
  state: (p) => toGraphqlEnum(p.state),
  estimatedRewards: (p, _, ctx) => rewardsOf(p, ctx),
  estimatedValue: async (p, _, ctx) => {
    const rewards = await rewardsOf(p, ctx);
    return rewards === null ? null : p.principal + rewards;
  },
  canWithdrawNow: async (p, _, ctx) => {
    const { loaders } = ctx.data;
    const [current, staking, weight] = await Promise.all([
      loaders.currentEpoch(),
      loaders.staking(),
      currentCommitteeWeight(ctx, p.nodeId),
    ]);
    if (!current) return false;
    const next = staking?.nextCommittee ?? null;
    return canWithdrawNow(p, {
      currentEpoch: current.epoch,
      committeeSelected: next !== null,
      inCurrentCommittee: weight !== null,
      inNextCommittee: (next ?? []).some((m) => m.nodeId === p.nodeId),
    });
  },
  createdAt: (p) => ({ checkpoint: p.createdCheckpoint, transactionDigest: p.createdTxDigest }),
  updatedAt: (p) => ({ checkpoint: p.updatedCheckpoint, transactionDigest: p.updatedTxDigest }),
};
