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
