// The README examples, run offline against an in-memory object source, and checked to be what the README shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bcs } from '@mysten/sui/bcs';
import type { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import type { MoveType } from '../codegen/abi.ts';
import { deriveBlobId, encodedBlobLength } from '../certificates/blob-id.ts';
import { CommitteeError } from '../certificates/errors.ts';
import { decodeSignedMessage } from '../certificates/messages.ts';
import { parseDeployment } from '../deployment.ts';
import { sui, walrus } from '../generated/index.ts';
import type { ObjectSource } from '../readers.ts';
import { versionFieldId } from '../readers.ts';
import { sampleValue, withoutEnumKinds } from '../test-support/sample-values.ts';
import { certifyExample, readersExample, registerExample } from './readme.ts';

const PKG = normalizeSuiAddress('0xb2');
const deployment = parseDeployment({
  network: 'localnet',
  walPackageId: '0xaa',
  walrusPackageIds: [PKG],
  systemObjectId: '0x5',
  stakingObjectId: '0x57',
});
const walrusType = (module: string, name: string): MoveType => ({
  kind: 'datatype',
  ref: { pkg: 'walrus', module, name },
  typeArgs: [],
});

function moveCalls(tx: Transaction): { module: string; function: string }[] {
  return tx
    .getData()
    .commands.filter((c) => c.$kind === 'MoveCall')
    .map((c) => ({ module: c.MoveCall!.module, function: c.MoveCall!.function }));
}

function sourceOf(objects: Record<string, { type: string; content: Uint8Array }>): ObjectSource {
  return {
    async getObject({ objectId }) {
      const found = objects[normalizeSuiAddress(objectId)];
      if (!found) throw new Error(`object ${objectId} not found`);
      return { object: { objectId, ...found } };
    },
  };
}

describe('README: certificate example', () => {
  const signers = [1, 2, 3, 4].map((seed) => ({
    nodeId: normalizeSuiAddress(`0x${seed}0`),
    secretKey: bls12_381.longSignatures.keygen(new Uint8Array(48).fill(seed)).secretKey,
    weight: 25,
  }));
  const blobObjectId = normalizeSuiAddress('0xb10b');
  const blobId = deriveBlobId(0xabcn, 1, 1000n);

  it('builds a certificate that verifies with full support and certifies the blob in one call', () => {
    const { certified, tx } = certifyExample(deployment, { epoch: 3, blobId, blobObjectId, signers });
    expect(certified).toMatchObject({ certEpoch: 3, stakeSupport: 100 });
    expect(moveCalls(tx)).toEqual([{ module: 'system', function: 'certify_blob' }]);
    expect(decodeSignedMessage(message(tx)).epoch).toBe(3);
  });

  it('fails for a committee with a repeated node, before anything is signed', () => {
    expect(() =>
      certifyExample(deployment, { epoch: 3, blobId, blobObjectId, signers: [signers[0]!, signers[0]!] }),
    ).toThrow(CommitteeError);
  });
});

/** The certificate message, the last pure input of certify_blob (a BCS vector<u8>). */
function message(tx: Transaction): Uint8Array {
  const pure = tx.getData().inputs.at(-1)!.Pure!.bytes;
  return Uint8Array.from(bcs.vector(bcs.u8()).parse(fromBase64(pure)));
}

describe('README: register example', () => {
  function systemSource(nShards: number) {
    const inner = sampleValue(walrusType('system_state_inner', 'SystemStateInnerV1')) as any;
    inner.committee.n_shards = nShards;
    inner.storage_price_per_unit_size = '5';
    inner.write_price_per_unit_size = '3';
    const fieldId = versionFieldId(deployment.systemObjectId, 1);
    const field = sui.dynamic_field.Field(bcs.u64(), walrus.system_state_inner.SystemStateInnerV1);
    const system = { id: { id: deployment.systemObjectId }, version: '1', package_id: PKG, new_package_id: null };
    return sourceOf({
      [deployment.systemObjectId]: {
        type: `${PKG}::system::System`,
        content: walrus.system.System.serialize(system).toBytes(),
      },
      [fieldId]: {
        type: `0x2::dynamic_field::Field<u64, ${PKG}::system_state_inner::SystemStateInnerV1>`,
        content: field.serialize({ id: { id: fieldId }, name: '1', value: inner }).toBytes(),
      },
    });
  }
  const args = {
    rootHash: 0xabcn,
    size: 1000n,
    payment: normalizeSuiAddress('0xc0'),
    owner: normalizeSuiAddress('0xe1'),
  };

  it('prices the blob from the fetched system state and reserves then registers it', async () => {
    const { quote, tx } = await registerExample({ core: systemSource(10) }, deployment, args);
    expect(quote.blobId).toBe(0x5171749c2cdef9d2c5ea92ce6223c6d6bea750f4d86ec79098eb1ea3ed6b0d20n);
    expect(quote.encodedSize).toBe(encodedBlobLength(1000n, 10));
    // One storage unit: 5 FROST for each of 5 epochs plus a write fee of 3.
    expect(quote.totalCost).toBe(28n);
    expect(moveCalls(tx)).toEqual([
      { module: 'system', function: 'reserve_space' },
      { module: 'system', function: 'register_blob' },
    ]);
  });

  it('fails when the system has no committee shards yet', async () => {
    await expect(registerExample({ core: systemSource(0) }, deployment, args)).rejects.toThrow(/0 shards/);
  });
});

describe('README: readers example', () => {
  it('decodes a Blob, a StakedWal and a StakingPool', async () => {
    const ids = { blobObjectId: '0x101', stakedWalId: '0x102', nodeId: '0x103' };
    const values = {
      blob: sampleValue(walrusType('blob', 'Blob')),
      stakedWal: sampleValue(walrusType('staked_wal', 'StakedWal')),
      pool: sampleValue(walrusType('staking_pool', 'StakingPool')),
    };
    const source = sourceOf({
      [normalizeSuiAddress('0x101')]: {
        type: `${PKG}::blob::Blob`,
        content: walrus.blob.Blob.serialize(values.blob as never).toBytes(),
      },
      [normalizeSuiAddress('0x102')]: {
        type: `${PKG}::staked_wal::StakedWal`,
        content: walrus.staked_wal.StakedWal.serialize(values.stakedWal as never).toBytes(),
      },
      [normalizeSuiAddress('0x103')]: {
        type: `${PKG}::staking_pool::StakingPool`,
        content: walrus.staking_pool.StakingPool.serialize(values.pool as never).toBytes(),
      },
    });
    expect(withoutEnumKinds(await readersExample({ core: source }, deployment, ids))).toEqual(values);
    await expect(readersExample({ core: source }, deployment, { ...ids, blobObjectId: '0x102' })).rejects.toThrow(
      /expected walrus::blob::Blob/,
    );
  });
});

describe('README', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const source = readFileSync(join(import.meta.dirname, 'readme.ts'), 'utf8');
  const regions = [...source.matchAll(/^( *)\/\/ #region (\S+)\n([\s\S]*?)^ *\/\/ #endregion/gm)].map(
    ([, indent, name, body]) => ({
      name: name!,
      code: body!
        .split('\n')
        .map((line) => (line.startsWith(indent!) ? line.slice(indent!.length) : line))
        .join('\n')
        .trimEnd(),
    }),
  );

  it('shows every region of examples/readme.ts verbatim', () => {
    expect(regions.map((r) => r.name)).toEqual(['certificate', 'register', 'readers']);
    for (const { name, code } of regions) expect(readme.includes(code), `README region ${name}`).toBe(true);
  });
});
