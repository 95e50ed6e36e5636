// The full resolver map; its type (generated from the SDL) makes the compiler check every field.
import { cappedCountResolvers, connectionCountResolvers } from '../pagination/counts.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import { BigIntScalar, DateTimeScalar, JsonScalar } from '../schema/scalars.ts';
import { blobQueries, blobResolvers, blobStatusResolvers } from './blobs.ts';
import { committeeMemberResolvers, epochQueries, epochResolvers } from './epochs.ts';
import { blobEventsResolver, eventQueries, eventResolvers } from './events.ts';
import { nodeQueries, storageNodeResolvers } from './nodes.ts';
import { stakedWalResolvers, stakingQueries } from './staking.ts';
import { subscriptionResolvers } from './subscriptions.ts';
import { stakingObjectResolvers, statusQueries, systemResolvers } from './system.ts';

export const resolvers: Resolvers = {
  BigInt: BigIntScalar,
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  Query: { ...blobQueries, ...epochQueries, ...nodeQueries, ...stakingQueries, ...statusQueries, ...eventQueries },
  Subscription: subscriptionResolvers,
  PageInfo: {},
  Attribute: {},
  Owner: {},
  PendingValue: {},
  ChainPosition: {},
  ServiceConfig: {},
  IndexerStatus: {},
  PipelineWatermark: {},
  Blob: { ...blobResolvers, events: blobEventsResolver },
  BlobEdge: {},
  BlobConnection: cappedCountResolvers,
  Storage: {},
  Expiry: {},
  BlobStatus: blobStatusResolvers,
  DeletableCounts: {},
  Invalidation: {
    timestamp: (row) => new Date(Number(row.timestampMs)),
    transactionDigest: (row) => row.txDigest,
  },
  Epoch: epochResolvers,
  EpochEdge: {},
  EpochConnection: connectionCountResolvers,
  CommitteeMember: committeeMemberResolvers,
  StorageNode: storageNodeResolvers,
  StorageNodeEdge: {},
  StorageNodeConnection: connectionCountResolvers,
  NodeMetadata: {},
  NodeVotes: {},
  Authorized: {},
  ExchangeRate: {},
  ExchangeRateEdge: {},
  ExchangeRateConnection: connectionCountResolvers,
  StakedWal: stakedWalResolvers,
  StakedWalEdge: {},
  StakedWalConnection: cappedCountResolvers,
  Event: eventResolvers,
  EventEdge: {},
  EventConnection: cappedCountResolvers,
  System: systemResolvers,
  FutureAccounting: {},
  Staking: stakingObjectResolvers,
};
