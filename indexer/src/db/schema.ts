// The indexer's database schema: the one definition of every table (drizzle), from which migrations are
// generated (`npm run db:generate`) and the API's read types are derived.
import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

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

/**
 * Every event of the deployment's package lineage (module `events`), in chain order, append-only. Events whose
 * type no decoder knows keep `json` NULL and are still stored with their BCS.
 */
export const events = pgTable(
  'events',
  {
    txDigest: text('tx_digest').notNull(),
    /** Position of the event in its transaction's events. */
    eventIndex: integer('event_index').notNull(),
    checkpoint: bigint('checkpoint', { mode: 'bigint' }).notNull(),
    /** Position of the transaction in its checkpoint (orders events within a checkpoint). */
    txIndex: integer('tx_index').notNull(),
    /** Checkpoint timestamp, ms since the Unix epoch. */
    timestampMs: bigint('timestamp_ms', { mode: 'bigint' }).notNull(),
    sender: text('sender').notNull(),
    /** Full Move type tag as emitted (package id of the version that defined the type). */
    eventType: text('event_type').notNull(),
    /** The type tag with every lineage package id replaced by the original package id: stable across upgrades. */
    typeName: text('type_name').notNull(),
    bcs: bytea('bcs').notNull(),
    /** Decoded fields; NULL when no decoder knows the type. */
    json: jsonb('json'),
  },
  (t) => [
    primaryKey({ name: 'events_pkey', columns: [t.txDigest, t.eventIndex] }),
    index('events_checkpoint_idx').on(t.checkpoint, t.txIndex, t.eventIndex),
    index('events_type_name_idx').on(t.typeName, t.checkpoint),
    index('events_sender_idx').on(t.sender, t.checkpoint),
    // A blob's history (the API's `Blob.events`): events naming the object in their decoded fields. The
    // expression must stay exactly the one the API filters on.
    index('events_object_id_idx').on(sql`(${t.json} ->> 'object_id')`),
  ],
);
