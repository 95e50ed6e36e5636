// The System and Staking singletons, the indexer status and the service limits.
import { toGraphqlEnum } from '../schema/inputs.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import { indexerStatus } from '../schema/status.ts';

/** Bytes per storage unit: prices are per MiB of encoded size (spec 4.1). */
export const STORAGE_UNIT_SIZE = 1_048_576;
const MAX_SYMBOL_SIZE = 65_534n;

/** Largest unencoded blob the shard count allows: primary · secondary source symbols of at most 65,534 bytes. */
export function maxBlobSize(nShards: number): bigint {
  const f = Math.floor((nShards - 1) / 3);
  const primary = BigInt(nShards - 2 * f);
  const secondary = BigInt(nShards - f);
  return primary * secondary * MAX_SYMBOL_SIZE;
}

export const statusQueries: Pick<Resolvers['Query'], 'indexerStatus' | '_meta' | 'serviceConfig'> = {
  indexerStatus: async (_, __, ctx) => indexerStatus(await ctx.data.loaders.watermarks(), Date.now()),
  _meta: async (_, __, ctx) => indexerStatus(await ctx.data.loaders.watermarks(), Date.now()),
  serviceConfig: (_, __, ctx) => ctx.serviceConfig,
};

export const systemResolvers: Resolvers['System'] = {
  storageUnitSize: () => STORAGE_UNIT_SIZE,
  maxBlobSize: (system) => (system.nShards ? maxBlobSize(system.nShards) : null),
  futureAccounting: (system) =>
    (system.futureAccounting ?? []).map((entry) => ({
      epoch: entry.epoch,
      usedCapacity: BigInt(entry.usedCapacity),
      rewardsToDistribute: BigInt(entry.rewardsToDistribute),
    })),
  staking: (_, __, ctx) => ctx.data.loaders.staking(),
};

export const stakingObjectResolvers: Resolvers['Staking'] = {
  firstEpochStart: (staking) =>
    staking.firstEpochStartMs === null ? null : new Date(Number(staking.firstEpochStartMs)),
  epochState: (staking) => (staking.epochState === null ? null : toGraphqlEnum(staking.epochState)),
  nextCommittee: (staking) =>
    (staking.nextCommittee ?? []).map((m) => ({
      epoch: (staking.epoch ?? 0) + 1,
      nodeId: m.nodeId,
      shardIndices: m.shards,
      weight: m.shards.length,
    })),
};
