import { GrpcTypes } from '@mysten/sui/grpc';
import { afterEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../checkpoint/codec.ts';
import { syntheticRun } from '../synthetic/generate.ts';
import { syntheticAddress } from '../testing/checkpoints.ts';
import { FakeFullNode } from '../testing/fake-full-node.ts';
import { objectOf, walrusPackageObjects } from '../testing/packages.ts';
import { discoverWalrusPackages, PackageDiscoveryError } from './package-discovery.ts';

const run = syntheticRun({ seed: 5, nodes: 4, shards: 16, epochCheckpoints: 24, stakers: 4, users: 4 });
const genesis: Checkpoint = [...run.checkpoints(1)][0]!;
const { deployment } = run;
const ORIGINAL = deployment.walrusPackageIds[0]!;
const V2 = syntheticAddress('walrus v2');
const V3 = syntheticAddress('walrus v3');
const V4 = syntheticAddress('walrus v4');
const FAST_RETRY = { initialMs: 5, maxMs: 20, maxAttempts: 3 };

/** Four versions: v2 and v3 add types (v3's sort first in the type origins), v4 only code. */
const UPGRADED = [
  { id: ORIGINAL, version: 1n },
  { id: V2, version: 2n, introduces: ['events::ProtocolVersionUpdated'] },
  { id: V3, version: 3n, introduces: ['events::PooledBlobCertified', 'events::StoragePoolCreated'] },
  { id: V4, version: 4n },
];

describe('package discovery from the System object, against a fake full node', () => {
  let node: FakeFullNode | undefined;
  afterEach(async () => {
    await node?.close();
    node = undefined;
  });

  async function serve(objects: GrpcTypes.Object[]): Promise<{ node: FakeFullNode; url: string }> {
    node = new FakeFullNode([]);
    for (const object of objects) node.putObject(object);
    return { node, url: await node.listen() };
  }

  const discover = (url: string, systemObjectId = deployment.systemObjectId) =>
    discoverWalrusPackages({ url, systemObjectId, network: 'testnet', retry: FAST_RETRY });

  it('reads a one-version deployment: the System type’s package, and the WAL package among its dependencies', async () => {
    const { node, url } = await serve([
      objectOf(genesis, deployment.systemObjectId),
      ...walrusPackageObjects({ walPackageId: deployment.walPackageId, lineage: [{ id: ORIGINAL, version: 1n }] }),
    ]);
    expect(await discover(url)).toEqual({
      walrusPackageIds: [ORIGINAL],
      walPackageId: deployment.walPackageId,
    });
    const first = node.requests[0]!.request as GrpcTypes.GetObjectRequest;
    expect(first.objectId).toBe(deployment.systemObjectId);
    expect(first.readMask?.paths).toEqual(expect.arrayContaining(['object_type', 'contents']));
    // Package reads ask for the type origins and linkage, never the modules' bytecode.
    const packageReads = node.requests.slice(1).map((r) => (r.request as GrpcTypes.GetObjectRequest).readMask!.paths);
    expect(packageReads.length).toBeGreaterThan(0);
    for (const paths of packageReads) {
      expect(paths).toEqual(expect.arrayContaining(['package.type_origins', 'package.linkage']));
      expect(paths.some((p) => p.includes('modules'))).toBe(false);
    }
  });

  it('lists an upgraded lineage original first, current last, the type-defining versions between in order', async () => {
    const { url } = await serve([
      objectOf(genesis, deployment.systemObjectId, V4),
      ...walrusPackageObjects({ walPackageId: deployment.walPackageId, lineage: UPGRADED }),
    ]);
    expect(await discover(url)).toEqual({
      walrusPackageIds: [ORIGINAL, V2, V3, V4],
      walPackageId: deployment.walPackageId,
    });
  });

  it('says so clearly when the System object is not there', async () => {
    const { url } = await serve([]);
    const error = await discover(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageDiscoveryError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^the testnet System object ${deployment.systemObjectId} was not found on grpc:${url}, so the walrus ` +
          'package ids cannot be discovered\\..*--system-object.*--package <walrus package ids, original first> ' +
          'and --wal-package',
      ),
    );
  });

  it('rejects an object that is not a walrus System', async () => {
    const { url } = await serve([objectOf(genesis, deployment.stakingObjectId)]);
    await expect(discover(url, deployment.stakingObjectId)).rejects.toThrow(
      new RegExp(`object ${deployment.stakingObjectId} .* is a 0x[0-9a-f]{64}::staking::Staking, not a walrus`),
    );
  });

  it('names the package it cannot find, and the WAL package it cannot tell', async () => {
    const packages = walrusPackageObjects({ walPackageId: deployment.walPackageId, lineage: UPGRADED });
    const byId = (id: string) => packages.find((o) => o.objectId === id)!;
    let served = await serve([objectOf(genesis, deployment.systemObjectId, V4), byId(deployment.walPackageId)]);
    await expect(discover(served.url)).rejects.toThrow(
      `the current walrus package ${V4} (named by the System object ${deployment.systemObjectId}) was not found`,
    );
    await node!.close();

    served = await serve([objectOf(genesis, deployment.systemObjectId, V4), byId(V2), byId(V3), byId(V4)]);
    await expect(discover(served.url)).rejects.toThrow(
      `the dependency of the walrus package ${deployment.walPackageId} (named by the System object`,
    );
    await node!.close();

    // A dependency that is there but defines no wal::WAL.
    const notWal = GrpcTypes.Object.create({
      ...byId(deployment.walPackageId),
      package: { ...byId(deployment.walPackageId).package!, typeOrigins: [] },
    });
    served = await serve([objectOf(genesis, deployment.systemObjectId, V4), byId(V2), byId(V3), byId(V4), notWal]);
    await expect(discover(served.url)).rejects.toThrow(
      /cannot tell the WAL package from the dependencies of walrus package .* \(none defines wal::WAL\); give it with --wal-package/,
    );
  });

  it('retries a node that is briefly unavailable, and gives up on one that stays down', async () => {
    const { node, url } = await serve([
      objectOf(genesis, deployment.systemObjectId),
      ...walrusPackageObjects({ walPackageId: deployment.walPackageId, lineage: [{ id: ORIGINAL, version: 1n }] }),
    ]);
    node.failNextCalls = 2;
    const warnings: string[] = [];
    const found = await discoverWalrusPackages({
      url,
      systemObjectId: deployment.systemObjectId,
      retry: FAST_RETRY,
      log: { warn: (_fields, message) => void warnings.push(message), info() {} },
    });
    expect(found.walrusPackageIds).toEqual([ORIGINAL]);
    expect(warnings).toEqual([
      'reading an object for package discovery failed, retrying',
      'reading an object for package discovery failed, retrying',
    ]);
    node.failNextCalls = FAST_RETRY.maxAttempts;
    await expect(discover(url)).rejects.toThrow(
      new RegExp(`^cannot read object ${deployment.systemObjectId} from grpc:${url} .*injected failure`),
    );
  });
});
