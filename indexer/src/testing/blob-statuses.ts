// Blob statuses as readers see them, read from an indexed database: the stored status with expiry derived from
// the latest indexed epoch, which is what the synthetic network's expectations describe.
import type { SqlExecutor } from '../db/database.ts';
import type { BlobStatus, StoredBlobStatus } from '../db/walrus-schema.ts';
import { effectiveBlobStatus } from '../walrus/blob-status.ts';

export interface IndexedBlobStatuses {
  /** Object id → status as readers see it. */
  statuses: Map<string, BlobStatus>;
  /** How many of them are expired without their row saying so (derived, not stored). */
  derivedExpired: number;
}

export async function readBlobStatuses(db: Pick<SqlExecutor, 'query'>): Promise<IndexedBlobStatuses> {
  const rows = await db.query<{ object_id: string; status: StoredBlobStatus; end_epoch: number }>(
    'SELECT object_id, status, end_epoch FROM blobs',
  );
  const latest = await db.query<{ epoch: number | null }>('SELECT max(epoch) AS epoch FROM epochs');
  const current = latest.rows[0]?.epoch ?? null;
  const statuses = new Map<string, BlobStatus>();
  let derivedExpired = 0;
  for (const row of rows.rows) {
    const status = effectiveBlobStatus(row.status, row.end_epoch, current);
    if (status !== row.status) derivedExpired += 1;
    statuses.set(row.object_id, status);
  }
  return { statuses, derivedExpired };
}
