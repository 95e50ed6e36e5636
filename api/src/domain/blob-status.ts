// The aggregated status of a blob id in the API's shape. The rule itself (spec 6.3) is the indexer's
// `blobIdStatus`; this only maps its result onto the GraphQL model.
import { blobIdStatus } from '../../../indexer/src/walrus/blob-id-status.ts';
import type { BlobRow, BlobStatusModel, InvalidBlobIdRow } from '../schema/parents.ts';

const NO_COUNTS = { countDeletableTotal: 0, countDeletableCertified: 0 };

export function aggregateBlobStatus(
  blobId: string,
  objects: BlobRow[],
  invalid: InvalidBlobIdRow | null,
  currentEpoch: number,
): BlobStatusModel {
  const status = blobIdStatus(objects, invalid, currentEpoch);
  const base = {
    blobId,
    objects,
    invalidation: invalid,
    endEpoch: null,
    isCertified: null,
    initialCertifiedEpoch: null,
    deletableCounts: NO_COUNTS,
  };
  switch (status.kind) {
    case 'invalid':
      return { ...base, status: 'INVALID' };
    case 'nonexistent':
      return { ...base, status: 'NONEXISTENT' };
    case 'deletable':
      return {
        ...base,
        status: 'DELETABLE',
        initialCertifiedEpoch: status.initialCertifiedEpoch,
        deletableCounts: {
          countDeletableTotal: status.deletableCounts.total,
          countDeletableCertified: status.deletableCounts.certified,
        },
      };
    case 'permanent':
      return {
        ...base,
        status: 'PERMANENT',
        endEpoch: status.endEpoch,
        isCertified: status.isCertified,
        initialCertifiedEpoch: status.initialCertifiedEpoch,
        deletableCounts: {
          countDeletableTotal: status.deletableCounts.total,
          countDeletableCertified: status.deletableCounts.certified,
        },
      };
  }
}
