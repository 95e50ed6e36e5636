// Rows of a statement built once (prepared-queries.ts) turned into the objects drizzle would give, with the work
// drizzle's `mapResultRow` repeats for every row (which decoder each field has, which table a nested object comes
// from) done once per statement. The result is the same object, field for field (a test compares them).
import { Column, getTableName, is, SQL, Subquery } from 'drizzle-orm';

/** A selected field as drizzle's prepared query lists it: where it goes in the row object, and what it is. */
export interface SelectedField {
  path: string[];
  field: unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

interface CompiledField {
  parents: string[];
  key: string;
  decoder: Decoder;
  /** For a column of a nested object (path of two): its table, which decides whether a left join found nothing. */
  table: string | undefined;
  object: string | undefined;
}

/** drizzle keeps an SQL's decoder (its `mapWith`) out of its public type. */
const decoderOfSql = (value: SQL) => (value as unknown as { decoder: Decoder }).decoder;

function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return decoderOfSql(field);
  if (is(field, Subquery)) return decoderOfSql((field as unknown as { _: { sql: SQL } })._.sql);
  return decoderOfSql((field as { sql: SQL }).sql);
}

/**
 * A mapper of one row (its values in select order) to its object: nested objects for nested selections, each
 * value through its field's decoder (null stays null), and a nested object of a left-joined table that found no
 * row (all its columns null) as null, as drizzle's `mapResultRow` does.
 */
export function compileRowMapper(
  fields: readonly SelectedField[],
  joinsNotNullableMap: Record<string, boolean> | undefined,
): (row: readonly unknown[]) => Record<string, unknown> {
  const compiled: CompiledField[] = fields.map(({ path, field }) => {
    const nested = joinsNotNullableMap !== undefined && is(field, Column) && path.length === 2;
    return {
      parents: path.slice(0, -1),
      key: path[path.length - 1]!,
      decoder: decoderOf(field),
      table: nested ? getTableName((field as Column).table) : undefined,
      object: nested ? path[0] : undefined,
    };
  });
  const nullable = compiled.some((c) => c.table !== undefined);
  return (row) => {
    const result: Record<string, unknown> = {};
    // Per nested object: the table whose columns were all null so far, or false once one was not (or tables mix).
    const nullify: Record<string, string | false> | undefined = nullable ? {} : undefined;
    for (let i = 0; i < compiled.length; i++) {
      const c = compiled[i]!;
      let node = result;
      for (const parent of c.parents) node = (node[parent] ??= {}) as Record<string, unknown>;
      const raw = row[i];
      const value = raw === null ? null : c.decoder.mapFromDriverValue(raw);
      node[c.key] = value;
      if (nullify !== undefined && c.object !== undefined) {
        const seen = nullify[c.object];
        if (seen === undefined) nullify[c.object] = value === null ? c.table! : false;
        else if (typeof seen === 'string' && seen !== c.table) nullify[c.object] = false;
      }
    }
    if (nullify !== undefined) {
      for (const [object, table] of Object.entries(nullify)) {
        if (typeof table === 'string' && !joinsNotNullableMap![table]) result[object] = null;
      }
    }
    return result;
  };
}

/**
 * Gives a drizzle prepared query the compiled mapper in place of `mapResultRow`. It uses drizzle's prepared-query
 * fields (`fields`, `joinsNotNullableMap`, `customResultMapper`, the same on node-postgres and PGlite); a query
 * without them (a raw statement, or a drizzle that changed them) is left as it is.
 */
export function useCompiledRowMapper(statement: object): void {
  const query = statement as {
    fields?: SelectedField[];
    joinsNotNullableMap?: Record<string, boolean>;
    customResultMapper?: (rows: unknown[][]) => unknown;
  };
  if (!Array.isArray(query.fields) || query.customResultMapper !== undefined) return;
  const map = compileRowMapper(query.fields, query.joinsNotNullableMap);
  query.customResultMapper = (rows) => rows.map(map);
}
