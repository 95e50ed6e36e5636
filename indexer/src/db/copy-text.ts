// Encoding rows for `COPY ... FROM STDIN` in Postgres's text format: tab-separated, `\N` for NULL,
// backslash escapes for the characters that would break a line, `\x..` hex for bytea.

/** A value COPY can load. JSON columns take a string (see `jsonText`). */
export type CopyValue = string | number | bigint | boolean | Uint8Array | Date | null | undefined;

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}

/** One field in COPY text format. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeText(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value instanceof Uint8Array)
        return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
      return value.toISOString();
  }
}

/** One row (newline-terminated) in COPY text format. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += copyField(values[i]);
  }
  return line + '\n';
}

/** Rows in COPY text format, grouped into chunks of roughly `chunkChars` characters. */
export function* copyChunks(rows: Iterable<readonly CopyValue[]>, chunkChars = 1 << 20): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyLine(row);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** JSON text for a jsonb column: bigints as decimal strings, byte arrays as 0x-hex. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
    return v;
  });
}

/** A quoted SQL identifier (table or column name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
