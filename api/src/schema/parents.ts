// The value each GraphQL object type is resolved from (its "parent"). Table rows come straight from the
// indexer's drizzle schema; the rest are small shapes built by resolvers.
import type {
  blobs,
  committeeMembers,
  epochs,
  events,
  invalidBlobIds,
  stakedWals,
  stakingState,
  storageNodes,
  systemState,
} from '../tables.ts';
import type { ApiLimits } from '../config.ts';
import type { AuthorizedKind, BlobIdStatusKind, OwnerKind } from '../generated/resolver-types.ts';
import type { Connection, Edge, PageInfo } from '../pagination/connection.ts';
import type { CountedConnection } from '../pagination/counts.ts';

export type BlobRow = typeof blobs.$inferSelect;
export type InvalidBlobIdRow = typeof invalidBlobIds.$inferSelect;
export type EpochRow = typeof epochs.$inferSelect;
export type CommitteeMemberRow = typeof committeeMembers.$inferSelect;
export type StorageNodeRow = typeof storageNodes.$inferSelect;
export type StakedWalRow = typeof stakedWals.$inferSelect;
export type SystemRow = typeof systemState.$inferSelect;
export type StakingRow = typeof stakingState.$inferSelect;
export type EventRow = typeof events.$inferSelect;

export interface ExchangeRateModel {
  nodeId: string;
  epoch: number;
  flat: boolean;
  walAmount: bigint;
  shareAmount: bigint;
  rate: number;
}

export interface BlobStatusModel {
  blobId: string;
  status: BlobIdStatusKind;
  endEpoch: number | null;
  isCertified: boolean | null;
  initialCertifiedEpoch: number | null;
  deletableCounts: { countDeletableTotal: number; countDeletableCertified: number };
  invalidation: InvalidBlobIdRow | null;
  objects: BlobRow[];
}

export interface PipelineWatermarkModel {
  pipeline: string;
  checkpoint: bigint;
  checkpointTimestamp: Date;
  updatedAt: Date;
}

export interface IndexerStatusModel {
  checkpoint: bigint | null;
  checkpointTimestamp: Date | null;
  lagMs: bigint | null;
  pipelines: PipelineWatermarkModel[];
}

/** The limits in force: the configured ones, with the statement timeout only where the database enforces it. */
export type ServiceConfigModel = Omit<ApiLimits, 'statementTimeoutMs'> & { statementTimeoutMs: number | null };

export interface Parents {
  Query: undefined;
  PageInfo: PageInfo;
  Attribute: { key: string; value: string };
  Owner: { kind: OwnerKind; address: string | null };
  PendingValue: { epoch: number; value: bigint };
  ChainPosition: { checkpoint: bigint; transactionDigest: string };
  ServiceConfig: ServiceConfigModel;
  IndexerStatus: IndexerStatusModel;
  PipelineWatermark: PipelineWatermarkModel;

  Blob: BlobRow;
  BlobEdge: Edge<BlobRow>;
  BlobConnection: CountedConnection<BlobRow>;
  Storage: { objectId: string | null; startEpoch: number; endEpoch: number; storageSize: bigint | null };
  Expiry: { epoch: number; estimatedTime: Date | null; expired: boolean };
  BlobStatus: BlobStatusModel;
  DeletableCounts: BlobStatusModel['deletableCounts'];
  Invalidation: InvalidBlobIdRow;

  Epoch: EpochRow;
  EpochEdge: Edge<EpochRow>;
  EpochConnection: Connection<EpochRow>;
  CommitteeMember: CommitteeMemberRow;

  StorageNode: StorageNodeRow;
  StorageNodeEdge: Edge<StorageNodeRow>;
  StorageNodeConnection: Connection<StorageNodeRow>;
  NodeMetadata: {
    imageUrl: string | null;
    projectUrl: string | null;
    description: string | null;
    extraFields: { key: string; value: string }[];
  };
  NodeVotes: { storagePrice: bigint; writePrice: bigint; nodeCapacity: bigint };
  Authorized: { kind: AuthorizedKind; id: string };
  ExchangeRate: ExchangeRateModel;
  ExchangeRateEdge: Edge<ExchangeRateModel>;
  ExchangeRateConnection: Connection<ExchangeRateModel>;

  StakedWal: StakedWalRow;
  StakedWalEdge: Edge<StakedWalRow>;
  StakedWalConnection: CountedConnection<StakedWalRow>;

  Event: EventRow;
  EventEdge: Edge<EventRow>;
  EventConnection: CountedConnection<EventRow>;

  System: SystemRow;
  FutureAccounting: { epoch: number; usedCapacity: bigint; rewardsToDistribute: bigint };
  Staking: StakingRow;
}
