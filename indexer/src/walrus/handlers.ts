// The walrus handlers: one decoded transaction (events + object changes) → row changes. No I/O; the only state is
// the WalrusContext, which carries across transactions what a later change needs from an earlier one (n_shards for
// encoded sizes; which pool owns which exchange-rate table and metadata
// field). The pipeline's commit loads it from the tables at the start of every batch; the handlers advance it.
import { blobIdToString, encodedBlobLength } from '@open-walrus/sdk';
import type { CommitteeEntry, EpochState, PendingValue, StoredBlobStatus } from '../db/walrus-schema.ts';
import type {
  BlobRow,
  ChangeOrigin,
  EpochPatch,
  Holder,
  NodeMetadataColumns,
  PoolExchangeRateRow,
  StorageNodeRow,
  WalrusChange,
} from './changes.ts';
import type {
  AuthorizedShape,
  BlobCertifiedShape,
  BlobDeletedShape,
  BlobRegisteredShape,
  BlobShape,
  CommitteeShape,
  EpochOnlyShape,
  EpochParametersSelectedShape,
  EpochStateShape,
  FieldShape,
  InvalidBlobIdShape,
  MetadataShape,
  NodeMetadataShape,
  PendingValuesShape,
  PoolExchangeRateShape,
  PricesUpdatedShape,
  SharedBlobShape,
  StakedWalShape,
  StakingInnerShape,
  StakingPoolShape,
  SystemInnerShape,
  VecMapShape,
  VersionedShellShape,
} from './shapes.ts';
import { EVENTS, type ObjectChangeView, type TransactionView, TYPES } from './transaction-view.ts';

/** State the handlers carry from one transaction to the next. */
export interface WalrusContext {
  /** Shards of the system; null until the Staking / System state was seen. */
  nShards: number | null;
  /** Pool `exchange_rates` table id → node id. */
  nodeByExchangeRatesId: Map<string, string>;
  /** Pool metadata ExtendedField id → node id. */
  nodeByMetadataFieldId: Map<string, string>;
  /**
   * Changes to a table / field whose pool this batch has not seen yet (indexing started mid-chain), by parent id;
   * written when the pool shows up later in the batch.
   */
  pendingExchangeRates: Map<string, Omit<PoolExchangeRateRow, 'nodeId'>[]>;
  pendingNodeMetadata: Map<string, NodeMetadataColumns | null>;
}

export function emptyWalrusContext(): WalrusContext {
  return {
    nShards: null,
    nodeByExchangeRatesId: new Map(),
    nodeByMetadataFieldId: new Map(),
    pendingExchangeRates: new Map(),
    pendingNodeMetadata: new Map(),
  };
}

/** The handler of a walrus transaction found a value it cannot interpret: names the transaction and object. */
export class WalrusHandlerError extends Error {
  constructor(message: string, origin: ChangeOrigin) {
    super(`${message} (checkpoint ${origin.checkpoint}, transaction ${origin.txDigest})`);
    this.name = 'WalrusHandlerError';
  }
}

// === Small conversions ===

/** The text form of a blob id given as the decimal u256 the BCS library returns (the SDK's encoding). */
export function blobIdText(u256: string): string {
  return blobIdToString(BigInt(u256));
}

function hex(bytes: number[] | Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

function elementHex(element: { bytes: number[] | Uint8Array }): string {
  return hex(element.bytes);
}

function vecMapObject(map: VecMapShape<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of map.contents) out[key] = value;
  return out;
}

function pendingValues(values: PendingValuesShape): PendingValue[] {
  return values.pos0.contents.map(({ key, value }) => ({ epoch: key, value: String(value) }));
}

function committeeEntries(committee: CommitteeShape): CommitteeEntry[] {
  return committee.pos0.contents.map(({ key, value }) => ({ nodeId: key, shards: [...value] }));
}

function authorized(value: AuthorizedShape): { kind: 'address' | 'object'; id: string } {
  return value.$kind === 'Address'
    ? { kind: 'address', id: value.Address.pos0 }
    : { kind: 'object', id: value.ObjectID.pos0 };
}

function encodedSize(size: bigint, nShards: number | null): bigint | null {
  return nShards === null || nShards === 0 ? null : encodedBlobLength(size, nShards);
}

function storedStatus(certifiedEpoch: number | null): StoredBlobStatus {
  return certifiedEpoch === null ? 'registered' : 'certified';
}

function epochStateColumns(state: EpochStateShape): { state: EpochState } & EpochPatch {
  switch (state.$kind) {
    case 'EpochChangeSync':
      return { state: 'epoch_change_sync', syncWeight: state.EpochChangeSync.pos0 };
    case 'EpochChangeDone':
      return { state: 'epoch_change_done', changeDoneTimestampMs: BigInt(state.EpochChangeDone.pos0) };
    case 'NextParamsSelected':
      return { state: 'next_params_selected' };
  }
}

function epochStateValue(state: EpochStateShape): bigint {
  switch (state.$kind) {
    case 'EpochChangeSync':
      return BigInt(state.EpochChangeSync.pos0);
    case 'EpochChangeDone':
      return BigInt(state.EpochChangeDone.pos0);
    case 'NextParamsSelected':
      return BigInt(state.NextParamsSelected.pos0);
  }
}

// === Row builders (exported for tests and the generator's expectations) ===

/** Full blob row from a Blob's contents. Created columns are used only when the row is new. */
export function blobRow(blob: BlobShape, holder: Holder, origin: ChangeOrigin, ctx: WalrusContext): BlobRow {
  const size = BigInt(blob.size);
  return {
    objectId: blob.id.id,
    blobId: blobIdText(blob.blob_id),
    ownerKind: holder.ownerKind,
    owner: holder.owner,
    size,
    encodingType: blob.encoding_type,
    encodedSize: encodedSize(size, ctx.nShards),
    deletable: blob.deletable,
    registeredEpoch: blob.registered_epoch,
    certifiedEpoch: blob.certified_epoch,
    storageId: blob.storage.id.id,
    startEpoch: blob.storage.start_epoch,
    endEpoch: blob.storage.end_epoch,
    storageSize: BigInt(blob.storage.storage_size),
    status: storedStatus(blob.certified_epoch),
    createdCheckpoint: origin.checkpoint,
    createdTxDigest: origin.txDigest,
    createdTimestampMs: origin.timestampMs,
    updatedCheckpoint: origin.checkpoint,
    updatedTxDigest: origin.txDigest,
  };
}

/** Full storage-node row from a StakingPool's contents (metadata columns come from their own field). */
export function storageNodeRow(pool: StakingPoolShape, origin: ChangeOrigin): StorageNodeRow {
  const receiver = authorized(pool.commission_receiver);
  const governance = authorized(pool.governance_authorized);
  const info = pool.node_info;
  return {
    nodeId: pool.id.id,
    state: pool.state.$kind === 'Active' ? 'active' : pool.state.$kind === 'Withdrawing' ? 'withdrawing' : 'withdrawn',
    withdrawingEpoch: pool.state.$kind === 'Withdrawing' ? pool.state.Withdrawing.pos0 : null,
    name: info.name,
    networkAddress: info.network_address,
    publicKey: elementHex(info.public_key),
    nextEpochPublicKey: info.next_epoch_public_key === null ? null : elementHex(info.next_epoch_public_key),
    networkPublicKey: hex(info.network_public_key),
    metadataFieldId: info.metadata.id.id,
    storagePriceVote: BigInt(pool.voting_params.storage_price),
    writePriceVote: BigInt(pool.voting_params.write_price),
    nodeCapacityVote: BigInt(pool.voting_params.node_capacity),
    commissionRate: pool.commission_rate,
    pendingCommissionRates: pendingValues(pool.pending_commission_rate),
    commission: BigInt(pool.commission.value),
    commissionReceiverKind: receiver.kind,
    commissionReceiver: receiver.id,
    governanceAuthorizedKind: governance.kind,
    governanceAuthorized: governance.id,
    activationEpoch: pool.activation_epoch,
    latestEpoch: pool.latest_epoch,
    walBalance: BigInt(pool.wal_balance),
    numShares: BigInt(pool.num_shares),
    rewardsPool: BigInt(pool.rewards_pool.value),
    pendingStake: pendingValues(pool.pending_stake),
    pendingSharesWithdraw: pendingValues(pool.pending_shares_withdraw),
    preActiveWithdrawals: pendingValues(pool.pre_active_withdrawals),
    exchangeRatesId: pool.exchange_rates.id.id,
    createdCheckpoint: origin.checkpoint,
    updatedCheckpoint: origin.checkpoint,
    updatedTxDigest: origin.txDigest,
  };
}

function nodeMetadataColumns(metadata: NodeMetadataShape): NodeMetadataColumns {
  return {
    imageUrl: metadata.image_url,
    projectUrl: metadata.project_url,
    description: metadata.description,
    extraFields: vecMapObject(metadata.extra_fields),
  };
}

function exchangeRateColumns(epoch: number, rate: PoolExchangeRateShape): Omit<PoolExchangeRateRow, 'nodeId'> {
  return rate.$kind === 'Flat'
    ? { epoch, walAmount: null, shareAmount: null }
    : { epoch, walAmount: BigInt(rate.Variable.wal_amount), shareAmount: BigInt(rate.Variable.share_amount) };
}

// === Events ===

function handleEvents(ctx: WalrusContext, tx: TransactionView, visibleBlobs: ReadonlySet<string>): WalrusChange[] {
  const out: WalrusChange[] = [];
  const { origin } = tx;
  for (const event of tx.events) {
    switch (event.type) {
      case EVENTS.blobRegistered: {
        const e = event.value as BlobRegisteredShape;
        if (visibleBlobs.has(e.object_id)) break;
        // The object never shows on its own: an event blob (burned in this transaction) or a blob wrapped by
        // another contract right away. Everything but the holder and the storage object is in the event.
        const size = BigInt(e.size);
        out.push({
          kind: 'blob',
          row: {
            objectId: e.object_id,
            blobId: blobIdText(e.blob_id),
            ownerKind: 'unknown',
            owner: null,
            size,
            encodingType: e.encoding_type,
            encodedSize: encodedSize(size, ctx.nShards),
            deletable: e.deletable,
            registeredEpoch: e.epoch,
            certifiedEpoch: null,
            storageId: null,
            startEpoch: e.epoch,
            endEpoch: e.end_epoch,
            storageSize: null,
            status: storedStatus(null),
            createdCheckpoint: origin.checkpoint,
            createdTxDigest: origin.txDigest,
            createdTimestampMs: origin.timestampMs,
            updatedCheckpoint: origin.checkpoint,
            updatedTxDigest: origin.txDigest,
          },
        });
        break;
      }
      case EVENTS.blobCertified: {
        const e = event.value as BlobCertifiedShape;
        if (visibleBlobs.has(e.object_id)) break;
        out.push({
          kind: 'blobPatch',
          objectId: e.object_id,
          patch: { certifiedEpoch: e.epoch, endEpoch: e.end_epoch, status: 'certified' },
          origin,
        });
        break;
      }
      case EVENTS.blobDeleted: {
        const e = event.value as BlobDeletedShape;
        if (visibleBlobs.has(e.object_id)) break;
        out.push({ kind: 'blobPatch', objectId: e.object_id, patch: { status: 'deleted' }, origin });
        break;
      }
      case EVENTS.invalidBlobId: {
        const e = event.value as InvalidBlobIdShape;
        out.push({
          kind: 'invalidBlobId',
          row: {
            blobId: blobIdText(e.blob_id),
            epoch: e.epoch,
            checkpoint: origin.checkpoint,
            txDigest: origin.txDigest,
            timestampMs: origin.timestampMs,
          },
        });
        break;
      }
      case EVENTS.epochChangeStart: {
        const { epoch } = event.value as EpochOnlyShape;
        out.push({
          kind: 'epoch',
          epoch,
          patch: {
            state: 'epoch_change_sync',
            syncWeight: 0,
            changeStartedTimestampMs: origin.timestampMs,
            changeStartedCheckpoint: origin.checkpoint,
          },
        });
        break;
      }
      case EVENTS.epochChangeDone: {
        const { epoch } = event.value as EpochOnlyShape;
        out.push({
          kind: 'epoch',
          epoch,
          patch: { state: 'epoch_change_done', changeDoneTimestampMs: origin.timestampMs },
        });
        break;
      }
      case EVENTS.epochParametersSelected: {
        const { next_epoch } = event.value as EpochParametersSelectedShape;
        out.push({
          kind: 'epoch',
          epoch: next_epoch - 1,
          patch: { state: 'next_params_selected', nextParamsSelectedTimestampMs: origin.timestampMs },
        });
        break;
      }
      case EVENTS.pricesUpdated: {
        const e = event.value as PricesUpdatedShape;
        out.push({
          kind: 'epoch',
          epoch: e.epoch,
          patch: { storagePricePerUnitSize: BigInt(e.storage_price), writePricePerUnitSize: BigInt(e.write_price) },
        });
        break;
      }
      default:
        // Other events (deny list, upgrades, storage pools, shard recovery) change no current-state table here;
        // they are in the event history.
        break;
    }
  }
  return out;
}

// === Object changes ===

function hasOutput(change: ObjectChangeView): boolean {
  return change.operation === 'created' || change.operation === 'mutated' || change.operation === 'unwrapped';
}

function requireValue<T>(change: ObjectChangeView, origin: ChangeOrigin): T {
  if (change.value === undefined) {
    throw new WalrusHandlerError(
      `object ${change.objectId} (${change.type}) was ${change.operation} but the checkpoint carries no contents ` +
        'for it; checkpoints must be read with objects included (read mask `objects`)',
      origin,
    );
  }
  return change.value as T;
}

function requireHolder(change: ObjectChangeView, origin: ChangeOrigin): Holder {
  if (change.holder === undefined) {
    throw new WalrusHandlerError(`object ${change.objectId} (${change.type}) has no owner in the effects`, origin);
  }
  return change.holder;
}

function handleSystemAndStaking(ctx: WalrusContext, tx: TransactionView): WalrusChange[] {
  const out: WalrusChange[] = [];
  const { origin } = tx;
  for (const change of tx.objects) {
    if (!hasOutput(change)) continue;
    switch (change.type) {
      case TYPES.system:
      case TYPES.staking: {
        const shell = requireValue<VersionedShellShape>(change, origin);
        out.push({
          kind: change.type === TYPES.system ? 'system' : 'staking',
          objectId: change.objectId,
          patch: { version: BigInt(shell.version), packageId: shell.package_id, newPackageId: shell.new_package_id },
          origin,
        });
        break;
      }
      case TYPES.systemInnerField: {
        const field = requireValue<FieldShape<string, SystemInnerShape>>(change, origin);
        const inner = field.value;
        const parent = requireHolder(change, origin).owner!;
        // The BLS committee of epoch 0 is empty (0 shards); the Staking state holds the system's shard count then.
        if (inner.committee.n_shards > 0) ctx.nShards = inner.committee.n_shards;
        const ring = inner.future_accounting.ring_buffer;
        const start = inner.future_accounting.current_index;
        const ordered = ring.map((_, i) => ring[(start + i) % ring.length]!);
        out.push({
          kind: 'system',
          objectId: parent,
          patch: {
            version: BigInt(field.name),
            epoch: inner.committee.epoch,
            nShards: inner.committee.n_shards,
            totalCapacitySize: BigInt(inner.total_capacity_size),
            usedCapacitySize: BigInt(inner.used_capacity_size),
            storagePricePerUnitSize: BigInt(inner.storage_price_per_unit_size),
            writePricePerUnitSize: BigInt(inner.write_price_per_unit_size),
            maxEpochsAhead: inner.future_accounting.length,
            futureAccounting: ordered.map((f) => ({
              epoch: f.epoch,
              usedCapacity: String(f.used_capacity),
              rewardsToDistribute: String(f.rewards_to_distribute.value),
            })),
          },
          origin,
        });
        out.push({
          kind: 'epoch',
          epoch: inner.committee.epoch,
          patch: {
            totalCapacitySize: BigInt(inner.total_capacity_size),
            usedCapacitySize: BigInt(inner.used_capacity_size),
            storagePricePerUnitSize: BigInt(inner.storage_price_per_unit_size),
            writePricePerUnitSize: BigInt(inner.write_price_per_unit_size),
            ...(inner.committee.n_shards > 0 && { nShards: inner.committee.n_shards }),
          },
        });
        break;
      }
      case TYPES.stakingInnerField: {
        const field = requireValue<FieldShape<string, StakingInnerShape>>(change, origin);
        const inner = field.value;
        const parent = requireHolder(change, origin).owner!;
        ctx.nShards = inner.n_shards;
        out.push({
          kind: 'staking',
          objectId: parent,
          patch: {
            version: BigInt(field.name),
            nShards: inner.n_shards,
            epochDurationMs: BigInt(inner.epoch_duration),
            firstEpochStartMs: BigInt(inner.first_epoch_start),
            epoch: inner.epoch,
            epochState: epochStateColumns(inner.epoch_state).state,
            epochStateValue: epochStateValue(inner.epoch_state),
            nextCommittee: inner.next_committee === null ? null : committeeEntries(inner.next_committee),
            nextEpochCapacity:
              inner.next_epoch_params === null ? null : BigInt(inner.next_epoch_params.total_capacity_size),
          },
          origin,
        });
        out.push({ kind: 'epoch', epoch: inner.epoch, patch: epochStateColumns(inner.epoch_state) });
        const members = committeeEntries(inner.committee);
        if (members.length > 0) out.push({ kind: 'committee', epoch: inner.epoch, members });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function handlePools(ctx: WalrusContext, tx: TransactionView): WalrusChange[] {
  const out: WalrusChange[] = [];
  const { origin } = tx;
  for (const change of tx.objects) {
    if (change.type !== TYPES.stakingPool || !hasOutput(change)) continue;
    const pool = requireValue<StakingPoolShape>(change, origin);
    const row = storageNodeRow(pool, origin);
    out.push({ kind: 'storageNode', row });
    ctx.nodeByExchangeRatesId.set(row.exchangeRatesId, row.nodeId);
    ctx.nodeByMetadataFieldId.set(row.metadataFieldId, row.nodeId);
    const rates = ctx.pendingExchangeRates.get(row.exchangeRatesId);
    if (rates !== undefined) {
      ctx.pendingExchangeRates.delete(row.exchangeRatesId);
      for (const rate of rates) out.push({ kind: 'exchangeRate', row: { ...rate, nodeId: row.nodeId } });
    }
    if (ctx.pendingNodeMetadata.has(row.metadataFieldId)) {
      const metadata = ctx.pendingNodeMetadata.get(row.metadataFieldId)!;
      ctx.pendingNodeMetadata.delete(row.metadataFieldId);
      out.push({ kind: 'nodeMetadata', nodeId: row.nodeId, metadata });
    }
  }
  for (const change of tx.objects) {
    if (change.type === TYPES.nodeMetadataField) {
      const parent = (hasOutput(change) ? change.holder : change.inputHolder)?.owner;
      if (parent === undefined || parent === null) continue;
      const metadata = hasOutput(change)
        ? nodeMetadataColumns(requireValue<FieldShape<unknown, NodeMetadataShape>>(change, origin).value)
        : null;
      const nodeId = ctx.nodeByMetadataFieldId.get(parent);
      if (nodeId === undefined) ctx.pendingNodeMetadata.set(parent, metadata);
      else out.push({ kind: 'nodeMetadata', nodeId, metadata });
    } else if (change.type === TYPES.exchangeRateField && hasOutput(change)) {
      const field = requireValue<FieldShape<number, PoolExchangeRateShape>>(change, origin);
      const parent = requireHolder(change, origin).owner!;
      const rate = exchangeRateColumns(field.name, field.value);
      const nodeId = ctx.nodeByExchangeRatesId.get(parent);
      if (nodeId === undefined) {
        const pending = ctx.pendingExchangeRates.get(parent) ?? [];
        pending.push(rate);
        ctx.pendingExchangeRates.set(parent, pending);
      } else out.push({ kind: 'exchangeRate', row: { ...rate, nodeId } });
    }
  }
  return out;
}

/**
 * Blob object ids whose full state this transaction shows through object contents (the Blob itself, before its
 * deletion, or inside a SharedBlob); events about other blobs become patches.
 */
function visibleBlobIds(tx: TransactionView): Set<string> {
  const ids = new Set<string>();
  for (const change of tx.objects) {
    if (change.type === TYPES.blob) {
      if (
        (hasOutput(change) && change.value !== undefined) ||
        (change.operation === 'deleted' && change.input !== undefined)
      ) {
        ids.add(change.objectId);
      }
    } else if (change.type === TYPES.sharedBlob && hasOutput(change) && change.value !== undefined) {
      ids.add((change.value as SharedBlobShape).blob.id.id);
    }
  }
  return ids;
}

function handleBlobs(ctx: WalrusContext, tx: TransactionView): WalrusChange[] {
  const out: WalrusChange[] = [];
  const { origin } = tx;
  const deletedByEvent = new Set(
    tx.events.filter((e) => e.type === EVENTS.blobDeleted).map((e) => (e.value as BlobDeletedShape).object_id),
  );
  const inSharedBlob = new Map<string, { sharedBlobId: string; blob: BlobShape }>();
  for (const change of tx.objects) {
    if (change.type !== TYPES.sharedBlob || !hasOutput(change)) continue;
    const shared = requireValue<SharedBlobShape>(change, origin);
    inSharedBlob.set(shared.blob.id.id, { sharedBlobId: change.objectId, blob: shared.blob });
  }
  for (const change of tx.objects) {
    if (change.type === TYPES.blob) {
      if (hasOutput(change)) {
        const blob = requireValue<BlobShape>(change, origin);
        out.push({ kind: 'blob', row: blobRow(blob, requireHolder(change, origin), origin, ctx) });
      } else if (change.operation === 'deleted') {
        const status: StoredBlobStatus = deletedByEvent.has(change.objectId) ? 'deleted' : 'burned';
        if (change.input !== undefined) {
          const holder = change.inputHolder ?? { ownerKind: 'unknown', owner: null };
          out.push({ kind: 'blob', row: { ...blobRow(change.input as BlobShape, holder, origin, ctx), status } });
        } else out.push({ kind: 'blobPatch', objectId: change.objectId, patch: { status }, origin });
      } else if (!inSharedBlob.has(change.objectId)) {
        out.push({
          kind: 'blobPatch',
          objectId: change.objectId,
          patch: { holder: { ownerKind: 'wrapped', owner: null } },
          origin,
        });
      }
    } else if (change.type === TYPES.blobMetadataField) {
      const parent = (hasOutput(change) ? change.holder : change.inputHolder)?.owner;
      if (parent === undefined || parent === null) continue;
      const attributes = hasOutput(change)
        ? vecMapObject(requireValue<FieldShape<unknown, MetadataShape>>(change, origin).value.metadata)
        : null;
      out.push({ kind: 'blobAttributes', objectId: parent, attributes, origin });
    }
  }
  for (const [, { sharedBlobId, blob }] of inSharedBlob) {
    out.push({ kind: 'blob', row: blobRow(blob, { ownerKind: 'shared_blob', owner: sharedBlobId }, origin, ctx) });
  }
  return out;
}

function handleStakedWals(tx: TransactionView): WalrusChange[] {
  const out: WalrusChange[] = [];
  const { origin } = tx;
  const stakedWals = tx.objects.filter((c) => c.type === TYPES.stakedWal);
  // Principal gained by surviving positions in this transaction, by node: a destroyed position whose principal
  // shows up there was merged (`join`), not withdrawn.
  const gains: { nodeId: string; gain: bigint }[] = [];
  for (const change of stakedWals) {
    if (change.operation !== 'mutated' || change.value === undefined || change.input === undefined) continue;
    const after = change.value as StakedWalShape;
    const before = change.input as StakedWalShape;
    const gain = BigInt(after.principal.value) - BigInt(before.principal.value);
    if (gain > 0n) gains.push({ nodeId: after.node_id, gain });
  }
  for (const change of stakedWals) {
    if (hasOutput(change)) {
      const staked = requireValue<StakedWalShape>(change, origin);
      const holder = requireHolder(change, origin);
      out.push({
        kind: 'stakedWal',
        row: {
          objectId: change.objectId,
          ownerKind: holder.ownerKind,
          owner: holder.owner,
          nodeId: staked.node_id,
          principal: BigInt(staked.principal.value),
          state: staked.state.$kind === 'Staked' ? 'staked' : 'withdrawing',
          activationEpoch: staked.activation_epoch,
          withdrawEpoch: staked.state.$kind === 'Withdrawing' ? staked.state.Withdrawing.withdraw_epoch : null,
          createdCheckpoint: origin.checkpoint,
          createdTxDigest: origin.txDigest,
          updatedCheckpoint: origin.checkpoint,
          updatedTxDigest: origin.txDigest,
        },
      });
    } else if (change.operation === 'deleted') {
      let state: 'withdrawn' | 'merged' = 'withdrawn';
      if (change.input !== undefined) {
        const before = change.input as StakedWalShape;
        const principal = BigInt(before.principal.value);
        const index = gains.findIndex((g) => g.nodeId === before.node_id && g.gain === principal);
        if (index >= 0) {
          state = 'merged';
          gains.splice(index, 1);
        }
      }
      out.push({ kind: 'stakedWalPatch', objectId: change.objectId, patch: { state }, origin });
    } else {
      out.push({
        kind: 'stakedWalPatch',
        objectId: change.objectId,
        patch: { holder: { ownerKind: 'wrapped', owner: null } },
        origin,
      });
    }
  }
  return out;
}

/**
 * All row changes of one transaction, in application order: events (epoch changes first take effect for what
 * follows), System / Staking state, pools and their fields, blobs, staked positions. Advances `ctx`.
 */
export function processTransaction(ctx: WalrusContext, tx: TransactionView): WalrusChange[] {
  const visible = visibleBlobIds(tx);
  return [
    ...handleEvents(ctx, tx, visible),
    ...handleSystemAndStaking(ctx, tx),
    ...handlePools(ctx, tx),
    ...handleBlobs(ctx, tx),
    ...handleStakedWals(tx),
  ];
}
