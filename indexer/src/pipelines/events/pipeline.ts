// The `events` pipeline: every event whose type is defined in the `events` module of a package of the
// deployment's lineage, stored in chain order with its raw BCS and, when the decoder knows the type, its fields
// as JSON. Unknown types are kept raw and counted, never dropped.
import type { Checkpoint } from '../../checkpoint/codec.ts';
import type { PackageLineage } from '../../config/deployment.ts';
import { jsonText } from '../../db/copy-text.ts';
import { type HistoryTableSpec, writeHistoryRows } from '../../db/tables.ts';
import type { IndexerMetrics } from '../../metrics/metrics.ts';
import type { CheckpointContext, SequentialPipeline } from '../../pipeline/pipeline.ts';
import { originalTypeName, structTagHead } from './type-tag.ts';

/**
 * Decodes an event's BCS given its upgrade-stable type name (`<original id>::events::Name`). Returns the fields
 * as JSON-able data, or undefined when the type is unknown. Throwing means "known type, undecodable bytes".
 */
export type EventDecoder = (typeName: string, bcs: Uint8Array) => unknown | undefined;

export type DecodeOutcome = 'decoded' | 'unknown' | 'failed';

export interface EventRow {
  txDigest: string;
  eventIndex: number;
  checkpoint: bigint;
  txIndex: number;
  timestampMs: bigint;
  sender: string;
  eventType: string;
  typeName: string;
  bcs: Uint8Array;
  /** JSON text of the decoded fields, or null. */
  json: string | null;
  outcome: DecodeOutcome;
}

export const EVENTS_TABLE: HistoryTableSpec<EventRow> = {
  table: 'events',
  checkpointColumn: 'checkpoint',
  columns: [
    'tx_digest',
    'event_index',
    'checkpoint',
    'tx_index',
    'timestamp_ms',
    'sender',
    'event_type',
    'type_name',
    'bcs',
    'json',
  ],
  values: (r) => [
    r.txDigest,
    r.eventIndex,
    r.checkpoint,
    r.txIndex,
    r.timestampMs,
    r.sender,
    r.eventType,
    r.typeName,
    r.bcs,
    r.json,
  ],
};

export interface EventsPipelineOptions {
  lineage: PackageLineage;
  decode?: EventDecoder;
  /** Module whose events are indexed (walrus declares all of them in `events`). */
  module?: string;
  metrics?: IndexerMetrics;
  name?: string;
}

function decodeEvent(
  decode: EventDecoder | undefined,
  typeName: string,
  bcs: Uint8Array,
): { json: string | null; outcome: DecodeOutcome } {
  if (!decode) return { json: null, outcome: 'unknown' };
  let value: unknown;
  try {
    value = decode(typeName, bcs);
  } catch {
    return { json: null, outcome: 'failed' };
  }
  return value === undefined ? { json: null, outcome: 'unknown' } : { json: jsonText(value), outcome: 'decoded' };
}

/**
 * Whether an event type belongs to the indexed module of the lineage, and its upgrade-stable name. A chain has
 * few event types, so the answers are memoised (which also shares one string per type across all rows).
 */
export function eventTypeClassifier(
  lineage: PackageLineage,
  module: string,
): (eventType: string) => string | undefined {
  const memo = new Map<string, string | null>();
  return (eventType) => {
    let typeName = memo.get(eventType);
    if (typeName === undefined) {
      const head = structTagHead(eventType);
      typeName =
        head && head.module === module && lineage.ids.has(head.address) ? originalTypeName(eventType, lineage) : null;
      if (memo.size < 10_000) memo.set(eventType, typeName);
    }
    return typeName ?? undefined;
  };
}

/** Rows of one checkpoint (pure). */
export function extractEvents(
  checkpoint: Checkpoint,
  context: CheckpointContext,
  classify: (eventType: string) => string | undefined,
  decode: EventDecoder | undefined,
): EventRow[] {
  const rows: EventRow[] = [];
  let bcsBytes = 0;
  checkpoint.transactions.forEach((tx, txIndex) => {
    const events = tx.events?.events;
    if (!events || events.length === 0) return;
    events.forEach((event, eventIndex) => {
      const eventType = event.eventType ?? event.contents?.name;
      if (!eventType) return;
      const typeName = classify(eventType);
      if (typeName === undefined) return;
      const txDigest = tx.digest ?? event.transactionDigest;
      if (!txDigest) throw new Error(`transaction ${txIndex} has an event of ${eventType} but no digest`);
      const bcs = event.contents?.value;
      if (!bcs) throw new Error(`event ${eventIndex} of transaction ${txDigest} (${eventType}) has no BCS contents`);
      bcsBytes += bcs.length;
      rows.push({
        txDigest,
        eventIndex,
        checkpoint: context.sequenceNumber,
        txIndex,
        timestampMs: context.timestampMs,
        sender: event.sender ?? '',
        eventType,
        typeName,
        bcs,
        ...decodeEvent(decode, typeName, bcs),
      });
    });
  });
  // The decoded bytes are views into the whole decompressed checkpoint, which would stay in memory as long as
  // any of its rows waits for the committer. Copy this checkpoint's BCS into one compact buffer instead.
  const compact = new Uint8Array(bcsBytes);
  let offset = 0;
  for (const row of rows) {
    compact.set(row.bcs, offset);
    row.bcs = compact.subarray(offset, offset + row.bcs.length);
    offset += row.bcs.length;
  }
  return rows;
}

export function eventsPipeline(options: EventsPipelineOptions): SequentialPipeline<EventRow> {
  const classify = eventTypeClassifier(options.lineage, options.module ?? 'events');
  return {
    name: options.name ?? 'events',
    process: (checkpoint, context) => extractEvents(checkpoint, context, classify, options.decode),
    commit: (tx, batch) => writeHistoryRows(tx, EVENTS_TABLE, batch.first, batch.last, batch.rows),
    committed(batch) {
      const metrics = options.metrics;
      if (!metrics) return;
      for (const row of batch.rows) {
        if (row.outcome === 'unknown') metrics.unknownEventTypes.inc({ event_type: row.typeName });
        else if (row.outcome === 'failed') metrics.eventDecodeFailures.inc({ event_type: row.typeName });
      }
    },
  };
}
