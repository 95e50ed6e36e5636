import { bcs } from '@mysten/bcs';
import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';

import {
  blobIdFromBytes,
  blobIdFromString,
  blobIdToBytes,
  blobIdToString,
  deriveBlobId,
  encodedBlobLength,
  sourceSymbols,
  storageUnits,
} from './blob-id.ts';
import { BlobMathError } from './errors.ts';

// Built independently of the module's hand-written layout: the Move struct's BCS encoding, hashed, peeled as u256.
const BlobIdDerivation = bcs.struct('BlobIdDerivation', {
  encoding_type: bcs.u8(),
  size: bcs.u64(),
  root_hash: bcs.u256(),
});
function referenceBlobId(rootHash: bigint, encodingType: number, size: bigint): { id: bigint; hash: Uint8Array } {
  const hash = blake2b(
    BlobIdDerivation.serialize({ encoding_type: encodingType, size, root_hash: rootHash }).toBytes(),
    { dkLen: 32 },
  );
  return { id: BigInt(bcs.u256().parse(hash)), hash };
}

const U256_MAX = (1n << 256n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

describe('deriveBlobId', () => {
  const cases: [bigint, number, bigint][] = [
    [0n, 1, 0n],
    [1n, 1, 1n],
    [0x0123456789abcdef_fedcba9876543210_00112233445566778899aabbccddeeffn, 1, 12_345_678n],
    [U256_MAX, 255, U64_MAX],
  ];
  it.each(cases)(
    'matches blake2b-256 of the BCS BlobIdDerivation struct read as a little-endian u256 (root %s)',
    (root, encoding, size) => {
      expect(deriveBlobId(root, encoding, size)).toBe(referenceBlobId(root, encoding, size).id);
    },
  );

  it('equals the blob id system_tests.move asserts for root hash 0xabc, RS2 and 1000 bytes', () => {
    expect(deriveBlobId(0xabcn, 1, 1000n)).toBe(0x5171749c2cdef9d2c5ea92ce6223c6d6bea750f4d86ec79098eb1ea3ed6b0d20n);
    expect(deriveBlobId(0xabcn, 1, 1001n)).not.toBe(
      0x5171749c2cdef9d2c5ea92ce6223c6d6bea750f4d86ec79098eb1ea3ed6b0d20n,
    );
  });

  it('gives the hash bytes themselves as the blob ID bytes', () => {
    const { hash } = referenceBlobId(42n, 1, 1000n);
    expect(blobIdToBytes(deriveBlobId(42n, 1, 1000n))).toEqual(hash);
  });

  it('changes when the root hash, the size or the encoding type changes', () => {
    const base = deriveBlobId(7n, 1, 100n);
    expect(deriveBlobId(8n, 1, 100n)).not.toBe(base);
    expect(deriveBlobId(7n, 1, 101n)).not.toBe(base);
    expect(deriveBlobId(7n, 2, 100n)).not.toBe(base);
  });

  it('rejects inputs outside their Move integer widths', () => {
    expect(() => deriveBlobId(U256_MAX + 1n, 1, 0n)).toThrow(RangeError);
    expect(() => deriveBlobId(0n, 256, 0n)).toThrow(RangeError);
    expect(() => deriveBlobId(0n, 1, U64_MAX + 1n)).toThrow(RangeError);
    expect(() => deriveBlobId(0n, 1, -1n)).toThrow(RangeError);
  });
});

describe('blob ID text and bytes', () => {
  it('writes a blob ID as URL-safe base64 of its 32 little-endian bytes without padding', () => {
    expect(blobIdToString(0n)).toBe('A'.repeat(43));
    expect(blobIdToString(1n)).toBe('AQ' + 'A'.repeat(41));
    expect(blobIdToString(U256_MAX)).toBe('_'.repeat(42) + '8');
    const bytes = blobIdToBytes(0xfbn);
    expect(blobIdToString(0xfbn)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(blobIdToString(0xfbn).startsWith('-')).toBe(true);
  });

  it('round-trips derived blob IDs through text and bytes', () => {
    for (const root of [0n, 1n, 99n, U256_MAX]) {
      const id = deriveBlobId(root, 1, 5n);
      expect(blobIdFromString(blobIdToString(id))).toBe(id);
      expect(blobIdFromBytes(blobIdToBytes(id))).toBe(id);
    }
  });

  it('rejects text that is not the canonical 43-character form', () => {
    const valid = blobIdToString(12345n);
    expect(() => blobIdFromString(valid + '=')).toThrow(/43 URL-safe base64/);
    expect(() => blobIdFromString(valid.slice(1))).toThrow(/43 URL-safe base64/);
    expect(() => blobIdFromString('+' + valid.slice(1))).toThrow(/43 URL-safe base64/);
    expect(() => blobIdFromString('/' + valid.slice(1))).toThrow(/43 URL-safe base64/);
    expect(() => blobIdFromString('A'.repeat(42) + 'B')).toThrow(/not canonical/);
  });

  it('rejects byte strings that are not 32 bytes', () => {
    expect(() => blobIdFromBytes(new Uint8Array(31))).toThrow(RangeError);
    expect(() => blobIdFromBytes(new Uint8Array(33))).toThrow(RangeError);
  });
});

describe('encodedBlobLength', () => {
  it('matches the redstuff.move test vectors', () => {
    expect(encodedBlobLength(1n, 10)).toBe(10n * (2n * (4n + 7n) + 10n * 2n * 32n + 32n));
    expect(encodedBlobLength(0n, 10)).toBe(encodedBlobLength(1n, 10));
    expect(encodedBlobLength(1n, 1000)).toBe(1000n * (2n * (334n + 667n) + 1000n * 64n + 32n));
    expect(encodedBlobLength(28n * 100n, 10)).toBe(10n * ((4n + 7n) * 100n + 672n));
  });

  it('matches the encoded sizes system_tests.move and blob_tests.move assert', () => {
    // register_blob_charges_the_write_fee...: 1000 bytes on 10 shards.
    expect(encodedBlobLength(1000n, 10)).toBe(10n * (11n * 36n + 672n));
    // the_write_fee_uses_the_encoded_size: 1 MiB on 10 shards is 4,126,220 bytes, 4 storage units.
    expect(encodedBlobLength(1n << 20n, 10)).toBe(4_126_220n);
    expect(storageUnits(encodedBlobLength(1n << 20n, 10))).toBe(4n);
    // the_encoded_size_depends_on_the_shard_count: a 1-byte blob on 10 and on 1000 shards.
    expect(encodedBlobLength(1n, 10)).toBe(10n * (2n * (4n + 7n) + 10n * 2n * 32n + 32n));
    expect(encodedBlobLength(1n, 1000)).toBe(1000n * (2n * (334n + 667n) + 1000n * 64n + 32n));
  });

  it.each([
    [7, 3, 5],
    [10, 4, 7],
    [31, 11, 21],
    [100, 34, 67],
    [301, 101, 201],
    [1000, 334, 667],
  ])('splits %i shards into %i primary and %i secondary source symbols', (n, primary, secondary) => {
    expect(sourceSymbols(n)).toMatchObject({ primary, secondary });
  });

  it('rounds an odd symbol size up to the next even size (the redstuff.move symbol_size vectors)', () => {
    // 10 shards: 28 source symbols; 28 and 29 bytes give symbols of 2 bytes, 57 and 84 bytes give 3 -> 4.
    expect(encodedBlobLength(28n, 10)).toBe(10n * (11n * 2n + 672n));
    expect(encodedBlobLength(28n * 3n, 10)).toBe(10n * (11n * 4n + 672n));
    expect(encodedBlobLength(29n, 10)).toBe(10n * (11n * 2n + 672n));
    expect(encodedBlobLength(57n, 10)).toBe(10n * (11n * 4n + 672n));
  });

  it('accepts the largest blob for 1000 shards and rejects one byte more, where the u16 symbol size overflows', () => {
    const max = 334n * 667n * 65534n;
    expect(max).toBe(14_599_533_452n);
    expect(encodedBlobLength(max, 1000)).toBe(1000n * (1001n * 65534n + 64_032n));
    expect(() => encodedBlobLength(max + 1n, 1000)).toThrow(BlobMathError);
  });

  it('rejects a committee without shards', () => {
    expect(() => encodedBlobLength(1n, 0)).toThrow(BlobMathError);
  });
});

describe('storageUnits', () => {
  it('counts started mebibytes', () => {
    expect(storageUnits(0n)).toBe(0n);
    expect(storageUnits(1n)).toBe(1n);
    expect(storageUnits(1n << 20n)).toBe(1n);
    expect(storageUnits((1n << 20n) + 1n)).toBe(2n);
    expect(storageUnits(3n << 20n)).toBe(3n);
    expect(storageUnits(encodedBlobLength(1n, 1000))).toBe(63n);
  });
});
