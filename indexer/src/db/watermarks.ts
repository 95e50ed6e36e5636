// Reading and advancing a pipeline's watermark. The advance runs inside the batch's transaction and first
// locks the row and checks it still points just before the batch, so two indexers writing the same pipeline
// into one database cannot both commit the same checkpoints.
import type { SqlExecutor } from './database.ts';

export interface Watermark {
  /** Last checkpoint whose rows are committed. */
  checkpoint: bigint;
  checkpointTimestampMs: bigint;
}

/** Another writer moved the watermark under us: stop instead of committing checkpoints twice. */
export class WatermarkConflictError extends Error {
  constructor(pipeline: string, expected: bigint | undefined, found: bigint | undefined) {
    super(
      `pipeline ${pipeline}: watermark is ${found ?? 'absent'} but this indexer expected ${expected ?? 'absent'}; ` +
        'another indexer is writing the same pipeline into this database. Run one indexer per database schema.',
    );
    this.name = 'WatermarkConflictError';
  }
}

export async function readWatermark(db: SqlExecutor, pipeline: string): Promise<Watermark | undefined> {
  const { rows } = await db.query<{ checkpoint: string | bigint; checkpoint_timestamp_ms: string | bigint }>(
    'SELECT checkpoint, checkpoint_timestamp_ms FROM pipeline_watermarks WHERE pipeline = $1',
    [pipeline],
  );
  const row = rows[0];
  return row && { checkpoint: BigInt(row.checkpoint), checkpointTimestampMs: BigInt(row.checkpoint_timestamp_ms) };
}

/**
 * Locks the pipeline's watermark row for the rest of this transaction and returns the checkpoint it holds
 * (undefined when the pipeline has never committed).
 */
export async function lockWatermark(tx: SqlExecutor, pipeline: string): Promise<bigint | undefined> {
  const { rows } = await tx.query<{ checkpoint: string | bigint }>(
    'SELECT checkpoint FROM pipeline_watermarks WHERE pipeline = $1 FOR UPDATE',
    [pipeline],
  );
  return rows[0] === undefined ? undefined : BigInt(rows[0].checkpoint);
}

export async function writeWatermark(tx: SqlExecutor, pipeline: string, watermark: Watermark): Promise<void> {
  await tx.query(
    `INSERT INTO pipeline_watermarks (pipeline, checkpoint, checkpoint_timestamp_ms, updated_at)
     VALUES ($1, $2, $3, now())
     ON CONFLICT (pipeline) DO UPDATE SET checkpoint = EXCLUDED.checkpoint,
       checkpoint_timestamp_ms = EXCLUDED.checkpoint_timestamp_ms, updated_at = now()`,
    [pipeline, watermark.checkpoint.toString(), watermark.checkpointTimestampMs.toString()],
  );
}
