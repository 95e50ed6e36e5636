// What the walrus handlers see of one transaction: its decoded events and object changes of our types, with
// type tags shortened to package aliases (`walrus::blob::Blob`,
// `sui::dynamic_field::Field<vector<u8>,walrus::metadata::Metadata>`), so handlers match on names, not on the ids
// of one deployment. Building a view from a checkpoint (decoding) is in decode.ts; handlers never decode.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import { sui, walrus } from '@open-walrus/sdk';
import type { ChangeOrigin, Holder } from './changes.ts';

export type ObjectOperation = 'created' | 'mutated' | 'unwrapped' | 'deleted' | 'wrapped';

export interface ObjectChangeView {
  objectId: string;
  /** Shortened type tag. */
  type: string;
  operation: ObjectOperation;
  /** Holder after the transaction (created / mutated / unwrapped). */
  holder?: Holder;
  /** Holder before the transaction (mutated / deleted / wrapped), when the object existed. */
  inputHolder?: Holder;
  /** Decoded contents after the transaction. */
  value?: unknown;
  /** Decoded contents before the transaction, when the checkpoint carries them. */
  input?: unknown;
}

export interface EventView {
  /** Shortened type tag, e.g. `walrus::events::BlobRegistered`. */
  type: string;
  value: unknown;
}

export interface TransactionView {
  origin: ChangeOrigin;
  events: EventView[];
  objects: ObjectChangeView[];
}

/** The short name of a generated type: the SDK names framework types by address (`0x2::...`), ours by alias. */
const short = (type: { name: string }) =>
  shortTypeName(type.name, (address) => (/^0x0*2$/.test(address) ? 'sui' : undefined));
const field = (key: BcsType<any>, value: BcsType<any>) => short(sui.dynamic_field.Field(key, value));

/** Shortened type names the handlers match, taken from the SDK's generated types (never retyped). */
export const TYPES = {
  blob: short(walrus.blob.Blob),
  sharedBlob: short(walrus.shared_blob.SharedBlob),
  blobMetadataField: field(bcs.vector(bcs.u8()), walrus.metadata.Metadata),
  stakedWal: short(walrus.staked_wal.StakedWal),
  stakingPool: short(walrus.staking_pool.StakingPool),
  nodeMetadataField: field(walrus.extended_field.Key, walrus.node_metadata.NodeMetadata),
  exchangeRateField: field(bcs.u32(), walrus.pool_exchange_rate.PoolExchangeRate),
  system: short(walrus.system.System),
  systemInnerField: field(bcs.u64(), walrus.system_state_inner.SystemStateInnerV1),
  staking: short(walrus.staking.Staking),
  stakingInnerField: field(bcs.u64(), walrus.staking_inner.StakingInnerV1),
} as const;

export const EVENTS = {
  blobRegistered: short(walrus.events.BlobRegistered),
  blobCertified: short(walrus.events.BlobCertified),
  blobDeleted: short(walrus.events.BlobDeleted),
  invalidBlobId: short(walrus.events.InvalidBlobID),
  epochChangeStart: short(walrus.events.EpochChangeStart),
  epochChangeDone: short(walrus.events.EpochChangeDone),
  epochParametersSelected: short(walrus.events.EpochParametersSelected),
  pricesUpdated: short(walrus.events.PricesUpdated),
} as const;

/**
 * `typeTag` with every address replaced by its package alias (`aliasOf` returns undefined for addresses that are
 * not ours: those stay as they are) and no spaces, e.g. `0x2::dynamic_field::Field<u64, 0xab…::x::Y>` →
 * `sui::dynamic_field::Field<u64,walrus::x::Y>`.
 */
export function shortTypeName(typeTag: string, aliasOf: (address: string) => string | undefined): string {
  return typeTag.replace(/\s+/g, '').replace(/0x[0-9a-fA-F]+(?=::)/g, (address) => aliasOf(address) ?? address);
}
