// Row changes of the walrus domain: what the pure handlers return and the batch fold consumes. A full row
// replaces the state of its key; a patch changes only the columns it names. Changes are applied in the order the
// handlers return them (checkpoint order, then transaction order, then events before object changes).
import type {
  blobs,
  CommitteeEntry,
  epochs,
  invalidBlobIds,
  OwnerKind,
  poolExchangeRates,
  stakedWals,
  StakedWalState,
  stakingState,
  storageNodes,
  systemState,
  StoredBlobStatus,
} from '../db/walrus-schema.ts';

export type BlobRow = Omit<typeof blobs.$inferInsert, 'attributes'>;
export type InvalidBlobIdRow = typeof invalidBlobIds.$inferInsert;
export type EpochRow = typeof epochs.$inferInsert;
export type StorageNodeRow = Omit<
  typeof storageNodes.$inferInsert,
  'imageUrl' | 'projectUrl' | 'description' | 'extraFields'
>;
export type PoolExchangeRateRow = typeof poolExchangeRates.$inferInsert;
export type StakedWalRow = typeof stakedWals.$inferInsert;
export type SystemStateRow = typeof systemState.$inferInsert;
export type StakingStateRow = typeof stakingState.$inferInsert;

/** Where a change happened. */
export interface ChangeOrigin {
  checkpoint: bigint;
  txDigest: string;
  timestampMs: bigint;
}

/** Who holds an object, in the schema's words. */
export interface Holder {
  ownerKind: OwnerKind;
  owner: string | null;
}

/** Columns of a blob that events or wrapping can change without the object's contents being visible. */
export interface BlobPatch {
  status?: StoredBlobStatus;
  certifiedEpoch?: number;
  endEpoch?: number;
  holder?: Holder;
}

export interface StakedWalPatch {
  state?: StakedWalState;
  holder?: Holder;
}

/** Node metadata columns (`NodeMetadata` in its ExtendedField). */
export interface NodeMetadataColumns {
  imageUrl: string;
  projectUrl: string;
  description: string;
  extraFields: Record<string, string>;
}

/** Epoch columns other than the key; absent = unchanged. */
export type EpochPatch = Partial<Omit<EpochRow, 'epoch'>>;
export type SystemPatch = Partial<Omit<SystemStateRow, 'objectId' | 'updatedCheckpoint'>>;
export type StakingPatch = Partial<Omit<StakingStateRow, 'objectId' | 'updatedCheckpoint'>>;

export type WalrusChange =
  | { kind: 'blob'; row: BlobRow }
  | { kind: 'blobPatch'; objectId: string; patch: BlobPatch; origin: ChangeOrigin }
  | { kind: 'blobAttributes'; objectId: string; attributes: Record<string, string> | null; origin: ChangeOrigin }
  | { kind: 'invalidBlobId'; row: InvalidBlobIdRow }
  | { kind: 'epoch'; epoch: number; patch: EpochPatch }
  | { kind: 'committee'; epoch: number; members: CommitteeEntry[] }
  | { kind: 'storageNode'; row: StorageNodeRow }
  | { kind: 'nodeMetadata'; nodeId: string; metadata: NodeMetadataColumns | null }
  | { kind: 'exchangeRate'; row: PoolExchangeRateRow }
  | { kind: 'stakedWal'; row: StakedWalRow }
  | { kind: 'stakedWalPatch'; objectId: string; patch: StakedWalPatch; origin: ChangeOrigin }
  | { kind: 'system'; objectId: string; patch: SystemPatch; origin: ChangeOrigin }
  | { kind: 'staking'; objectId: string; patch: StakingPatch; origin: ChangeOrigin };
