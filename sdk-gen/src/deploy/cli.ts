// `npm run deploy -- --rpc URL [--key suiprivkey1...] ...`: publishes wal and walrus to a live network, initializes
// walrus and writes the deployment file. See DEPLOY_USAGE in args.ts.
import { resolve } from 'node:path';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { resolveFramework } from '../move/framework.ts';
import { DeployArgsError, type DeployConfig, parseDeployArgs } from './args.ts';
import { deployWalrus } from './deploy.ts';
import { writeDeploymentFile } from './deployment-file.ts';
import { buildWalrusAgainstWal } from './link.ts';

/** A client for the configured node; constructing it does not contact the node. */
export function clientFor(config: Pick<DeployConfig, 'rpcUrl' | 'transport' | 'network'>) {
  return config.transport === 'grpc'
    ? new SuiGrpcClient({ network: config.network, baseUrl: config.rpcUrl })
    : new SuiJsonRpcClient({ network: config.network, url: config.rpcUrl });
}

async function main(): Promise<number> {
  let config: DeployConfig;
  try {
    config = parseDeployArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof DeployArgsError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  // Walrus is recompiled mid-deploy: make sure that can happen before anything is published.
  const framework = await resolveFramework();
  if (framework.kind === 'unavailable') {
    console.error(`cannot deploy: walrus must be recompiled against the published wal, but ${framework.reason}`);
    return 1;
  }
  const signer = Ed25519Keypair.fromSecretKey(config.privateKey);
  console.log(`deploying to ${config.network} via ${config.rpcUrl} as ${signer.toSuiAddress()}`);
  const deployment = await deployWalrus(config, {
    client: clientFor(config),
    signer,
    buildWalrus: (publication) => buildWalrusAgainstWal(publication, { framework }),
    log: (line) => console.log(line),
  });
  const out = resolve(config.out);
  writeDeploymentFile(out, deployment);
  console.log(`deployment written to ${out}`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
