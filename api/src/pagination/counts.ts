// totalCount on the lists over tables that grow with use (blobs, events, staked positions), where counting every
// match is not cheap: on 1M blobs an unfiltered count(*) takes a quarter of a second of a core, a non-selective
// filter more. So those lists count at most `maxTotalCount` matches, which reads at most that many index entries
// or rows, whatever the filter:
// - `totalCount` is exact when at most `maxTotalCount` rows match, and null when more do;
// - `totalCountEstimate` is the same exact number up to the cap, and above it the planner's estimate of the
//   matching rows (from the table statistics autovacuum / ANALYZE keep: no rows are read), never below the cap + 1.
import { count, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { QueryFn } from '../request-data.ts';
import { memo, type Connection } from './connection.ts';

/** A connection whose totalCount is capped, with an estimate beyond the cap. */
export interface CountedConnection<Node> extends Connection<Node, number | null> {
  totalCountEstimate: () => Promise<number>;
}

export interface CappedCounts {
  totalCount: () => Promise<number | null>;
  totalCountEstimate: () => Promise<number>;
}

/** The largest value a GraphQL Int holds. */
const MAX_INT = 2_147_483_647;

interface PlanRoot {
  Plan: { 'Plan Rows': number };
}

/**
 * Capped counts of the rows of `table` matching `where`. `estimateWhere` is the condition the planner estimates:
 * `where` without the conditions whose value is only known when the statement runs (the events' watermark cap),
 * which the planner would guess at a third of the table.
 */
export function cappedCounts(
  query: QueryFn,
  table: PgTable,
  where: SQL | undefined,
  estimateWhere: SQL | undefined,
  cap: number,
): CappedCounts {
  const capped = memo(async () => {
    const [row] = await query((db) =>
      db.select({ n: count() }).from(
        db
          .select({ one: sql`1` })
          .from(table)
          .where(where)
          .limit(cap + 1)
          .as('matching'),
      ),
    );
    return row?.n ?? 0;
  });
  return {
    totalCount: async () => {
      const n = await capped();
      return n > cap ? null : n;
    },
    totalCountEstimate: async () => {
      const n = await capped();
      if (n <= cap) return n;
      const result = (await query((db) =>
        db.execute(
          sql`explain (format json) ${db
            .select({ one: sql`1` })
            .from(table)
            .where(estimateWhere)}`,
        ),
      )) as unknown as { rows: { 'QUERY PLAN': PlanRoot[] | string }[] };
      const plan = result.rows[0]!['QUERY PLAN'];
      const [root] = typeof plan === 'string' ? (JSON.parse(plan) as PlanRoot[]) : plan;
      return Math.min(MAX_INT, Math.max(cap + 1, Math.round(root!.Plan['Plan Rows'])));
    },
  };
}

/** Adds the capped counts to a connection built with `counts.totalCount`. */
export function withCounts<Node>(
  connection: Connection<Node, number | null>,
  counts: CappedCounts,
): CountedConnection<Node> {
  return { ...connection, totalCountEstimate: counts.totalCountEstimate };
}

/** A connection over rows already in memory: both counts are the exact number. */
export function exactCounts<Node>(connection: Connection<Node>): CountedConnection<Node> {
  return { ...connection, totalCountEstimate: connection.totalCount };
}

/** Resolvers of a connection's count: it is counted only when a client selects it. */
export const connectionCountResolvers = {
  totalCount: <Count extends number | null>(connection: Connection<unknown, Count>) => connection.totalCount(),
};

/** Resolvers of the capped counts of a connection over a growing table. */
export const cappedCountResolvers = {
  ...connectionCountResolvers,
  totalCountEstimate: (connection: CountedConnection<unknown>) => connection.totalCountEstimate(),
};
