/**
 * Blob-ID math (spec 4.2-4.4): the ID derivation, its textual form, the RedStuff encoded length and the
 * storage units prices are charged in. The byte layout is written out by hand here so that tests can check
 * it against an independent BCS encoding.
 */
import { blake2b } from '@noble/hashes/blake2.js';

import { BlobMathError } from './errors.ts';
import { assertBigUint, assertSmallUint, uintFromBytesLE, uintToBytesLE } from './uint.ts';

/** The only encoding type the chain accepts (RedStuff over Reed-Solomon). */
export const ENCODING_TYPE_RS2 = 1;
/** Bytes per storage unit: prices are per MiB of encoded size. */
export const BYTES_PER_UNIT_SIZE = 1n << 20n;

const BLOB_ID_LENGTH = 32;
const BASE64URL_BLOB_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * `blob_id = le_u256(blake2b256(encoding_type u8 ‖ size u64 LE ‖ root_hash u256 LE))`, as
 * `blob::derive_blob_id` computes it. `size` is the unencoded blob size.
 */
export function deriveBlobId(rootHash: bigint, encodingType: number, size: bigint): bigint {
  assertBigUint(rootHash, 256, 'root hash');
  assertSmallUint(encodingType, 8, 'encoding type');
  assertBigUint(size, 64, 'blob size');
  const input = new Uint8Array(1 + 8 + 32);
  input[0] = encodingType;
  input.set(uintToBytesLE(size, 8), 1);
  input.set(uintToBytesLE(rootHash, 32), 9);
  return uintFromBytesLE(blake2b(input, { dkLen: 32 }));
}

/** The 32 BCS (little-endian) bytes of a blob ID. */
export function blobIdToBytes(blobId: bigint): Uint8Array {
  assertBigUint(blobId, 256, 'blob ID');
  return uintToBytesLE(blobId, BLOB_ID_LENGTH);
}

/** The blob ID whose BCS bytes are `bytes` (exactly 32). */
export function blobIdFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length !== BLOB_ID_LENGTH) {
    throw new RangeError(`a blob ID is ${BLOB_ID_LENGTH} bytes, got ${bytes.length}`);
  }
  return uintFromBytesLE(bytes);
}

/** The textual blob ID used by Walrus clients: URL-safe base64 of the 32 BCS bytes, without padding. */
export function blobIdToString(blobId: bigint): string {
  return Buffer.from(blobIdToBytes(blobId)).toString('base64url');
}

/**
 * Parses a textual blob ID. Only the canonical form is accepted: 43 URL-safe base64 characters, no padding,
 * and zero unused bits in the last character (so every ID has exactly one spelling).
 */
export function blobIdFromString(text: string): bigint {
  if (!BASE64URL_BLOB_ID.test(text)) {
    throw new RangeError(`a blob ID is 43 URL-safe base64 characters without padding, got ${JSON.stringify(text)}`);
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'));
  if (Buffer.from(bytes).toString('base64url') !== text) {
    throw new RangeError(
      `blob ID ${JSON.stringify(text)} is not canonical: its last character has non-zero unused bits`,
    );
  }
  return blobIdFromBytes(bytes);
}

/** RedStuff source-symbol counts for `nShards`: `f = (n-1)/3`, primary `n-2f`, secondary `n-f`. */
export function sourceSymbols(nShards: number): { maxByzantine: number; primary: number; secondary: number } {
  assertSmallUint(nShards, 16, 'n_shards');
  if (nShards === 0) throw new BlobMathError('n_shards must be at least 1 to encode a blob');
  const maxByzantine = Math.floor((nShards - 1) / 3);
  return { maxByzantine, primary: nShards - 2 * maxByzantine, secondary: nShards - maxByzantine };
}

/**
 * Encoded size of a blob of `unencodedLength` bytes on `nShards` shards (`redstuff::encoded_blob_length`):
 * slivers of both axes plus two digests per shard and the blob ID. Throws when the symbol size does not fit a
 * `u16`, which is where Move aborts (the blob is too large for this committee).
 */
export function encodedBlobLength(unencodedLength: bigint, nShards: number): bigint {
  assertBigUint(unencodedLength, 64, 'unencoded length');
  const { primary, secondary } = sourceSymbols(nShards);
  const n = BigInt(nShards);
  const nSymbols = BigInt(primary) * BigInt(secondary);
  const length = unencodedLength === 0n ? 1n : unencodedLength;
  let symbolSize = (length - 1n) / nSymbols + 1n;
  if (symbolSize % 2n === 1n) symbolSize += 1n;
  if (symbolSize > 0xffffn) {
    throw new BlobMathError(
      `a blob of ${unencodedLength} bytes needs symbols of ${symbolSize} bytes on ${nShards} shards; the maximum is 65535 (u16)`,
    );
  }
  const metadata = n * 32n * 2n + 32n;
  return n * (BigInt(primary + secondary) * symbolSize + metadata);
}

/** Storage units (MiB, rounded up) that `size` bytes occupy; prices are per unit. */
export function storageUnits(size: bigint): bigint {
  assertBigUint(size, 64, 'size');
  return (size + BYTES_PER_UNIT_SIZE - 1n) / BYTES_PER_UNIT_SIZE;
}
