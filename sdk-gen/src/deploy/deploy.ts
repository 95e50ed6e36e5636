// The online deploy: publish wal, recompile walrus against it, publish walrus, initialize it, and return the
// deployment. The only I/O is the client (sign, execute, wait) and the compiler; every transaction comes from a
// pure builder in steps.ts.
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import type { Transaction } from '@mysten/sui/transactions';
import type { Deployment } from '../deployment.ts';
import type { MoveArtifact } from '../move/compile.ts';
import { loadMoveArtifact } from '../publish.ts';
import { createdObjectId, type ExecutedTransaction, publishedPackageId, successfulTransaction } from './effects.ts';
import { deploymentOf } from './deployment-file.ts';
import type { WalPublication } from './link.ts';
import { initializeWalrusStep, publishWalrusTransaction, publishWalTransaction } from './steps.ts';

export interface DeployParams {
  network: string;
  epochZeroDurationMs: bigint;
  epochDurationMs: bigint;
  nShards: number;
  maxEpochsAhead: number;
}

export interface DeployIo {
  client: ClientWithCoreApi;
  signer: Signer;
  /** Recompiles walrus against the published wal (`buildWalrusAgainstWal`). */
  buildWalrus: (publication: WalPublication) => Promise<MoveArtifact>;
  log: (line: string) => void;
}

async function execute(step: string, io: DeployIo, transaction: Transaction): Promise<ExecutedTransaction> {
  const result = await io.client.core.signAndExecuteTransaction({
    transaction,
    signer: io.signer,
    include: { effects: true, objectTypes: true },
  });
  const tx = successfulTransaction(step, result);
  // The next step reads what this one created: wait until the node has indexed it.
  await io.client.core.waitForTransaction({ result });
  io.log(`${step}: transaction ${tx.digest}`);
  return { digest: tx.digest, effects: tx.effects, objectTypes: tx.objectTypes };
}

/** Runs the four steps against a live network and returns the new deployment (not yet written). */
export async function deployWalrus(params: DeployParams, io: DeployIo): Promise<Deployment> {
  const sender = io.signer.toSuiAddress();
  const gas = { sender };

  const walPublish = await execute('publish wal', io, publishWalTransaction(loadMoveArtifact('wal'), gas));
  const walPackageId = publishedPackageId('publish wal', walPublish);
  const walTreasuryObjectId = createdObjectId('publish wal', walPublish, `${walPackageId}::wal::ProtectedTreasury`);
  io.log(`wal package ${walPackageId}`);

  const { chainIdentifier } = await io.client.core.getChainIdentifier();
  const walrusArtifact = await io.buildWalrus({ walPackageId, chainId: chainIdentifier });
  io.log(`walrus recompiled against wal ${walPackageId}`);

  const walrusPublish = await execute('publish walrus', io, publishWalrusTransaction(walrusArtifact, gas));
  const walrusPackageId = publishedPackageId('publish walrus', walrusPublish);
  const upgradeCap = createdObjectId('publish walrus', walrusPublish, '0x2::package::UpgradeCap');
  const initCap = createdObjectId('publish walrus', walrusPublish, `${walrusPackageId}::init::InitCap`);
  io.log(`walrus package ${walrusPackageId}`);

  const init = await execute(
    'initialize walrus',
    io,
    initializeWalrusStep(
      {
        walrusPackageId,
        initCap,
        upgradeCap,
        epochZeroDuration: params.epochZeroDurationMs,
        epochDuration: params.epochDurationMs,
        nShards: params.nShards,
        maxEpochsAhead: params.maxEpochsAhead,
        owner: sender,
      },
      gas,
    ),
  );
  return deploymentOf({
    network: params.network,
    walPackageId,
    walTreasuryObjectId,
    walrusPackageId,
    systemObjectId: createdObjectId('initialize walrus', init, `${walrusPackageId}::system::System`),
    stakingObjectId: createdObjectId('initialize walrus', init, `${walrusPackageId}::staking::Staking`),
    upgradeManagerObjectId: createdObjectId('initialize walrus', init, `${walrusPackageId}::upgrade::UpgradeManager`),
  });
}
