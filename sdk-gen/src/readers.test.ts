import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import type { MoveType } from './codegen/abi.ts';
import { parseDeployment } from './deployment.ts';
import { sui, walrus } from './generated/index.ts';
import {
  ObjectTypeError,
  readBlob,
  readStakedWal,
  readStaking,
  readStakingPool,
  readSystem,
  versionFieldId,
  type ObjectSource,
} from './readers.ts';
import { sampleValue, withoutEnumKinds } from './test-support/sample-values.ts';

const V1 = normalizeSuiAddress('0xb1');
const V2 = normalizeSuiAddress('0xb2');
const deployment = parseDeployment({
  network: 'localnet',
  walPackageId: '0xaa',
  walrusPackageIds: [V1, V2],
  systemObjectId: '0x5',
  stakingObjectId: '0x57',
});

const walrusType = (module: string, name: string): MoveType => ({
  kind: 'datatype',
  ref: { pkg: 'walrus', module, name },
  typeArgs: [],
});

/** An in-memory chain: object id → type tag and BCS content, as `client.core.getObject` returns them. */
function sourceOf(
  objects: Record<string, { type: string; content: Uint8Array }>,
): ObjectSource & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    async getObject({ objectId }) {
      fetched.push(objectId);
      const found = objects[normalizeSuiAddress(objectId)];
      if (!found) throw new Error(`object ${objectId} not found`);
      return { object: { objectId, ...found } };
    },
  };
}

function versioned(parentId: string, module: string, name: string, innerModule: string, innerName: string) {
  const outer = { id: { id: normalizeSuiAddress(parentId) }, version: '3', package_id: V2, new_package_id: null };
  const inner = sampleValue(walrusType(innerModule, innerName));
  const fieldId = versionFieldId(parentId, 3);
  const outerBcs = module === 'system' ? walrus.system.System : walrus.staking.Staking;
  const innerBcs =
    innerModule === 'system_state_inner'
      ? walrus.system_state_inner.SystemStateInnerV1
      : walrus.staking_inner.StakingInnerV1;
  const field = sui.dynamic_field.Field(bcs.u64(), innerBcs as never);
  return {
    inner,
    objects: {
      [normalizeSuiAddress(parentId)]: {
        type: `${V1}::${module}::${name}`,
        content: outerBcs.serialize(outer).toBytes(),
      },
      [fieldId]: {
        type: `0x2::dynamic_field::Field<u64, ${V2}::${innerModule}::${innerName}>`,
        content: field.serialize({ id: { id: fieldId }, name: '3', value: inner as never }).toBytes(),
      },
    },
  };
}

describe('readers', () => {
  it('read the System object and its inner state from the dynamic field keyed by its version', async () => {
    const { inner, objects } = versioned(
      deployment.systemObjectId,
      'system',
      'System',
      'system_state_inner',
      'SystemStateInnerV1',
    );
    const source = sourceOf(objects);
    const state = await readSystem(source, deployment);
    expect(state.system.version).toBe('3');
    expect(withoutEnumKinds(state.inner)).toEqual(inner);
    expect(source.fetched).toEqual([deployment.systemObjectId, versionFieldId(deployment.systemObjectId, 3)]);
  });

  it('read the Staking object and its inner state', async () => {
    const { inner, objects } = versioned(
      deployment.stakingObjectId,
      'staking',
      'Staking',
      'staking_inner',
      'StakingInnerV1',
    );
    const state = await readStaking(sourceOf(objects), deployment);
    expect(state.staking.package_id).toBe(V2);
    expect(withoutEnumKinds(state.inner)).toEqual(inner);
  });

  it('read a Blob, a StakedWal and a StakingPool, whatever lineage id their type carries', async () => {
    const id = normalizeSuiAddress('0x1234');
    for (const [module, name, read, type] of [
      ['blob', 'Blob', readBlob, walrus.blob.Blob],
      ['staked_wal', 'StakedWal', readStakedWal, walrus.staked_wal.StakedWal],
      ['staking_pool', 'StakingPool', readStakingPool, walrus.staking_pool.StakingPool],
    ] as const) {
      const value = sampleValue(walrusType(module, name));
      const source = sourceOf({
        [id]: { type: `${V2}::${module}::${name}`, content: type.serialize(value as never).toBytes() },
      });
      expect(withoutEnumKinds(await read(source, deployment, id))).toEqual(value);
    }
  });

  it('refuse an object of another type, or of a package outside the deployment', async () => {
    const id = normalizeSuiAddress('0x1234');
    const staked = walrus.staked_wal.StakedWal.serialize(
      sampleValue(walrusType('staked_wal', 'StakedWal')) as never,
    ).toBytes();
    await expect(
      readBlob(sourceOf({ [id]: { type: `${V1}::staked_wal::StakedWal`, content: staked } }), deployment, id),
    ).rejects.toThrow(/has type .*staked_wal::StakedWal, expected walrus::blob::Blob/);
    await expect(
      readStakedWal(
        sourceOf({ [id]: { type: `${normalizeSuiAddress('0xdead')}::staked_wal::StakedWal`, content: staked } }),
        deployment,
        id,
      ),
    ).rejects.toThrow(ObjectTypeError);
  });

  it('refuse an inner state of a version this SDK does not know', async () => {
    const { objects } = versioned(
      deployment.systemObjectId,
      'system',
      'System',
      'system_state_inner',
      'SystemStateInnerV1',
    );
    const fieldId = versionFieldId(deployment.systemObjectId, 3);
    objects[fieldId] = {
      ...objects[fieldId]!,
      type: `0x2::dynamic_field::Field<u64, ${V2}::system_state_inner::SystemStateInnerV2>`,
    };
    await expect(readSystem(sourceOf(objects), deployment)).rejects.toThrow(
      /expected Field<u64, walrus::system_state_inner::SystemStateInnerV1>/,
    );
  });
});
