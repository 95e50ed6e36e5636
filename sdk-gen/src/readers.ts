// Readers: fetch an object's BCS content through a client and decode it with the generated types.
// `System` and `Staking` are thin versioned objects whose state lives in a dynamic field keyed by their `version`
// (a u64); the field's object id is derived offline, so each reader is two object fetches at most.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, normalizeStructTag, normalizeSuiAddress, parseStructTag } from '@mysten/sui/utils';
import type { Deployment } from './deployment.ts';
import { sui, walrus } from './generated/index.ts';
import { createTypeRegistry } from './registry.ts';

/** The one client method readers need; `client.core` of any @mysten/sui 2.x client provides it. */
export interface ObjectSource {
  getObject(options: {
    objectId: string;
    include: { content: true };
  }): Promise<{ object: { objectId: string; type: string; content: Uint8Array } }>;
}

export class ObjectTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectTypeError';
  }
}

/** Fetches `objectId` and checks that its type is `pkg::module::name` of this deployment (any lineage id). */
async function fetchTyped(
  source: ObjectSource,
  deployment: Deployment,
  objectId: string,
  expected: { pkg: 'walrus' | 'sui'; module: string; name: string },
): Promise<{ type: string; content: Uint8Array }> {
  const { object } = await source.getObject({ objectId: normalizeSuiAddress(objectId), include: { content: true } });
  const tag = parseStructTag(object.type);
  const alias = createTypeRegistry(deployment).packageAliasOf(tag.address);
  if (alias !== expected.pkg || tag.module !== expected.module || tag.name !== expected.name) {
    throw new ObjectTypeError(
      `object ${objectId} has type ${object.type}, expected ${expected.pkg}::${expected.module}::${expected.name} ` +
        `of the ${deployment.network} deployment (check the object id and the Deployment's package ids)`,
    );
  }
  return { type: object.type, content: object.content };
}

/** The object id of the dynamic field `u64 key` under `parentId`. */
export function versionFieldId(parentId: string, version: bigint | number | string): string {
  return deriveDynamicFieldID(normalizeSuiAddress(parentId), 'u64', bcs.u64().serialize(version).toBytes());
}

async function readInner<T>(
  source: ObjectSource,
  deployment: Deployment,
  parentId: string,
  version: string,
  inner: { module: string; name: string; bcs: BcsType<T, any> },
): Promise<T> {
  const fieldId = versionFieldId(parentId, version);
  const { type, content } = await fetchTyped(source, deployment, fieldId, {
    pkg: 'sui',
    module: 'dynamic_field',
    name: 'Field',
  });
  const [key, value] = parseStructTag(type).typeParams;
  const valueTag = typeof value === 'string' ? undefined : value;
  const alias = valueTag ? createTypeRegistry(deployment).packageAliasOf(valueTag.address) : undefined;
  if (key !== 'u64' || alias !== 'walrus' || valueTag?.module !== inner.module || valueTag.name !== inner.name) {
    throw new ObjectTypeError(
      `dynamic field ${fieldId} of ${parentId} holds ${normalizeStructTag(type)}, expected ` +
        `Field<u64, walrus::${inner.module}::${inner.name}>; the state may have been migrated to a version this SDK ` +
        'does not know (regenerate the SDK from the newer package)',
    );
  }
  return sui.dynamic_field.Field(bcs.u64(), inner.bcs).parse(content).value;
}

export interface SystemState {
  system: walrus.system.System;
  inner: walrus.system_state_inner.SystemStateInnerV1;
}

/** The shared `System` object and its current inner state (committee, capacity, prices, accounting). */
export async function readSystem(source: ObjectSource, deployment: Deployment): Promise<SystemState> {
  const { content } = await fetchTyped(source, deployment, deployment.systemObjectId, {
    pkg: 'walrus',
    module: 'system',
    name: 'System',
  });
  const system = walrus.system.System.parse(content);
  const inner = await readInner(source, deployment, deployment.systemObjectId, system.version, {
    module: 'system_state_inner',
    name: 'SystemStateInnerV1',
    bcs: walrus.system_state_inner.SystemStateInnerV1,
  });
  return { system, inner };
}

export interface StakingState {
  staking: walrus.staking.Staking;
  inner: walrus.staking_inner.StakingInnerV1;
}

/** The shared `Staking` object and its current inner state (epoch, committees, epoch state). */
export async function readStaking(source: ObjectSource, deployment: Deployment): Promise<StakingState> {
  const { content } = await fetchTyped(source, deployment, deployment.stakingObjectId, {
    pkg: 'walrus',
    module: 'staking',
    name: 'Staking',
  });
  const staking = walrus.staking.Staking.parse(content);
  const inner = await readInner(source, deployment, deployment.stakingObjectId, staking.version, {
    module: 'staking_inner',
    name: 'StakingInnerV1',
    bcs: walrus.staking_inner.StakingInnerV1,
  });
  return { staking, inner };
}

/** A `Blob` object. */
export async function readBlob(
  source: ObjectSource,
  deployment: Deployment,
  blobObjectId: string,
): Promise<walrus.blob.Blob> {
  const { content } = await fetchTyped(source, deployment, blobObjectId, {
    pkg: 'walrus',
    module: 'blob',
    name: 'Blob',
  });
  return walrus.blob.Blob.parse(content);
}

/** A `StakedWal` object. */
export async function readStakedWal(
  source: ObjectSource,
  deployment: Deployment,
  stakedWalId: string,
): Promise<walrus.staked_wal.StakedWal> {
  const { content } = await fetchTyped(source, deployment, stakedWalId, {
    pkg: 'walrus',
    module: 'staked_wal',
    name: 'StakedWal',
  });
  return walrus.staked_wal.StakedWal.parse(content);
}

/** The `StakingPool` of a node: the pool object's id is the node id. */
export async function readStakingPool(
  source: ObjectSource,
  deployment: Deployment,
  nodeId: string,
): Promise<walrus.staking_pool.StakingPool> {
  const { content } = await fetchTyped(source, deployment, nodeId, {
    pkg: 'walrus',
    module: 'staking_pool',
    name: 'StakingPool',
  });
  return walrus.staking_pool.StakingPool.parse(content);
}
