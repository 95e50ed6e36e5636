// BCS types of Move's u64, u128 and u256 for the generated code: the same names, values (decimal strings out;
// numbers, bigints or decimal strings in) and bytes as `bcs.u64()` / `bcs.u128()` / `bcs.u256()`, written by them,
// but read straight from the little-endian bytes. The library's readers build each value through hexadecimal
// strings, which made integer fields (blob ids are u256) the largest part of decoding events and objects.
import type { BcsReader } from '@mysten/bcs';
import { bcs, BcsType } from '@mysten/sui/bcs';

type Wide = ReturnType<typeof bcs.u64>;

/** A little-endian unsigned integer of `words` 64-bit words, as a decimal string. */
function readWords(reader: BcsReader, words: number): string {
  const bytes = reader.readBytes(words * 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let value = view.getBigUint64((words - 1) * 8, true);
  for (let word = words - 2; word >= 0; word--) value = (value << 64n) | view.getBigUint64(word * 8, true);
  return value.toString();
}

function fastRead<const Name extends string>(
  base: BcsType<string, string | number | bigint, Name>,
  words: number,
): BcsType<string, string | number | bigint, Name> {
  return new BcsType({
    name: base.name,
    read: (reader) => readWords(reader, words),
    write: (value, writer) => base.write(value, writer),
    serializedSize: () => words * 8,
    validate: (value) => base.validate(value),
  });
}

/** Move `u64`. */
export const u64 = (): Wide => fastRead(bcs.u64(), 1);
/** Move `u128`. */
export const u128 = (): ReturnType<typeof bcs.u128> => fastRead(bcs.u128(), 2);
/** Move `u256`. */
export const u256 = (): ReturnType<typeof bcs.u256> => fastRead(bcs.u256(), 4);
