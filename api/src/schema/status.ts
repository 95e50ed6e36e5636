// The indexer status a response reflects, from the pipelines' watermarks read in the same snapshot.
import type { WatermarkRow } from '../loaders.ts';
import type { IndexerStatusModel } from './parents.ts';

/**
 * The checkpoint a response is consistent with is the lowest watermark: reads of the events table stop there
 * (consistency.ts), and the domain tables reach it (they sit at the `walrus` watermark, at or above it). Lag is
 * measured from `nowMs` to that checkpoint's timestamp (never negative).
 */
export function indexerStatus(watermarks: readonly WatermarkRow[], nowMs: number): IndexerStatusModel {
  const pipelines = watermarks.map((w) => ({
    pipeline: w.pipeline,
    checkpoint: w.checkpoint,
    checkpointTimestamp: new Date(Number(w.checkpointTimestampMs)),
    updatedAt: w.updatedAt,
  }));
  let lowest: WatermarkRow | undefined;
  for (const w of watermarks) if (!lowest || w.checkpoint < lowest.checkpoint) lowest = w;
  if (!lowest) return { checkpoint: null, checkpointTimestamp: null, lagMs: null, pipelines };
  const lag = BigInt(nowMs) - lowest.checkpointTimestampMs;
  return {
    checkpoint: lowest.checkpoint,
    checkpointTimestamp: new Date(Number(lowest.checkpointTimestampMs)),
    lagMs: lag > 0n ? lag : 0n,
    pipelines,
  };
}
