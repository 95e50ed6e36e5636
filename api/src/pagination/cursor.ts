// Opaque cursors: base64url of the ordering's name and the row's ordering key. Decoding checks every part and
// says what was wrong, so a cursor from another list, another ordering or a hand edit is rejected clearly.
import { apiError } from '../errors.ts';

/** How one ordering-key part is written into a cursor and read back. */
export type KeyPartType = 'int' | 'bigint' | 'text';
export type KeyPart = number | bigint | string;

function encodePart(type: KeyPartType, value: KeyPart): string | number {
  if (type === 'bigint') return String(value);
  if (type === 'int') return Number(value);
  return String(value);
}

function decodePart(type: KeyPartType, raw: unknown, where: string): KeyPart {
  if (type === 'int') {
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) throw invalidCursor(where, 'expected a whole number');
    return raw;
  }
  if (type === 'bigint') {
    if (typeof raw !== 'string' || !/^-?\d{1,40}$/.test(raw)) throw invalidCursor(where, 'expected a decimal integer');
    return BigInt(raw);
  }
  if (typeof raw !== 'string') throw invalidCursor(where, 'expected a string');
  // Postgres text cannot hold NUL; passing one on would fail the query instead of refusing the cursor.
  if (raw.includes('\u0000')) throw invalidCursor(where, 'a text part holds a NUL character');
  return raw;
}

/** The error every refused cursor raises; `argument` is "after" or "before". */
export function invalidCursor(argument: string, detail: string) {
  return apiError(
    'INVALID_CURSOR',
    `${argument}: not a cursor of this list (${detail}); use a cursor returned by the same field with the same orderBy`,
    argument,
  );
}

/** Encodes an ordering key as an opaque cursor. */
export function encodeCursor(ordering: string, types: readonly KeyPartType[], key: readonly KeyPart[]): string {
  const parts = types.map((type, i) => encodePart(type, key[i]!));
  return Buffer.from(JSON.stringify([ordering, ...parts]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor produced by {@link encodeCursor} for the same ordering; `argument` ("after" / "before") names
 * the argument in the error a bad cursor raises.
 */
export function decodeCursor(
  argument: string,
  cursor: string,
  ordering: string,
  types: readonly KeyPartType[],
): KeyPart[] {
  if (cursor.length === 0 || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalidCursor(argument, 'not base64url text of a sensible length');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(argument, 'does not decode to a cursor');
  }
  if (!Array.isArray(decoded) || decoded.length !== types.length + 1) {
    throw invalidCursor(argument, 'wrong shape');
  }
  if (decoded[0] !== ordering) {
    throw invalidCursor(argument, `made for ordering "${String(decoded[0])}", this request orders by "${ordering}"`);
  }
  return types.map((type, i) => decodePart(type, decoded[i + 1], argument));
}
