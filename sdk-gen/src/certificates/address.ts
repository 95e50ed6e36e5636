import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';

/**
 * Normalizes a Sui address or object ID to `0x` + 64 lowercase hex digits (short forms such as `0x2` are
 * zero-padded on the left, as Sui does). Throws a `RangeError` naming `what` when it is not an address.
 */
export function normalizeAddress(value: string, what: string): string {
  const normalized = typeof value === 'string' ? normalizeSuiAddress(value) : '';
  if (!isValidSuiAddress(normalized)) {
    throw new RangeError(`${what} must be a Sui address (0x + up to 64 hex digits), got ${String(value)}`);
  }
  return normalized;
}
