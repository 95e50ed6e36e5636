/**
 * Range checks for the unsigned integer widths Move uses. Out-of-range input is a caller bug (the chain could
 * never hold such a value), so these throw `RangeError` naming the offending field.
 */

/** Throws unless `value` is an integer `number` in `[0, 2^bits)`; for widths up to 32 bits. */
export function assertSmallUint(value: number, bits: 8 | 16 | 32, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** bits) {
    throw new RangeError(`${what} must be an integer in [0, 2^${bits}), got ${value}`);
  }
}

/** Throws unless `value` is a `bigint` in `[0, 2^bits)`. */
export function assertBigUint(value: bigint, bits: 64 | 128 | 256, what: string): void {
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << BigInt(bits)) {
    throw new RangeError(`${what} must be a bigint in [0, 2^${bits}), got ${String(value)}`);
  }
}

/** Little-endian bytes of an unsigned integer of `byteLength` bytes (BCS layout of u64/u128/u256). */
export function uintToBytesLE(value: bigint, byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  let rest = value;
  for (let i = 0; i < byteLength; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** The unsigned integer whose little-endian bytes are `bytes`. */
export function uintFromBytesLE(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) {
    value = (value << 8n) | BigInt(bytes[i] ?? 0);
  }
  return value;
}
