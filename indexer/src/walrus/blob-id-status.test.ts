import { describe, expect, it } from 'vitest';
import { blobIdStatus, type BlobObjectState } from './blob-id-status.ts';

const object = (objectId: string, overrides: Partial<BlobObjectState> = {}): BlobObjectState => ({
  objectId,
  deletable: false,
  certifiedEpoch: null,
  endEpoch: 10,
  status: 'registered',
  ...overrides,
});

describe('blob id status', () => {
  it('is nonexistent without objects, and when every object is deleted or expired', () => {
    expect(blobIdStatus([], null, 3)).toEqual({ kind: 'nonexistent' });
    expect(
      blobIdStatus([object('a', { status: 'deleted', deletable: true }), object('b', { endEpoch: 3 })], null, 3),
    ).toEqual({ kind: 'nonexistent' });
  });

  it('is invalid whenever the blob id was declared invalid, whatever objects exist', () => {
    expect(blobIdStatus([object('a', { certifiedEpoch: 1 })], { epoch: 2 }, 3)).toEqual({ kind: 'invalid', epoch: 2 });
  });

  it('is permanent with the latest certified end epoch when a permanent object is certified', () => {
    const status = blobIdStatus(
      [
        object('a', { certifiedEpoch: 2, endEpoch: 8, status: 'certified' }),
        object('b', { endEpoch: 20 }),
        object('c', { certifiedEpoch: 4, endEpoch: 9, status: 'burned' }),
        object('d', { deletable: true, certifiedEpoch: 1, status: 'certified' }),
        object('e', { deletable: true }),
      ],
      null,
      3,
    );
    expect(status).toEqual({
      kind: 'permanent',
      endEpoch: 9,
      isCertified: true,
      objectId: 'c',
      deletableCounts: { total: 2, certified: 1 },
      initialCertifiedEpoch: 1,
    });
  });

  it('is permanent and uncertified with the latest registered end epoch when no permanent object is certified', () => {
    const status = blobIdStatus([object('a', { endEpoch: 8 }), object('b', { endEpoch: 12 })], null, 3);
    expect(status).toMatchObject({
      kind: 'permanent',
      endEpoch: 12,
      isCertified: false,
      objectId: 'b',
      initialCertifiedEpoch: null,
    });
  });

  it('is deletable with counts when only deletable objects are stored', () => {
    const status = blobIdStatus(
      [object('a', { deletable: true, certifiedEpoch: 3, status: 'certified' }), object('b', { deletable: true })],
      null,
      4,
    );
    expect(status).toEqual({
      kind: 'deletable',
      deletableCounts: { total: 2, certified: 1 },
      initialCertifiedEpoch: 3,
    });
  });
});
