// Runs a synthetic network and turns it into checkpoints: in memory (tests) or as `{seq}.binpb.zst` files plus a
// `deployment.json` (the SDK's Deployment: package ids and shared objects) in a directory (demo, benchmarks).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTypeRegistry, type TypeRegistry } from '@open-walrus/sdk';
import { type Checkpoint, checkpointFileName, encodeCheckpointFile } from '../checkpoint/codec.ts';
import { type ContentsCache, encodeSyntheticCheckpoint } from './encode.ts';
import {
  DEFAULT_SYNTHETIC_OPTIONS,
  type SyntheticDeployment,
  SyntheticNetwork,
  type SyntheticOptions,
} from './network.ts';

export interface SyntheticRun {
  network: SyntheticNetwork;
  registry: TypeRegistry;
  deployment: SyntheticDeployment;
  /** Checkpoints 0, 1, 2, ... of the network, generated on demand. */
  checkpoints(count: number): Generator<Checkpoint>;
}

/** A synthetic network ready to produce checkpoints (`options` fill in the defaults). */
export function syntheticRun(options: Partial<SyntheticOptions> = {}): SyntheticRun {
  const network = new SyntheticNetwork({ ...DEFAULT_SYNTHETIC_OPTIONS, ...options });
  const deployment = network.deployment;
  const registry = createTypeRegistry(deployment);
  return {
    network,
    registry,
    deployment,
    *checkpoints(count: number) {
      const cache: ContentsCache = new Map();
      for (let i = 0; i < count; i++) {
        const input = network.nextCheckpoint();
        yield encodeSyntheticCheckpoint(input, registry, network.options.seed, deployment.walrusPackageIds[0]!, cache);
        // Objects gone from the store will not be read again.
        for (const tx of input.transactions) {
          for (const change of tx.changes) if (change.after === undefined) cache.delete(change.before!.id);
        }
      }
    },
  };
}

export interface WrittenNetwork {
  deployment: SyntheticDeployment;
  checkpoints: number;
  transactions: number;
  events: number;
  bytes: number;
}

/** Writes `count` checkpoints and `deployment.json` into `directory` (created if needed). */
export async function writeSyntheticNetwork(
  directory: string,
  count: number,
  options: Partial<SyntheticOptions> = {},
  onProgress?: (written: number) => void,
): Promise<WrittenNetwork> {
  await mkdir(directory, { recursive: true });
  const run = syntheticRun(options);
  let transactions = 0;
  let events = 0;
  let bytes = 0;
  let written = 0;
  for (const checkpoint of run.checkpoints(count)) {
    const file = encodeCheckpointFile(checkpoint);
    await writeFile(join(directory, checkpointFileName(checkpoint.sequenceNumber!)), file);
    transactions += checkpoint.transactions.length;
    for (const tx of checkpoint.transactions) events += tx.events?.events.length ?? 0;
    bytes += file.length;
    written++;
    if (onProgress !== undefined && written % 1000 === 0) onProgress(written);
  }
  await writeFile(join(directory, 'deployment.json'), `${JSON.stringify(run.deployment, null, 2)}\n`);
  return { deployment: run.deployment, checkpoints: written, transactions, events, bytes };
}
