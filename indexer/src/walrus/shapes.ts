// The decoded values the walrus handlers read: the SDK's generated types (`@open-walrus/sdk`, what its BCS types
// return), named here once. Conventions of the BCS library: u8/u16/u32 → number, u64/u128/u256 → decimal
// string, ID/address → normalized hex string, Option<T> → T | null, enums → `{ $kind, [variant]: fields | true }`,
// positional fields → `pos0`, std::string::String → string.
import type { walrus } from '@open-walrus/sdk';

export type BlobShape = walrus.blob.Blob;
export type SharedBlobShape = walrus.shared_blob.SharedBlob;
export type MetadataShape = walrus.metadata.Metadata;
export type StakedWalShape = walrus.staked_wal.StakedWal;
export type StakingPoolShape = walrus.staking_pool.StakingPool;
export type NodeMetadataShape = walrus.node_metadata.NodeMetadata;
export type PoolExchangeRateShape = walrus.pool_exchange_rate.PoolExchangeRate;
export type CommitteeShape = walrus.committee.Committee;
export type PendingValuesShape = walrus.pending_values.PendingValues;
export type AuthorizedShape = walrus.auth.Authorized;
export type EpochStateShape = walrus.staking_inner.EpochState;
export type StakingInnerShape = walrus.staking_inner.StakingInnerV1;
export type SystemInnerShape = walrus.system_state_inner.SystemStateInnerV1;
/** `System` and `Staking` have the same versioned-shell layout. */
export type VersionedShellShape = walrus.system.System | walrus.staking.Staking;

/** `0x2::vec_map::VecMap<K, V>` as decoded. */
export interface VecMapShape<K, V> {
  contents: { key: K; value: V }[];
}

/** `0x2::dynamic_field::Field<K, V>` as decoded (the SDK's generic type is a function of its arguments). */
export interface FieldShape<K, V> {
  id: { id: string };
  name: K;
  value: V;
}

// Events (spec section 2).
export type BlobRegisteredShape = walrus.events.BlobRegistered;
export type BlobCertifiedShape = walrus.events.BlobCertified;
export type BlobDeletedShape = walrus.events.BlobDeleted;
export type InvalidBlobIdShape = walrus.events.InvalidBlobID;
export type EpochOnlyShape = walrus.events.EpochChangeStart | walrus.events.EpochChangeDone;
export type EpochParametersSelectedShape = walrus.events.EpochParametersSelected;
export type PricesUpdatedShape = walrus.events.PricesUpdated;
