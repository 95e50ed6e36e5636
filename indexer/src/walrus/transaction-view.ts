// What the walrus handlers see of one transaction: its decoded events and object changes of our types, with
// type tags shortened to package aliases (`walrus::blob::Blob`,
// `sui::dynamic_field::Field<vector<u8>,walrus::metadata::Metadata>`), so handlers match on names, not on the ids
// of one deployment. Building a view from a checkpoint (decoding) is in decode.ts; handlers never decode.
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

/** Shortened type names the handlers match. */
export const TYPES = {
  blob: 'walrus::blob::Blob',
  sharedBlob: 'walrus::shared_blob::SharedBlob',
  blobMetadataField: 'sui::dynamic_field::Field<vector<u8>,walrus::metadata::Metadata>',
  stakedWal: 'walrus::staked_wal::StakedWal',
  stakingPool: 'walrus::staking_pool::StakingPool',
  nodeMetadataField: 'sui::dynamic_field::Field<walrus::extended_field::Key,walrus::node_metadata::NodeMetadata>',
  exchangeRateField: 'sui::dynamic_field::Field<u32,walrus::pool_exchange_rate::PoolExchangeRate>',
  system: 'walrus::system::System',
  systemInnerField: 'sui::dynamic_field::Field<u64,walrus::system_state_inner::SystemStateInnerV1>',
  staking: 'walrus::staking::Staking',
  stakingInnerField: 'sui::dynamic_field::Field<u64,walrus::staking_inner::StakingInnerV1>',
} as const;

export const EVENTS = {
  blobRegistered: 'walrus::events::BlobRegistered',
  blobCertified: 'walrus::events::BlobCertified',
  blobDeleted: 'walrus::events::BlobDeleted',
  invalidBlobId: 'walrus::events::InvalidBlobID',
  epochChangeStart: 'walrus::events::EpochChangeStart',
  epochChangeDone: 'walrus::events::EpochChangeDone',
  epochParametersSelected: 'walrus::events::EpochParametersSelected',
  pricesUpdated: 'walrus::events::PricesUpdated',
} as const;

/**
 * `typeTag` with every address replaced by its package alias (`aliasOf` returns undefined for addresses that are
 * not ours: those stay as they are) and no spaces, e.g. `0x2::dynamic_field::Field<u64, 0xab…::x::Y>` →
 * `sui::dynamic_field::Field<u64,walrus::x::Y>`.
 */
export function shortTypeName(typeTag: string, aliasOf: (address: string) => string | undefined): string {
  return typeTag.replace(/\s+/g, '').replace(/0x[0-9a-fA-F]+(?=::)/g, (address) => aliasOf(address) ?? address);
}
