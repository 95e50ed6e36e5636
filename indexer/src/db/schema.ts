// The indexer's database schema: the one definition of every table (drizzle), from which migrations are
// generated (`npm run db:generate`) and the API's read types are derived.
import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * How far each pipeline has committed. Written in the same transaction as the pipeline's rows, so a restart
 * resumes exactly after the last committed checkpoint.
 */
export const pipelineWatermarks = pgTable('pipeline_watermarks', {
  pipeline: text('pipeline').primaryKey(),
  /** Last checkpoint sequence number whose rows are committed. */
  checkpoint: bigint('checkpoint', { mode: 'bigint' }).notNull(),
  /** Timestamp (ms since the Unix epoch) of that checkpoint. */
  checkpointTimestampMs: bigint('checkpoint_timestamp_ms', { mode: 'bigint' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
