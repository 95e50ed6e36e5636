import { GrpcTypes } from '@mysten/sui/grpc';
import { describe, expect, it } from 'vitest';
import { syntheticRun } from '../synthetic/generate.ts';
import { holderOf, operationOf, transactionViews, WalrusDecodeError } from './decode.ts';
import { shortTypeName, TYPES } from './transaction-view.ts';

const changed = (fields: Partial<GrpcTypes.ChangedObject>): GrpcTypes.ChangedObject => ({ objectId: '0x1', ...fields });

describe('object change operations', () => {
  it('follow the id operation for creations and deletions', () => {
    expect(operationOf(changed({ idOperation: 2, inputState: 1, outputState: 2 }))).toBe('created');
    expect(operationOf(changed({ idOperation: 3, inputState: 2, outputState: 1 }))).toBe('deleted');
  });
  it('tell mutated, unwrapped, wrapped and unwrapped-then-deleted objects apart by their states', () => {
    expect(operationOf(changed({ idOperation: 1, inputState: 2, outputState: 2 }))).toBe('mutated');
    expect(operationOf(changed({ idOperation: 1, inputState: 1, outputState: 2 }))).toBe('unwrapped');
    expect(operationOf(changed({ idOperation: 1, inputState: 2, outputState: 1 }))).toBe('wrapped');
    expect(operationOf(changed({ idOperation: 1, inputState: 1, outputState: 1 }))).toBe('deleted');
  });
});

describe('owners', () => {
  it('map every owner kind to a holder', () => {
    expect(holderOf({ kind: 1, address: '0xa' })).toEqual({ ownerKind: 'address', owner: '0xa' });
    expect(holderOf({ kind: 5, address: '0xa' })).toEqual({ ownerKind: 'address', owner: '0xa' });
    expect(holderOf({ kind: 2, address: '0xb' })).toEqual({ ownerKind: 'object', owner: '0xb' });
    expect(holderOf({ kind: 3, version: 1n })).toEqual({ ownerKind: 'shared', owner: null });
    expect(holderOf({ kind: 4 })).toEqual({ ownerKind: 'immutable', owner: null });
    expect(holderOf(undefined)).toBeUndefined();
  });
});

describe('type names', () => {
  it('replace package addresses by their aliases and drop spaces', () => {
    const alias = (a: string) => (a === '0xabc' ? 'walrus' : a === '0x2' ? 'sui' : undefined);
    expect(shortTypeName('0x2::dynamic_field::Field<u64, 0xabc::staking_inner::StakingInnerV1>', alias)).toBe(
      TYPES.stakingInnerField,
    );
    expect(shortTypeName('0xdef::blob::Blob', alias)).toBe('0xdef::blob::Blob');
  });
});

describe('transaction views of a checkpoint', () => {
  const run = syntheticRun({
    seed: 4,
    nodes: 4,
    shards: 16,
    epochCheckpoints: 24,
    stakers: 6,
    users: 6,
    maxEpochsAhead: 4,
  });
  const checkpoints = [...run.checkpoints(80)];

  it('leave out transactions that touch nothing of ours and decode what they keep', () => {
    const genesis = transactionViews(checkpoints[0]!, run.registry);
    const types = new Set(genesis.flatMap((v) => v.objects.map((o) => o.type)));
    expect(types).toEqual(
      new Set([
        TYPES.system,
        TYPES.systemInnerField,
        TYPES.staking,
        TYPES.stakingInnerField,
        TYPES.stakingPool,
        TYPES.nodeMetadataField,
        TYPES.stakedWal,
      ]),
    );
    for (const view of genesis) for (const o of view.objects) expect(o.value).toBeDefined();
  });

  it('report undecodable contents with the checkpoint and transaction', () => {
    const broken = GrpcTypes.Checkpoint.fromBinary(GrpcTypes.Checkpoint.toBinary(checkpoints[0]!));
    for (const object of broken.objects!.objects) {
      if (object.objectType?.includes('StakingPool')) object.contents!.value = new Uint8Array([1, 2, 3]);
    }
    expect(() => transactionViews(broken, run.registry)).toThrow(WalrusDecodeError);
    expect(() => transactionViews(broken, run.registry)).toThrow(/checkpoint 0, transaction /);
  });
});
