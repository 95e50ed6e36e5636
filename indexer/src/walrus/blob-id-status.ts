// Status of a blob id as storage nodes report it (spec 6.3), derived from the indexed Blob objects of that id, the
// invalid-id record and the current epoch. Pure, so the API computes it per request from a handful of rows.
import type { BlobStatus } from '../db/walrus-schema.ts';

/** The columns of a `blobs` row the status needs. */
export interface BlobObjectState {
  objectId: string;
  deletable: boolean;
  certifiedEpoch: number | null;
  endEpoch: number;
  status: BlobStatus;
}

export interface DeletableCounts {
  /** Live deletable objects of the blob id. */
  total: number;
  /** Of those, the certified ones. */
  certified: number;
}

export type BlobIdStatus =
  | { kind: 'nonexistent' }
  | { kind: 'invalid'; epoch: number }
  | {
      kind: 'permanent';
      /** Latest end epoch of the live permanent objects (of the certified ones when any is certified). */
      endEpoch: number;
      isCertified: boolean;
      /** The permanent object that provides endEpoch. */
      objectId: string;
      deletableCounts: DeletableCounts;
      /** Earliest certification epoch among live objects; null when none is certified. */
      initialCertifiedEpoch: number | null;
    }
  | { kind: 'deletable'; deletableCounts: DeletableCounts; initialCertifiedEpoch: number | null };

/**
 * An object keeps its blob id stored while the current epoch is before its end epoch and it was not deleted.
 * Burned objects count: burning gives up the object, not the storage.
 */
export function isStoredObject(object: BlobObjectState, currentEpoch: number): boolean {
  return object.status !== 'deleted' && object.endEpoch > currentEpoch;
}

/**
 * The status of one blob id. Precedence as the storage nodes apply it: invalid, then permanent, then deletable,
 * then nonexistent.
 */
export function blobIdStatus(
  objects: readonly BlobObjectState[],
  invalid: { epoch: number } | null,
  currentEpoch: number,
): BlobIdStatus {
  if (invalid !== null) return { kind: 'invalid', epoch: invalid.epoch };
  const live = objects.filter((o) => isStoredObject(o, currentEpoch));
  const deletable = live.filter((o) => o.deletable);
  const deletableCounts: DeletableCounts = {
    total: deletable.length,
    certified: deletable.filter((o) => o.certifiedEpoch !== null).length,
  };
  const certifiedEpochs = live.flatMap((o) => (o.certifiedEpoch === null ? [] : [o.certifiedEpoch]));
  const initialCertifiedEpoch = certifiedEpochs.length === 0 ? null : Math.min(...certifiedEpochs);
  const permanent = live.filter((o) => !o.deletable);
  if (permanent.length > 0) {
    const certified = permanent.filter((o) => o.certifiedEpoch !== null);
    const candidates = certified.length > 0 ? certified : permanent;
    const latest = candidates.reduce((best, o) =>
      o.endEpoch > best.endEpoch || (o.endEpoch === best.endEpoch && o.objectId < best.objectId) ? o : best,
    );
    return {
      kind: 'permanent',
      endEpoch: latest.endEpoch,
      isCertified: certified.length > 0,
      objectId: latest.objectId,
      deletableCounts,
      initialCertifiedEpoch,
    };
  }
  if (deletable.length > 0) return { kind: 'deletable', deletableCounts, initialCertifiedEpoch };
  return { kind: 'nonexistent' };
}
