// EXPLAIN ANALYZE of recorded statements: the plan's top node, what it scans, how long it ran, and whether it reads
// a large table without an index (a sequential scan, or an index walk that discards most of what it reads).
import { performance } from 'node:perf_hooks';
import type pg from 'pg';

export interface Statement {
  sql: string;
  params: unknown[];
  /**
   * Which write of its request the statement went out in (statements sent in one turn of the event loop share
   * one: the API pipelines them, see database.ts); the replay sends them the same way.
   */
  write?: number;
  /** Sent as a prepared statement under the API's statement name (database.ts), else as a simple query. */
  prepared?: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

export interface PlanSummary {
  /** Main table of the statement (the first FROM). */
  table: string;
  /** The plan's root node, with its relation and index when it is a scan. */
  top: string;
  /** Every scan of a table, e.g. "Index Scan blobs_owner_idx", "Seq Scan committee_members". */
  scans: string[];
  /** Problems on large tables: sequential scans, and scans that discard more rows than the threshold. */
  warnings: string[];
  executionMs: number;
  /** Time the planner took (paid on every request: the API sends unnamed statements). */
  planningMs: number;
  /**
   * For a statement with a sequential scan of a large table: the same statement planned with `enable_seqscan`
   * off, telling a planner's choice (an index serves it, and is not cheaper) from a missing index (the forced plan
   * still scans the table, or walks an index discarding most of it).
   */
  withoutSeqScan?: { scans: string[]; executionMs: number; servedByIndex: boolean };
}

/** A table is large when it holds at least this many rows; discarding this many rows in one scan is flagged too. */
export const LARGE_TABLE_ROWS = 10_000;

function scanName(node: PlanNode): string {
  const on = node['Index Name'] ?? node['Relation Name'];
  return on ? `${node['Node Type']} ${on}` : node['Node Type'];
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** Row counts of the tables in the current schema (from the statistics the dataset's VACUUM ANALYZE left). */
export async function tableRows(pool: pg.Pool): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ relname: string; reltuples: number }>(
    `SELECT relname, reltuples::float8 AS reltuples FROM pg_class
      WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace`,
  );
  return new Map(rows.map((r) => [r.relname, r.reltuples]));
}

type Explained = { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }] };

async function explainAnalyze(client: pg.Pool | pg.PoolClient, statement: Statement) {
  const { rows } = await client.query<Explained>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`, statement.params);
  const [{ Plan: root, 'Execution Time': executionMs, 'Planning Time': planningMs }] = rows[0]!['QUERY PLAN'];
  return { root, executionMs, planningMs };
}

/** The plan's root; a node whose first children are InitPlans (the watermark cap) is shown with its main input. */
function topOf(root: PlanNode): string {
  if (root['Relation Name'] !== undefined) return scanName(root);
  const main = root.Plans?.find(
    (p) => p['Parent Relationship'] !== 'InitPlan' && p['Parent Relationship'] !== 'SubPlan',
  );
  return main ? `${root['Node Type']} > ${scanName(main)}` : root['Node Type'];
}

/** Every scan of a table in the plan, and the problems on large tables. */
function inspect(root: PlanNode, sizes: Map<string, number>): { scans: string[]; warnings: string[] } {
  const scans: string[] = [];
  const warnings: string[] = [];
  walk(root, (node) => {
    const relation = node['Relation Name'];
    if (relation === undefined) return;
    scans.push(scanName(node));
    if ((sizes.get(relation) ?? 0) < LARGE_TABLE_ROWS) return;
    const loops = node['Actual Loops'] ?? 1;
    const removed = ((node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * loops;
    if (node['Node Type'] === 'Seq Scan') {
      // A scan under a LIMIT (the capped counts) that stops early reads a bounded number of rows.
      const read = (node['Actual Rows'] ?? 0) * loops + removed;
      const rows = sizes.get(relation) ?? 0;
      if (read >= rows / 2) warnings.push(`SEQ SCAN ${relation}`);
      else scans[scans.length - 1] += ` (stopped after ${read} of ${Math.round(rows)} rows)`;
    }
    if (removed >= LARGE_TABLE_ROWS && node['Node Type'] !== 'Seq Scan') {
      warnings.push(`${scanName(node)} discards ${removed} rows`);
    }
  });
  return { scans: [...new Set(scans)], warnings };
}

/** Runs `EXPLAIN (ANALYZE)` on one statement and summarises the plan. */
export async function explainStatement(
  pool: pg.Pool,
  statement: Statement,
  sizes: Map<string, number>,
): Promise<PlanSummary> {
  const table = /\bfrom "([a-z_]+)"/i.exec(statement.sql)?.[1] ?? '?';
  if (/^explain\b/i.test(statement.sql)) {
    // The API's own EXPLAIN (totalCountEstimate): planning only, nothing to analyze; timed as sent.
    const started = performance.now();
    await pool.query(statement.sql, statement.params);
    return {
      table,
      top: 'EXPLAIN (estimate, no rows read)',
      scans: [],
      warnings: [],
      executionMs: performance.now() - started,
      planningMs: 0,
    };
  }
  const { root, executionMs, planningMs } = await explainAnalyze(pool, statement);
  const { scans, warnings } = inspect(root, sizes);
  const summary: PlanSummary = { table, top: topOf(root), scans, warnings, executionMs, planningMs };
  if (warnings.some((w) => w.startsWith('SEQ SCAN'))) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL enable_seqscan = off');
      const forced = await explainAnalyze(client, statement);
      const found = inspect(forced.root, sizes);
      summary.withoutSeqScan = {
        scans: found.scans,
        executionMs: forced.executionMs,
        servedByIndex: found.warnings.length === 0,
      };
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }
  return summary;
}

/** The statements of a request worth explaining (not the transaction's BEGIN / ROLLBACK). */
export const queriesOf = (statements: Statement[]) =>
  statements.filter((s) => s.sql !== 'ROLLBACK' && !s.sql.startsWith('BEGIN'));
