// Test support: a table's full content in a canonical, comparable form.
import type { SqlExecutor } from '../db/database.ts';

/** Every row of `table` ordered by `orderBy`, values normalised (bigints and bytes as strings). */
export async function tableSnapshot(db: SqlExecutor, table: string, orderBy: string): Promise<string[]> {
  const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${orderBy}`);
  return rows.map((row) =>
    JSON.stringify(row, (_key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString();
      if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
      return value;
    }),
  );
}

export const EVENTS_ORDER = 'checkpoint, tx_index, event_index';

/** The walrus domain tables (walrus-schema.ts), each with a total order of its rows. */
export const DOMAIN_TABLES: Readonly<Record<string, string>> = {
  blobs: 'object_id',
  invalid_blob_ids: 'blob_id',
  epochs: 'epoch',
  committee_members: 'epoch, node_id',
  storage_nodes: 'node_id',
  pool_exchange_rates: 'node_id, epoch',
  staked_wals: 'object_id',
  system_state: 'object_id',
  staking_state: 'object_id',
};

/** Every table the indexer writes (the events history and the walrus domain) with a total order of its rows. */
export const INDEXED_TABLES: Readonly<Record<string, string>> = { events: EVENTS_ORDER, ...DOMAIN_TABLES };

/**
 * The content of every indexed table, plus each pipeline's watermark (checkpoint and its timestamp; not the
 * wall-clock `updated_at`), as JSON rows: two databases that indexed the same checkpoints compare equal.
 */
export async function indexedSnapshot(db: SqlExecutor): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, order] of Object.entries(INDEXED_TABLES)) {
    const { rows } = await db.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY ${order}`,
    );
    out[table] = rows.map((r) => r.row);
  }
  const marks = await db.query<{ row: string }>(
    'SELECT jsonb_build_array(pipeline, checkpoint, checkpoint_timestamp_ms)::text AS row FROM pipeline_watermarks ORDER BY pipeline',
  );
  out.pipeline_watermarks = marks.rows.map((r) => r.row);
  return out;
}
