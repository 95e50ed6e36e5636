// The deployment file `npm run deploy` writes: the `Deployment` JSON that `loadDeployment` (SDK) and the
// indexer's `--deployment-file` read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Deployment, parseDeployment } from '../deployment.ts';

/** What the deploy steps found on chain. */
export interface DeployedObjects {
  network: string;
  walPackageId: string;
  walTreasuryObjectId: string;
  walrusPackageId: string;
  systemObjectId: string;
  stakingObjectId: string;
  upgradeManagerObjectId: string;
}

/** The deployment of a fresh publish: its walrus lineage is the one package just published. */
export function deploymentOf(objects: DeployedObjects): Deployment {
  return parseDeployment(
    {
      network: objects.network,
      walPackageId: objects.walPackageId,
      walrusPackageIds: [objects.walrusPackageId],
      systemObjectId: objects.systemObjectId,
      stakingObjectId: objects.stakingObjectId,
      walTreasuryObjectId: objects.walTreasuryObjectId,
      upgradeManagerObjectId: objects.upgradeManagerObjectId,
    },
    'deploy result',
  );
}

/** Writes `deployment` as pretty JSON, creating the folder if needed. */
export function writeDeploymentFile(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(parseDeployment(deployment), null, 2)}\n`);
}
