// Write helpers for the two kinds of indexed tables.
//  - Append-only (history) tables: COPY, after deleting the batch's checkpoint range, so replaying a checkpoint
//    replaces its rows instead of duplicating or conflicting.
//  - Current-state tables: changes folded in memory per batch (`CurrentStateFold`), then each touched row
//    written once: COPY into a temporary stage table, then one upsert and one delete statement.
import type { CopyValue } from './copy-text.ts';
import { quoteIdent } from './copy-text.ts';
import type { SqlExecutor } from './database.ts';

/** How rows of type `Row` map onto a table's columns. */
export interface TableSpec<Row> {
  table: string;
  columns: readonly string[];
  /** Values in `columns` order. */
  values(row: Row): readonly CopyValue[];
}

/** An append-only table whose rows each belong to one checkpoint. */
export interface HistoryTableSpec<Row> extends TableSpec<Row> {
  checkpointColumn: string;
}

/** A current-state table keyed by `keyColumns` (its primary key or a unique index). */
export interface StateTableSpec<Row> extends TableSpec<Row> {
  keyColumns: readonly string[];
}

/**
 * Writes the rows of checkpoints `first..last` into an append-only table, replacing whatever rows of those
 * checkpoints are already there (idempotent replay).
 */
export async function writeHistoryRows<Row>(
  tx: SqlExecutor,
  spec: HistoryTableSpec<Row>,
  first: bigint,
  last: bigint,
  rows: Iterable<Row>,
): Promise<number> {
  await tx.query(`DELETE FROM ${quoteIdent(spec.table)} WHERE ${quoteIdent(spec.checkpointColumn)} BETWEEN $1 AND $2`, [
    first.toString(),
    last.toString(),
  ]);
  return tx.copyRows(spec.table, spec.columns, mapRows(rows, spec.values));
}

function* mapRows<Row>(
  rows: Iterable<Row>,
  values: (row: Row) => readonly CopyValue[],
): Generator<readonly CopyValue[]> {
  for (const row of rows) yield values(row);
}

/** The net change of a batch to one current-state row. */
export type StateChange<Row> = { kind: 'upsert'; row: Row } | { kind: 'delete'; row: Row };

/**
 * Folds a batch's changes to current-state rows in memory, in checkpoint order: the last change of each key
 * wins, and `merge` (when given) combines a partial update with the row as it stands so far in the batch.
 */
export class CurrentStateFold<Row> {
  private readonly changes = new Map<string, StateChange<Row>>();
  private readonly keyOf: (row: Row) => string;
  private readonly merge: ((previous: Row | undefined, next: Row) => Row) | undefined;

  constructor(keyOf: (row: Row) => string, merge?: (previous: Row | undefined, next: Row) => Row) {
    this.keyOf = keyOf;
    this.merge = merge;
  }

  upsert(row: Row): void {
    const key = this.keyOf(row);
    const previous = this.changes.get(key);
    const merged = this.merge ? this.merge(previous?.kind === 'upsert' ? previous.row : undefined, row) : row;
    this.changes.delete(key); // keep insertion order = order of last change
    this.changes.set(key, { kind: 'upsert', row: merged });
  }

  /** Removes the row; only its key columns are read. */
  delete(row: Row): void {
    const key = this.keyOf(row);
    this.changes.delete(key);
    this.changes.set(key, { kind: 'delete', row });
  }

  get size(): number {
    return this.changes.size;
  }

  upserts(): Row[] {
    return [...this.changes.values()].filter((c) => c.kind === 'upsert').map((c) => c.row);
  }

  deletes(): Row[] {
    return [...this.changes.values()].filter((c) => c.kind === 'delete').map((c) => c.row);
  }
}

let stageCounter = 0;

/**
 * Most statement parameters a small upsert sends in one `INSERT ... VALUES`. Below it one round trip beats the
 * three of a COPY stage (the stage's CREATE alone writes catalog rows); above it COPY's text format is far cheaper
 * for the server to parse than parameters.
 */
export const SMALL_UPSERT_PARAMETERS = 4_000;

/** A COPY value as a statement parameter (the server parses both from text, by the target column's type). */
function parameter(value: CopyValue): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

/**
 * Upserts rows (values in `columns` order) into `table` with `onConflict` (an `ON CONFLICT ...` clause that may
 * name `excluded`). A few rows go in one `INSERT ... VALUES` with parameters; many go through a temporary stage
 * table: one COPY into the stage, then one `INSERT ... SELECT` from it.
 */
export async function upsertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  onConflict: string,
): Promise<void> {
  const names = columns.map(quoteIdent).join(', ');
  const list = Array.isArray(rows) ? (rows as readonly (readonly CopyValue[])[]) : [...rows];
  if (list.length === 0) return;
  if (list.length * columns.length <= SMALL_UPSERT_PARAMETERS) {
    const params: unknown[] = [];
    const tuples = list.map((row) => {
      if (row.length !== columns.length)
        throw new Error(`upsert into ${table}: a row has ${row.length} values for ${columns.length} columns`);
      return `(${row.map((value) => `$${params.push(parameter(value))}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO ${quoteIdent(table)} (${names}) VALUES ${tuples.join(', ')} ${onConflict}`, params);
    return;
  }
  const stageName = `stage_${table}_${++stageCounter}`;
  const stage = quoteIdent(stageName);
  await tx.query(`CREATE TEMP TABLE ${stage} (LIKE ${quoteIdent(table)} INCLUDING DEFAULTS) ON COMMIT DROP`);
  await tx.copyRows(stageName, columns, list);
  await tx.query(`INSERT INTO ${quoteIdent(table)} (${names}) SELECT ${names} FROM ${stage} ${onConflict}`);
}

/**
 * Applies a folded batch to a current-state table: one upsert of every surviving row and one delete of every
 * removed key, each row written once. Returns the number of rows written plus deleted.
 */
export async function writeCurrentState<Row>(
  tx: SqlExecutor,
  spec: StateTableSpec<Row>,
  fold: CurrentStateFold<Row>,
): Promise<number> {
  const upserts = fold.upserts();
  const deletes = fold.deletes();
  const table = quoteIdent(spec.table);
  const keys = spec.keyColumns.map(quoteIdent);
  let written = 0;
  if (upserts.length > 0) {
    const updates = spec.columns
      .filter((c) => !spec.keyColumns.includes(c))
      .map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`);
    await upsertRows(
      tx,
      spec.table,
      spec.columns,
      mapRows(upserts, spec.values),
      `ON CONFLICT (${keys.join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    );
    written += upserts.length;
  }
  if (deletes.length > 0) {
    const stage = `stage_${spec.table}_del_${++stageCounter}`;
    await tx.query(
      `CREATE TEMP TABLE ${quoteIdent(stage)} ON COMMIT DROP AS SELECT ${keys.join(', ')} FROM ${table} WITH NO DATA`,
    );
    const keyIndexes = spec.keyColumns.map((c) => spec.columns.indexOf(c));
    await tx.copyRows(
      stage,
      spec.keyColumns,
      mapRows(deletes, (row) => {
        const values = spec.values(row);
        return keyIndexes.map((i) => values[i]);
      }),
    );
    await tx.query(
      `DELETE FROM ${table} t USING ${quoteIdent(stage)} d WHERE ${keys.map((k) => `t.${k} = d.${k}`).join(' AND ')}`,
    );
    written += deletes.length;
  }
  return written;
}
