// The chain head: the latest indexed epoch and the Staking state, which most requests read (expiry estimates,
// epoch durations, committee seats, withdrawability). On Postgres a snapshot reads them in the round trip that
// begins it (database.ts); elsewhere, and when that read is absent, with one statement of its own.
import { desc, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { ReadDb } from './database.ts';
import type { EpochRow, StakingRow } from './schema/parents.ts';
import { epochs, stakingState } from './tables.ts';

export interface ChainHead {
  /** The latest indexed epoch; null before the first. */
  epoch: EpochRow | null;
  staking: StakingRow | null;
}

/** Reads the chain head with drizzle: the Staking row joined to the latest epoch, a second read without epochs. */
export async function readChainHead(query: <T>(run: (db: ReadDb) => Promise<T>) => Promise<T>): Promise<ChainHead> {
  const [row] = await query((db) =>
    db
      .select({ epoch: epochs, staking: stakingState })
      .from(epochs)
      .leftJoin(stakingState, sql`true`)
      .orderBy(desc(epochs.epoch))
      .limit(1),
  );
  if (row) return row;
  const [staking] = await query((db) => db.select().from(stakingState).limit(1));
  return { epoch: null, staking: staking ?? null };
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `select <every column> from <table> <tail>` as plain text, and a decoder of its rows into drizzle's row shape. */
function plainSelect<Row>(table: PgTable, tail: string): { sql: string; decode(row: Record<string, unknown>): Row } {
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  return {
    sql: `select ${columns.map(([, c]) => quoted(c.name)).join(', ')} from ${quoted(getTableName(table))} ${tail}`,
    decode(row) {
      const decoded: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const raw = row[column.name];
        decoded[key] = raw === null || raw === undefined ? null : column.mapFromDriverValue(raw);
      }
      return decoded as Row;
    },
  };
}

const latestEpoch = plainSelect<EpochRow>(epochs, `order by ${quoted(epochs.epoch.name)} desc limit 1`);
const anyStaking = plainSelect<StakingRow>(stakingState, 'limit 1');

/**
 * The chain head's two reads as parameterless statements, for a simple-query round trip (Postgres); their results
 * go to {@link decodeChainHead} in this order.
 */
export const chainHeadStatements: readonly string[] = [latestEpoch.sql, anyStaking.sql];

/** The chain head from the rows of {@link chainHeadStatements} (pg's default type parsing, as drizzle's). */
export function decodeChainHead(
  epochRows: Record<string, unknown>[],
  stakingRows: Record<string, unknown>[],
): ChainHead {
  return {
    epoch: epochRows[0] ? latestEpoch.decode(epochRows[0]) : null,
    staking: stakingRows[0] ? anyStaking.decode(stakingRows[0]) : null,
  };
}
