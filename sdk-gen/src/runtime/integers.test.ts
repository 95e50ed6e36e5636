import { bcs } from '@mysten/sui/bcs';
import { describe, expect, it } from 'vitest';
import * as integers from './integers.ts';

const CASES: [keyof typeof integers, number, bigint[]][] = [
  ['u64', 64, [0n, 1n, 255n, 256n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n]],
  ['u128', 128, [0n, 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 100n + 12345n, 2n ** 128n - 1n]],
  ['u256', 256, [0n, 7n, 2n ** 64n, 2n ** 128n + 1n, 2n ** 192n - 1n, 3n ** 150n, 2n ** 256n - 1n]],
];

describe.each(CASES)('integers.%s', (name, bits, values) => {
  const fast = integers[name]();
  const library = bcs[name]();

  it('reads and writes exactly what the library type does, at every word boundary', () => {
    for (const value of values) {
      const bytes = library.serialize(value).toBytes();
      expect(fast.serialize(value).toBytes()).toEqual(bytes);
      expect(fast.parse(bytes)).toBe(library.parse(bytes));
      expect(fast.parse(bytes)).toBe(value.toString());
    }
  });

  it('reads inside a struct, leaving the reader at the next field', () => {
    const pair = bcs.struct('Pair', { a: fast, b: bcs.u8() });
    const bytes = bcs
      .struct('Pair', { a: library, b: bcs.u8() })
      .serialize({ a: values.at(-1)!, b: 9 })
      .toBytes();
    expect(pair.parse(bytes)).toEqual({ a: values.at(-1)!.toString(), b: 9 });
    expect(fast.serializedSize(1)).toBe(bits / 8);
  });

  it('refuses values out of range and truncated bytes, as the library type does', () => {
    expect(() => fast.serialize(2n ** BigInt(bits))).toThrow();
    expect(() => fast.serialize(-1)).toThrow();
    expect(() => fast.parse(new Uint8Array(bits / 8 - 1))).toThrow();
  });
});
