// Which indexed rows a response may show. Each pipeline commits its rows with its own watermark in its own
// transaction (the runner commits `events` before `walrus` for every batch), so one snapshot can hold events of
// checkpoints the domain tables have not reached yet. The response's checkpoint is the lowest watermark in the
// snapshot; reads of the append-only events table stop there.
import { lte, sql, type SQL } from 'drizzle-orm';
import { events, pipelineWatermarks } from './tables.ts';

/**
 * The lowest pipeline watermark of the reading snapshot, as a scalar subquery (-1 while nothing is indexed). Part of
 * the statement it caps, so it costs no round trip and Postgres evaluates it once (an InitPlan) before using the
 * event indexes.
 */
export const indexedCheckpointSql: SQL<bigint> = sql<bigint>`(select coalesce(min(${pipelineWatermarks.checkpoint}), -1) from ${pipelineWatermarks})`;

/** The condition every read of the events table carries: nothing beyond the checkpoint the response reflects. */
export const eventsUpToIndexedCheckpoint: SQL = lte(events.checkpoint, indexedCheckpointSql);
