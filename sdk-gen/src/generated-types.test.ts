// Round trips through the generated BCS definitions, and decoding of bytes laid out by hand from the Move layouts.
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import type { MoveType } from './codegen/abi.ts';
import { DATATYPES, std, sui, wal, walrus } from './generated/index.ts';
import { DATATYPE_ABIS, sampleValue, withoutEnumKinds } from './test-support/sample-values.ts';

const ID_A = normalizeSuiAddress('0xa11ce');
const ID_B = normalizeSuiAddress('0xb0b');

function idBytes(id: string): number[] {
  return [...bcs.Address.serialize(id).toBytes()];
}

function utf8(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [bytes.length, ...bytes]; // short strings: one-byte ULEB length
}

function u64le(value: bigint): number[] {
  return [...bcs.u64().serialize(value).toBytes()];
}

describe('generated BCS types of wal', () => {
  it('round-trips a ProtectedTreasury', () => {
    const value = { id: { id: ID_A } };
    const bytes = wal.wal.ProtectedTreasury.serialize(value).toBytes();
    expect(bytes.length).toBe(32);
    expect(wal.wal.ProtectedTreasury.parse(bytes)).toEqual(value);
  });

  it('names types with their full Move type', () => {
    expect(wal.wal.WAL.name).toBe('wal::wal::WAL');
    expect(sui.coin.Coin(wal.wal.WAL).name).toBe('0x2::coin::Coin<wal::wal::WAL>');
    expect(sui.dynamic_field.Field(bcs.u64(), sui.object.ID).name).toBe(
      '0x2::dynamic_field::Field<u64, 0x2::object::ID>',
    );
  });

  it('decodes CoinMetadata<WAL> bytes laid out by hand', () => {
    const bytes = Uint8Array.from([
      ...idBytes(ID_A),
      9, // decimals
      ...utf8('WAL Token'),
      ...utf8('WAL'),
      ...utf8('The token of the Walrus storage protocol.'),
      1, // icon_url: Some
      ...utf8('https://example.org/wal.svg'),
    ]);
    expect(sui.coin.CoinMetadata(wal.wal.WAL).parse(bytes)).toEqual({
      id: { id: ID_A },
      decimals: 9,
      name: 'WAL Token',
      symbol: 'WAL',
      description: 'The token of the Walrus storage protocol.',
      icon_url: { url: 'https://example.org/wal.svg' },
    });
  });

  it('decodes TreasuryCap<WAL> and Coin<WAL> bytes laid out by hand', () => {
    const supply = 5_000_000_000n * 1_000_000_000n;
    expect(sui.coin.TreasuryCap(wal.wal.WAL).parse(Uint8Array.from([...idBytes(ID_A), ...u64le(supply)]))).toEqual({
      id: { id: ID_A },
      total_supply: { value: supply.toString() },
    });
    expect(sui.coin.Coin(wal.wal.WAL).parse(Uint8Array.from([...idBytes(ID_B), ...u64le(42n)]))).toEqual({
      id: { id: ID_B },
      balance: { value: '42' },
    });
  });

  it('rejects bytes that are too short for the layout', () => {
    expect(() => sui.coin.Coin(wal.wal.WAL).parse(Uint8Array.from(idBytes(ID_A)))).toThrow();
  });
});

describe('generated BCS types of walrus', () => {
  it('lays out EpochParams fields in declaration order', () => {
    const value = { total_capacity_size: '1000', storage_price_per_unit_size: '5', write_price_per_unit_size: '1' };
    const params = walrus.epoch_parameters.EpochParams;
    const bytes = params.serialize(value).toBytes();
    expect(params.parse(bytes)).toEqual(value);
    expect([...bytes]).toEqual([...u64le(1000n), ...u64le(5n), ...u64le(1n)]);
  });

  it('round-trips a generic walrus struct given its phantom type argument', () => {
    const type = walrus.extended_field.ExtendedField({ name: 'walrus::epoch_parameters::EpochParams' });
    expect(type.name).toBe('walrus::extended_field::ExtendedField<walrus::epoch_parameters::EpochParams>');
    expect(type.parse(type.serialize({ id: { id: ID_B } }).toBytes())).toEqual({ id: { id: ID_B } });
  });
});

describe('every generated datatype', () => {
  it.each(DATATYPES.map((d) => [`${d.pkg}::${d.module}::${d.name}`, d] as const))('%s round-trips', (key, entry) => {
    const abi = DATATYPE_ABIS.get(key)!;
    // Instantiate every type parameter with u64 (phantom ones only need a name).
    const args = abi.typeParameters.map(() => ({ kind: 'u64' }) as MoveType);
    const type = entry.bcs(abi.typeParameters.map((p) => (p.phantom ? { name: 'u64' } : bcs.u64())));
    const value = sampleValue({
      kind: 'datatype',
      ref: { pkg: entry.pkg, module: entry.module, name: entry.name },
      typeArgs: args,
    });
    expect(withoutEnumKinds(type.parse(type.serialize(value).toBytes()))).toEqual(value);
  });
});

describe('generated framework types', () => {
  it('round-trip nested generics: VecMap<String, vector<Option<u256>>>, VecSet<ID>, Table', () => {
    const map = sui.vec_map.VecMap(std.string.String, bcs.vector(std.option.Option(bcs.u256())));
    const value = {
      contents: [
        { key: 'a', value: ['1', null, (2n ** 255n).toString()] },
        { key: 'b', value: [] },
      ],
    };
    expect(map.parse(map.serialize(value).toBytes())).toEqual(value);

    const set = sui.vec_set.VecSet(sui.object.ID);
    expect(set.parse(set.serialize({ contents: [ID_A, ID_B] }).toBytes())).toEqual({ contents: [ID_A, ID_B] });

    const table = sui.table.Table(sui.object.ID, { name: '0x2::coin::Coin<0x2::sui::SUI>' });
    const t = { id: { id: ID_A }, size: '3' };
    expect(table.parse(table.serialize(t).toBytes())).toEqual(t);
  });

  it('encode Option like Move: a zero or one element vector', () => {
    expect([...std.option.Option(bcs.u8()).serialize(null).toBytes()]).toEqual([0]);
    expect([...std.option.Option(bcs.u8()).serialize(7).toBytes()]).toEqual([1, 7]);
  });

  it('encode UQ64_64 as its u128 and Element<G1> as its bytes', () => {
    const uq = std.uq64_64.UQ64_64;
    expect(uq.parse(uq.serialize({ pos0: (1n << 64n).toString() }).toBytes())).toEqual({
      pos0: (1n << 64n).toString(),
    });
    const element = sui.group_ops.Element(sui.bls12381.G1);
    const bytes = Array.from({ length: 48 }, (_, i) => i);
    expect(element.parse(element.serialize({ bytes }).toBytes())).toEqual({ bytes });
  });

  it('lists every generated datatype in the registry exactly once', () => {
    const keys = DATATYPES.map((d) => `${d.pkg}::${d.module}::${d.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of [
      'sui::object::UID',
      'sui::dynamic_field::Field',
      'sui::object_bag::ObjectBag',
      'wal::wal::WAL',
    ]) {
      expect(keys).toContain(key);
    }
  });
});
