// Epochs: state, timing, parameters and committee.
import { count } from 'drizzle-orm';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { ApiContext } from '../context.ts';
import { fieldsIn } from '../schema/lookahead.ts';
import { nodeColumnsOf } from './nodes.ts';
import { epochDurationMs, estimatedEpochEndMs } from '../domain/epoch-time.ts';
import type { OrderDirection } from '../generated/resolver-types.ts';
import {
  fetchLimit,
  keysetOrder,
  keysetWhere,
  parsePage,
  toConnection,
  type Ordering,
} from '../pagination/connection.ts';
import { parseEpoch, toGraphqlEnum } from '../schema/inputs.ts';
import type { EpochRow } from '../schema/parents.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import { epochs } from '../tables.ts';

function epochOrdering(direction: OrderDirection | null): Ordering<EpochRow> {
  const dir = direction ?? 'DESC';
  return {
    name: `epochs:${dir}`,
    direction: dir === 'ASC' ? 'asc' : 'desc',
    keys: [{ column: epochs.epoch, type: 'int', sqlType: 'integer', value: (r) => r.epoch }],
  };
}

/** The loader for a committee asked for with `committee` (its field nodes): with its nodes when they are selected. */
function committeeLoader(ctx: ApiContext, committee: readonly FieldNode[], info: GraphQLResolveInfo) {
  const members = fieldsIn(
    committee.map((f) => f.selectionSet),
    info,
  );
  const nodes = members.filter((f) => f.name.value === 'node');
  if (nodes.length === 0) return ctx.data.loaders.committee;
  const withShards = members.some((f) => f.name.value === 'shardIndices');
  return ctx.data.loaders.committeeWithNodes(nodeColumnsOf(committee[0]!, nodes, info), withShards);
}

const date = (ms: bigint | null) => (ms === null ? null : new Date(Number(ms)));

export const epochQueries: Pick<Resolvers['Query'], 'epoch' | 'currentEpoch' | 'epochs'> = {
  epoch: (_, { number }, ctx, info) => {
    const epoch = parseEpoch('number', number);
    // Asked with its committee (an explorer's epoch page), the committee is read in the same write as the epoch
    // rather than after it: both reads know the epoch number. Its outcome goes to the `committee` field (the
    // loader keeps it); nothing reads it when the epoch does not exist.
    const committee = fieldsIn(
      info.fieldNodes.map((n) => n.selectionSet),
      info,
    ).filter((f) => f.name.value === 'committee');
    if (committee.length > 0) {
      committeeLoader(ctx, committee, info)
        .load(epoch)
        .catch(() => undefined);
    }
    return ctx.data.loaders.epoch.load(epoch);
  },
  currentEpoch: (_, __, ctx) => ctx.data.loaders.currentEpoch(),
  epochs: async (_, args, ctx) => {
    const ordering = epochOrdering(args.orderBy);
    const page = parsePage(args, ordering, ctx.limits);
    const rows = await ctx.data.query((db) =>
      db
        .select()
        .from(epochs)
        .where(keysetWhere(ordering, page))
        .orderBy(...keysetOrder(ordering, page))
        .limit(fetchLimit(page)),
    );
    return toConnection(rows, ordering, page, async () => {
      const [row] = await ctx.data.query((db) => db.select({ n: count() }).from(epochs));
      return row?.n ?? 0;
    });
  },
};

export const epochResolvers: Resolvers['Epoch'] = {
  state: (epoch) => (epoch.state === null ? null : toGraphqlEnum(epoch.state)),
  startTime: (epoch) => date(epoch.changeStartedTimestampMs),
  changeDoneTime: (epoch) => date(epoch.changeDoneTimestampMs),
  nextParamsSelectedTime: (epoch) => date(epoch.nextParamsSelectedTimestampMs),
  durationMs: async (epoch, _, ctx) => epochDurationMs(epoch, await ctx.data.loaders.staking()),
  estimatedEndTime: async (epoch, _, ctx) => date(estimatedEpochEndMs(epoch, await ctx.data.loaders.staking())),
  // Asked with its nodes (`committee { node { name } }`, an explorer's epoch page), the committee reads them with it,
  // the node columns the selection reads only.
  committee: (epoch, _, ctx, info) => committeeLoader(ctx, info.fieldNodes, info).load(epoch.epoch),
  isCurrent: async (epoch, _, ctx) => (await ctx.data.loaders.currentEpoch())?.epoch === epoch.epoch,
};

export const committeeMemberResolvers: Resolvers['CommitteeMember'] = {
  // The node columns this selection reads (what a committee read with its nodes primed).
  node: (member, _, ctx, info) =>
    ctx.data.loaders.nodesWithColumns(nodeColumnsOf(info.fieldNodes[0]!, info.fieldNodes, info)).load(member.nodeId),
};
