// Folds the row changes of a batch (many checkpoints) into at most one write per row: full rows replace what came
// before them in the batch (keeping the first-seen creation columns), patches merge into a full row when there is
// one and into each other when there is not. Pure: the committer turns the result into SQL.
import type { CommitteeEntry } from '../db/walrus-schema.ts';
import type {
  BlobPatch,
  BlobRow,
  ChangeOrigin,
  EpochPatch,
  NodeMetadataColumns,
  PoolExchangeRateRow,
  StakedWalPatch,
  StakedWalRow,
  StakingPatch,
  StorageNodeRow,
  SystemPatch,
  WalrusChange,
} from './changes.ts';

export interface PendingPatch<P> {
  patch: P;
  origin: ChangeOrigin;
}

/** Either a full row (patches already applied) or only a patch, for a key the batch has no full row of. */
export type Folded<R, P> = { row: R; patch?: undefined } | { row?: undefined; patch: PendingPatch<P> };

export interface FoldedBatch {
  blobs: Map<string, Folded<BlobRow, BlobPatch>>;
  blobAttributes: Map<string, { attributes: Record<string, string> | null; origin: ChangeOrigin }>;
  invalidBlobIds: Map<string, WalrusChange & { kind: 'invalidBlobId' }>;
  epochs: Map<number, EpochPatch>;
  committees: Map<string, { epoch: number; member: CommitteeEntry }>;
  storageNodes: Map<string, StorageNodeRow>;
  nodeMetadata: Map<string, NodeMetadataColumns | null>;
  exchangeRates: Map<string, PoolExchangeRateRow>;
  stakedWals: Map<string, Folded<StakedWalRow, StakedWalPatch>>;
  system: Map<string, { patch: SystemPatch; checkpoint: bigint }>;
  staking: Map<string, { patch: StakingPatch; checkpoint: bigint }>;
}

export function emptyBatch(): FoldedBatch {
  return {
    blobs: new Map(),
    blobAttributes: new Map(),
    invalidBlobIds: new Map(),
    epochs: new Map(),
    committees: new Map(),
    storageNodes: new Map(),
    nodeMetadata: new Map(),
    exchangeRates: new Map(),
    stakedWals: new Map(),
    system: new Map(),
    staking: new Map(),
  };
}

/** Whether the batch writes nothing. */
export function isEmptyBatch(batch: FoldedBatch): boolean {
  return [
    batch.blobs,
    batch.blobAttributes,
    batch.invalidBlobIds,
    batch.epochs,
    batch.committees,
    batch.storageNodes,
    batch.nodeMetadata,
    batch.exchangeRates,
    batch.stakedWals,
    batch.system,
    batch.staking,
  ].every((m) => m.size === 0);
}

function applyBlobPatch(row: BlobRow, patch: BlobPatch, origin: ChangeOrigin): BlobRow {
  return {
    ...row,
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.certifiedEpoch !== undefined && { certifiedEpoch: patch.certifiedEpoch }),
    ...(patch.endEpoch !== undefined && { endEpoch: patch.endEpoch }),
    ...(patch.holder !== undefined && { ownerKind: patch.holder.ownerKind, owner: patch.holder.owner }),
    updatedCheckpoint: origin.checkpoint,
    updatedTxDigest: origin.txDigest,
  };
}

function applyStakedWalPatch(row: StakedWalRow, patch: StakedWalPatch, origin: ChangeOrigin): StakedWalRow {
  return {
    ...row,
    ...(patch.state !== undefined && { state: patch.state }),
    ...(patch.holder !== undefined && { ownerKind: patch.holder.ownerKind, owner: patch.holder.owner }),
    updatedCheckpoint: origin.checkpoint,
    updatedTxDigest: origin.txDigest,
  };
}

type Creation<R> = Pick<R, Extract<keyof R, `created${string}`>>;

function keepCreation<R extends object>(previous: R | undefined, next: R): R {
  if (previous === undefined) return next;
  const creation: Partial<Creation<R>> = {};
  for (const key of Object.keys(previous) as (keyof R)[]) {
    if (typeof key === 'string' && key.startsWith('created'))
      (creation as Record<string, unknown>)[key] = previous[key];
  }
  return { ...next, ...creation };
}

function foldRow<R extends object, P>(map: Map<string, Folded<R, P>>, key: string, row: R): void {
  map.set(key, { row: keepCreation(map.get(key)?.row, row) });
}

function foldPatch<R extends object, P extends object>(
  map: Map<string, Folded<R, P>>,
  key: string,
  patch: P,
  origin: ChangeOrigin,
  apply: (row: R, patch: P, origin: ChangeOrigin) => R,
): void {
  const current = map.get(key);
  if (current?.row !== undefined) map.set(key, { row: apply(current.row, patch, origin) });
  else map.set(key, { patch: { patch: { ...current?.patch?.patch, ...patch }, origin } });
}

/** Adds `changes` (in order) to `batch`. */
export function foldChanges(batch: FoldedBatch, changes: readonly WalrusChange[]): FoldedBatch {
  for (const change of changes) {
    switch (change.kind) {
      case 'blob':
        foldRow(batch.blobs, change.row.objectId, change.row);
        break;
      case 'blobPatch':
        foldPatch(batch.blobs, change.objectId, change.patch, change.origin, applyBlobPatch);
        break;
      case 'blobAttributes':
        batch.blobAttributes.set(change.objectId, { attributes: change.attributes, origin: change.origin });
        break;
      case 'invalidBlobId':
        if (!batch.invalidBlobIds.has(change.row.blobId)) batch.invalidBlobIds.set(change.row.blobId, change);
        break;
      case 'epoch':
        batch.epochs.set(change.epoch, { ...batch.epochs.get(change.epoch), ...change.patch });
        break;
      case 'committee':
        for (const member of change.members) {
          batch.committees.set(`${change.epoch}:${member.nodeId}`, { epoch: change.epoch, member });
        }
        break;
      case 'storageNode':
        batch.storageNodes.set(change.row.nodeId, keepCreation(batch.storageNodes.get(change.row.nodeId), change.row));
        break;
      case 'nodeMetadata':
        batch.nodeMetadata.set(change.nodeId, change.metadata);
        break;
      case 'exchangeRate':
        batch.exchangeRates.set(`${change.row.nodeId}:${change.row.epoch}`, change.row);
        break;
      case 'stakedWal':
        foldRow(batch.stakedWals, change.row.objectId, change.row);
        break;
      case 'stakedWalPatch':
        foldPatch(batch.stakedWals, change.objectId, change.patch, change.origin, applyStakedWalPatch);
        break;
      case 'system':
      case 'staking': {
        const map = change.kind === 'system' ? batch.system : batch.staking;
        const previous = map.get(change.objectId)?.patch;
        map.set(change.objectId, { patch: { ...previous, ...change.patch }, checkpoint: change.origin.checkpoint });
        break;
      }
    }
  }
  return batch;
}
