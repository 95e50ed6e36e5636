import { describe, expect, it } from 'vitest';
import type { BlobRow, ChangeOrigin, WalrusChange } from './changes.ts';
import { emptyBatch, foldChanges, isEmptyBatch } from './fold.ts';

const origin = (checkpoint: number): ChangeOrigin => ({
  checkpoint: BigInt(checkpoint),
  txDigest: `tx${checkpoint}`,
  timestampMs: BigInt(checkpoint),
});

function row(checkpoint: number, overrides: Partial<BlobRow> = {}): BlobRow {
  return {
    objectId: '0x1',
    blobId: 'b',
    ownerKind: 'address',
    owner: '0xa',
    size: 1n,
    encodingType: 1,
    encodedSize: 10n,
    deletable: true,
    registeredEpoch: 1,
    certifiedEpoch: null,
    storageId: '0x2',
    startEpoch: 1,
    endEpoch: 5,
    storageSize: 10n,
    status: 'registered',
    createdCheckpoint: BigInt(checkpoint),
    createdTxDigest: `tx${checkpoint}`,
    createdTimestampMs: BigInt(checkpoint),
    updatedCheckpoint: BigInt(checkpoint),
    updatedTxDigest: `tx${checkpoint}`,
    ...overrides,
  };
}

describe('folding a batch', () => {
  it('keep the creation columns of the first full row and the contents of the last', () => {
    const batch = foldChanges(emptyBatch(), [
      { kind: 'blob', row: row(1) },
      { kind: 'blob', row: row(2, { certifiedEpoch: 2, status: 'certified' }) },
    ]);
    expect(batch.blobs.get('0x1')!.row).toMatchObject({
      createdCheckpoint: 1n,
      updatedCheckpoint: 2n,
      status: 'certified',
    });
  });

  it('apply a patch onto the full row of the same batch', () => {
    const batch = foldChanges(emptyBatch(), [
      { kind: 'blob', row: row(1) },
      {
        kind: 'blobPatch',
        objectId: '0x1',
        patch: { status: 'deleted', holder: { ownerKind: 'wrapped', owner: null } },
        origin: origin(3),
      },
    ]);
    expect(batch.blobs.get('0x1')!.row).toMatchObject({
      status: 'deleted',
      ownerKind: 'wrapped',
      owner: null,
      updatedCheckpoint: 3n,
    });
  });

  it('merge patches of a row the batch has no contents for, later fields winning', () => {
    const changes: WalrusChange[] = [
      { kind: 'blobPatch', objectId: '0x1', patch: { certifiedEpoch: 2, status: 'certified' }, origin: origin(1) },
      { kind: 'blobPatch', objectId: '0x1', patch: { status: 'deleted' }, origin: origin(2) },
    ];
    expect(foldChanges(emptyBatch(), changes).blobs.get('0x1')).toEqual({
      patch: { patch: { certifiedEpoch: 2, status: 'deleted' }, origin: origin(2) },
    });
  });

  it('keep the first invalid report of a blob id', () => {
    const invalid = (epoch: number): WalrusChange => ({
      kind: 'invalidBlobId',
      row: { blobId: 'x', epoch, checkpoint: BigInt(epoch), txDigest: 't', timestampMs: 0n },
    });
    const batch = foldChanges(emptyBatch(), [invalid(4), invalid(5)]);
    expect(batch.invalidBlobIds.get('x')!.row.epoch).toBe(4);
  });

  it('report an untouched batch as empty and a touched one as not', () => {
    expect(isEmptyBatch(emptyBatch())).toBe(true);
    expect(isEmptyBatch(foldChanges(emptyBatch(), [{ kind: 'epoch', epoch: 1, patch: {} }]))).toBe(false);
  });
});
