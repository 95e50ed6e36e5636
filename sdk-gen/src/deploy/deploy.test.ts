import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { loadDeployment } from '../deployment.ts';
import { loadMoveArtifact } from '../publish.ts';
import { deployWalrus, type DeployParams } from './deploy.ts';
import { writeDeploymentFile } from './deployment-file.ts';
import { createdObjectId, publishedPackageId, successfulTransaction } from './effects.ts';
import type { WalPublication } from './link.ts';

const id = (n: number) => normalizeSuiAddress(n.toString(16));
const WAL = id(0xa1);
const WALRUS = id(0xb2);
const TREASURY = id(0xa2);
const UPGRADE_CAP = id(0xb3);
const INIT_CAP = id(0xb4);
const SYSTEM = id(0xc1);
const STAKING = id(0xc2);
const UPGRADE_MANAGER = id(0xc3);

function created(objectId: string, outputState: 'ObjectWrite' | 'PackageWrite' = 'ObjectWrite') {
  return {
    objectId,
    inputState: 'DoesNotExist',
    inputVersion: null,
    inputDigest: null,
    inputOwner: null,
    outputState,
    outputVersion: '1',
    outputDigest: null,
    outputOwner: null,
    idOperation: 'Created',
  } as const;
}

function executed(digest: string, objects: [string, string, ('ObjectWrite' | 'PackageWrite')?][]) {
  return {
    digest,
    effects: { changedObjects: objects.map(([objectId, , state]) => created(objectId, state)) },
    objectTypes: Object.fromEntries(objects.map(([objectId, type]) => [objectId, type])),
  };
}

const WAL_PUBLISH = executed('walDigest', [
  [WAL, 'package', 'PackageWrite'],
  [TREASURY, `${WAL}::wal::ProtectedTreasury`],
  [id(0xa3), `0x2::coin::Coin<${WAL}::wal::WAL>`],
  [id(0xa4), '0x2::package::UpgradeCap'],
]);
const WALRUS_PUBLISH = executed('walrusDigest', [
  [WALRUS, 'package', 'PackageWrite'],
  [UPGRADE_CAP, '0x2::package::UpgradeCap'],
  [INIT_CAP, `${WALRUS}::init::InitCap`],
]);
const INITIALIZE = executed('initDigest', [
  [SYSTEM, `${WALRUS}::system::System`],
  [STAKING, `${WALRUS}::staking::Staking`],
  [UPGRADE_MANAGER, `${WALRUS}::upgrade::UpgradeManager`],
  [id(0xc4), `${WALRUS}::upgrade::EmergencyUpgradeCap`],
]);

const PARAMS: DeployParams = {
  network: 'localnet',
  epochZeroDurationMs: 0n,
  epochDurationMs: 3_600_000n,
  nShards: 100,
  maxEpochsAhead: 10,
};

type Executed = ReturnType<typeof executed>;

/** A client that executes nothing: it hands back scripted effects and records what it was asked to sign. */
function scriptedClient(script: (Executed | { failed: string })[]) {
  const signed: Transaction[] = [];
  const client = {
    core: {
      signAndExecuteTransaction: async ({ transaction }: { transaction: Transaction }) => {
        signed.push(transaction);
        const next = script[signed.length - 1];
        if (next === undefined) throw new Error('scripted client: no more transactions expected');
        if ('failed' in next) {
          return {
            $kind: 'FailedTransaction',
            FailedTransaction: { digest: 'failedDigest', status: { success: false, error: { message: next.failed } } },
          };
        }
        return { $kind: 'Transaction', Transaction: { ...next, status: { success: true, error: null } } };
      },
      waitForTransaction: async () => undefined,
      getChainIdentifier: async () => ({ chainIdentifier: '4c78adac' }),
    },
  } as unknown as ClientWithCoreApi;
  return { client, signed };
}

describe('reading created objects from effects', () => {
  it('finds the published package and objects by type, whatever the address spelling in the type', () => {
    expect(publishedPackageId('publish wal', WAL_PUBLISH)).toBe(WAL);
    expect(createdObjectId('publish wal', WAL_PUBLISH, `${WAL}::wal::ProtectedTreasury`)).toBe(TREASURY);
    expect(
      createdObjectId(
        'publish walrus',
        WALRUS_PUBLISH,
        '0x0000000000000000000000000000000000000000000000000000000000000002::package::UpgradeCap',
      ),
    ).toBe(UPGRADE_CAP);
  });

  it('fails naming the step and the type when the object is missing or ambiguous', () => {
    expect(() => createdObjectId('initialize walrus', WAL_PUBLISH, `${WALRUS}::system::System`)).toThrow(
      /initialize walrus: expected transaction walDigest to create one .*::system::System, it created 0/,
    );
    const twice = executed('d', [
      [id(1), '0x2::package::UpgradeCap'],
      [id(2), '0x2::package::UpgradeCap'],
    ]);
    expect(() => createdObjectId('publish walrus', twice, '0x2::package::UpgradeCap')).toThrow(/it created 2/);
    expect(() => publishedPackageId('publish walrus', INITIALIZE)).toThrow(/to publish one package, it published 0/);
  });

  it('turns a failed execution into an error with the step, digest and reason', () => {
    expect(() =>
      successfulTransaction('publish wal', {
        $kind: 'FailedTransaction',
        FailedTransaction: { digest: 'x1', status: { success: false, error: { message: 'InsufficientGas' } } },
      } as never),
    ).toThrow('publish wal failed in transaction x1: InsufficientGas');
  });
});

describe('the deploy sequence against a scripted client', () => {
  it('publishes wal, relinks walrus to it, publishes walrus, initializes it with the new caps, and returns the ids', async () => {
    const { client, signed } = scriptedClient([WAL_PUBLISH, WALRUS_PUBLISH, INITIALIZE]);
    const signer = Ed25519Keypair.generate();
    const builds: WalPublication[] = [];
    const walrusArtifact = { ...loadMoveArtifact('walrus'), dependencies: ['0x1', '0x2', WAL] };
    const deployment = await deployWalrus(PARAMS, {
      client,
      signer,
      buildWalrus: async (publication) => {
        builds.push(publication);
        // Stands in for the compiler (tested in link.test.ts): a walrus artifact without 0x0 links.
        return { ...walrusArtifact, modules: loadMoveArtifact('wal').modules };
      },
      log: () => undefined,
    });
    expect(builds).toEqual([{ walPackageId: WAL, chainId: '4c78adac' }]);
    expect(deployment).toEqual({
      network: 'localnet',
      walPackageId: WAL,
      walrusPackageIds: [WALRUS],
      systemObjectId: SYSTEM,
      stakingObjectId: STAKING,
      walTreasuryObjectId: TREASURY,
      upgradeManagerObjectId: UPGRADE_MANAGER,
    });

    const [walTx, walrusTx, initTx] = signed.map((tx) => tx.getData());
    const sender = signer.toSuiAddress();
    for (const data of [walTx, walrusTx, initTx]) expect(data?.sender).toBe(sender);
    expect(walTx?.commands[0]?.Publish?.modules).toEqual(loadMoveArtifact('wal').modules);
    expect(walrusTx?.commands[0]?.Publish?.dependencies).toEqual(
      ['0x1', '0x2', WAL].map((d) => normalizeSuiAddress(d)),
    );
    const call = initTx!.commands[0]!.MoveCall!;
    expect(call).toMatchObject({ package: WALRUS, module: 'init', function: 'initialize_walrus' });
    const objectArg = (i: number) => initTx!.inputs[(call.arguments[i] as { Input: number }).Input]!;
    expect(objectArg(0).UnresolvedObject?.objectId).toBe(INIT_CAP);
    expect(objectArg(1).UnresolvedObject?.objectId).toBe(UPGRADE_CAP);
    expect(initTx?.commands[1]?.$kind).toBe('TransferObjects');
  });

  it('stops at the failed step and publishes nothing after it', async () => {
    const { client, signed } = scriptedClient([{ failed: 'MoveAbort in wal::wal' }]);
    let built = false;
    await expect(
      deployWalrus(PARAMS, {
        client,
        signer: Ed25519Keypair.generate(),
        buildWalrus: async () => {
          built = true;
          return loadMoveArtifact('wal');
        },
        log: () => undefined,
      }),
    ).rejects.toThrow('publish wal failed in transaction failedDigest: MoveAbort in wal::wal');
    expect(signed).toHaveLength(1);
    expect(built).toBe(false);
  });

  it('fails before signing when the rebuilt walrus still links wal at 0x0', async () => {
    const { client, signed } = scriptedClient([WAL_PUBLISH]);
    await expect(
      deployWalrus(PARAMS, {
        client,
        signer: Ed25519Keypair.generate(),
        buildWalrus: async () => loadMoveArtifact('walrus'),
        log: () => undefined,
      }),
    ).rejects.toThrow(/cannot publish Walrus: it links unpublished dependency code at 0x0/);
    expect(signed).toHaveLength(1);
  });
});

describe('the deployment file', () => {
  it('is written where asked and read back by loadDeployment unchanged', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'deploy-')), 'nested', 'deployment.json');
    const deployment = {
      network: 'localnet',
      walPackageId: WAL,
      walrusPackageIds: [WALRUS],
      systemObjectId: SYSTEM,
      stakingObjectId: STAKING,
      walTreasuryObjectId: TREASURY,
      upgradeManagerObjectId: UPGRADE_MANAGER,
    };
    writeDeploymentFile(path, deployment);
    expect(loadDeployment(path)).toEqual(deployment);
  });

  it('refuses to write a deployment with a bad id', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'deploy-')), 'deployment.json');
    expect(() =>
      writeDeploymentFile(path, {
        network: 'localnet',
        walPackageId: 'not-an-id',
        walrusPackageIds: [WALRUS],
        systemObjectId: SYSTEM,
        stakingObjectId: STAKING,
      }),
    ).toThrow(/walPackageId must be a hex Sui object id/);
  });
});
