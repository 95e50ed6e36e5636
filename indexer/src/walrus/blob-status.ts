// Status of one Blob object as readers see it. The indexer stores what changes with a transaction (registered,
// certified, deleted, burned); `expired` follows from the current epoch alone, so it is derived where the status is
// read, with the epoch of the same snapshot. Pure, shared by the API and the tests.
import type { BlobStatus, StoredBlobStatus } from '../db/walrus-schema.ts';

/** Stored statuses of a blob that still holds its storage, i.e. the ones that turn into `expired`. */
export const LIVE_STORED_STATUSES: readonly StoredBlobStatus[] = ['registered', 'certified'];

/**
 * The status of a blob with stored status `stored` and storage ending at `endEpoch`, when `currentEpoch` is the
 * latest epoch that has started (null before the first: nothing has expired yet). An epoch that reaches the end
 * epoch expires the blob, as `Storage`'s `[start_epoch, end_epoch)` range says.
 */
export function effectiveBlobStatus(
  stored: StoredBlobStatus,
  endEpoch: number,
  currentEpoch: number | null,
): BlobStatus {
  if (currentEpoch !== null && endEpoch <= currentEpoch && LIVE_STORED_STATUSES.includes(stored)) return 'expired';
  return stored;
}
