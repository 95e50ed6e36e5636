import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { std } from '../generated/index.ts';
import { normalizeMoveArguments, type CallSpec } from './move-call.ts';

const spec: CallSpec = {
  function: 'walrus::system::reserve_space',
  parameters: [
    { kind: 'object' },
    { kind: 'pure', bcs: bcs.u64() },
    { kind: 'pure', bcs: std.option.Option(std.string.String) },
    { kind: 'implicit', object: 'clock' },
    { kind: 'argument' },
  ],
  names: ['self', 'storageAmount', 'label', 'payment'],
};
const OBJECT = normalizeSuiAddress('0x5e1f');

describe('move-call arguments', () => {
  it('turns ids into object inputs, encodes pure values with their BCS type and fills in the Clock', () => {
    const tx = new Transaction();
    const [coin] = tx.splitCoins(tx.gas, [1]);
    const args = normalizeMoveArguments(tx, { self: OBJECT, storageAmount: 1024n, label: 'x', payment: coin }, spec);
    expect(args).toHaveLength(5);
    const inputs = tx.getData().inputs;
    const pureBytes = inputs.filter((i) => i.$kind === 'Pure').map((i) => [...Buffer.from(i.Pure!.bytes, 'base64')]);
    expect(pureBytes).toContainEqual([...bcs.u64().serialize(1024n).toBytes()]);
    expect(pureBytes).toContainEqual([1, 1, 120]); // Some("x")
    expect(inputs.some((i) => i.$kind === 'UnresolvedObject' && i.UnresolvedObject?.objectId === OBJECT)).toBe(true);
    const clock = inputs.find((i) => i.$kind === 'Object')?.Object?.SharedObject;
    expect(clock).toMatchObject({ objectId: normalizeSuiAddress('0x6'), mutable: false });
  });

  it('accepts the tuple form in parameter order', () => {
    const tx = new Transaction();
    const [coin] = tx.splitCoins(tx.gas, [1]);
    expect(normalizeMoveArguments(tx, [OBJECT, 1, null, coin], spec)).toHaveLength(5);
  });

  it('says which argument is wrong, missing or unknown', () => {
    const tx = new Transaction();
    const [coin] = tx.splitCoins(tx.gas, [1]);
    expect(() =>
      normalizeMoveArguments(tx, { self: OBJECT, storageAmount: -1, label: null, payment: coin }, spec),
    ).toThrow(/walrus::system::reserve_space: argument storageAmount is not a valid u64/);
    expect(() => normalizeMoveArguments(tx, { self: OBJECT, storageAmount: 1, label: null }, spec)).toThrow(
      /argument payment is missing/,
    );
    expect(() =>
      normalizeMoveArguments(tx, { self: OBJECT, storageAmount: 1, label: null, payment: coin, extra: 1 }, spec),
    ).toThrow(/unknown argument\(s\) extra/);
    expect(() => normalizeMoveArguments(tx, { self: 7, storageAmount: 1, label: null, payment: coin }, spec)).toThrow(
      /argument self must be an object id or a transaction argument/,
    );
    expect(() => normalizeMoveArguments(tx, { self: OBJECT, storageAmount: 1, label: null, payment: 5 }, spec)).toThrow(
      /argument payment must be a transaction argument/,
    );
    expect(() => normalizeMoveArguments(tx, [OBJECT], spec)).toThrow(/expected 4 argument\(s\)/);
  });
});
