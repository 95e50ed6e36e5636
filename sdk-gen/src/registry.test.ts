import { bcs } from '@mysten/sui/bcs';
import { normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from './deployment.ts';
import { sui, wal, walrus } from './generated/index.ts';
import { createTypeRegistry, moveTypeTag, UnknownTypeError } from './registry.ts';

const WAL = normalizeSuiAddress('0xaa');
const V1 = normalizeSuiAddress('0xb1');
const V2 = normalizeSuiAddress('0xb2');
const deployment = parseDeployment({
  network: 'localnet',
  walPackageId: WAL,
  walrusPackageIds: [V1, V2],
  systemObjectId: '0xc',
  stakingObjectId: '0xd',
});
const registry = createTypeRegistry(deployment);
const ID = normalizeSuiAddress('0x1d');

const params = { total_capacity_size: '10', storage_price_per_unit_size: '20', write_price_per_unit_size: '30' };
const paramsBytes = walrus.epoch_parameters.EpochParams.serialize(params).toBytes();

describe('the type registry', () => {
  it('decodes a walrus type tagged with the original package id', () => {
    expect(registry.decode(`${V1}::epoch_parameters::EpochParams`, paramsBytes)).toEqual(params);
  });

  it('decodes the same type tagged with an upgraded package id of the lineage', () => {
    expect(registry.decode(`${V2}::epoch_parameters::EpochParams`, paramsBytes)).toEqual(params);
    expect(registry.canonicalTypeTag(`${V2}::epoch_parameters::EpochParams`)).toBe(
      `${V1}::epoch_parameters::EpochParams`,
    );
  });

  it('decodes a dynamic field Field<u64, EpochParams> with nested type arguments', () => {
    const field = sui.dynamic_field.Field(bcs.u64(), walrus.epoch_parameters.EpochParams);
    const value = { id: { id: ID }, name: '3', value: params };
    const tag = `0x2::dynamic_field::Field<u64, ${V2}::epoch_parameters::EpochParams>`;
    expect(registry.decode(tag, field.serialize(value).toBytes())).toEqual(value);
    expect(registry.canonicalTypeTag(tag)).toBe(
      normalizeStructTag(`0x2::dynamic_field::Field<u64, ${V1}::epoch_parameters::EpochParams>`),
    );
  });

  it('decodes Coin<WAL> and vector type arguments', () => {
    const coin = { id: { id: ID }, balance: { value: '5' } };
    expect(
      registry.decode(`0x2::coin::Coin<${WAL}::wal::WAL>`, sui.coin.Coin(wal.wal.WAL).serialize(coin).toBytes()),
    ).toEqual(coin);
    const set = { contents: [[1, 2], [3]] };
    const bytes = sui.vec_set.VecSet(bcs.vector(bcs.u8())).serialize(set).toBytes();
    expect(registry.decode('0x2::vec_set::VecSet<vector<u8>>', bytes)).toEqual(set);
  });

  it('accepts an unknown type in a phantom position, but not in a stored one', () => {
    const foreign = `${normalizeSuiAddress('0xf00')}::coin::X`;
    expect(registry.decoderFor(`0x2::balance::Balance<${foreign}>`)).toBeDefined();
    expect(registry.decoderFor(`0x2::vec_set::VecSet<${foreign}>`)).toBeUndefined();
  });

  it('refuses types of packages outside the deployment, and wrong arities', () => {
    const other = normalizeSuiAddress('0xb3');
    expect(registry.decoderFor(`${other}::epoch_parameters::EpochParams`)).toBeUndefined();
    expect(() => registry.decode(`${other}::epoch_parameters::EpochParams`, paramsBytes)).toThrow(UnknownTypeError);
    expect(() => registry.decoderFor('0x2::coin::Coin<u8, u8>')).toThrow(/takes 1 type argument/);
  });

  it('builds type tags of our types with the id types carry', () => {
    expect(moveTypeTag(deployment, 'walrus', 'epoch_parameters', 'EpochParams')).toBe(
      `${V1}::epoch_parameters::EpochParams`,
    );
    expect(moveTypeTag(deployment, 'wal', 'wal', 'WAL')).toBe(`${WAL}::wal::WAL`);
    expect(registry.packageAliasOf(V2)).toBe('walrus');
  });
});
