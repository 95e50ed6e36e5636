// Publishing `wal` and `walrus` from the committed artifacts (move/artifacts/<pkg>.json). Building is offline;
// signing and executing is the caller's (an online deploy step).
import { readFileSync } from 'node:fs';
import { deserialize } from '@mysten/move-bytecode-template';
import { join } from 'node:path';
import { Transaction, type TransactionResult } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { init } from './generated/walrus/index.ts';
import type { MoveArtifact } from './move/compile.ts';
import type { ObjectInput } from './runtime/move-call.ts';
import { ARTIFACTS_DIR } from './move/workspace.ts';

/** Reads a committed artifact, e.g. `loadMoveArtifact('walrus')`. */
export function loadMoveArtifact(name: 'wal' | 'walrus' | (string & {}), dir: string = ARTIFACTS_DIR): MoveArtifact {
  const path = join(dir, `${name}.json`);
  let artifact: MoveArtifact;
  try {
    artifact = JSON.parse(readFileSync(path, 'utf8')) as MoveArtifact;
  } catch (err) {
    throw new Error(
      `cannot read Move artifact ${path}: ${err instanceof Error ? err.message : String(err)}; run \`npm run move:build -- ${name}\``,
    );
  }
  if (!Array.isArray(artifact.modules) || artifact.modules.length === 0 || !Array.isArray(artifact.dependencies)) {
    throw new Error(`Move artifact ${path} has no modules or no dependencies list; rebuild it with npm run move:build`);
  }
  return artifact;
}

const ZERO = normalizeSuiAddress('0x0');

interface ModuleHandlesJson {
  self_module_handle_idx: number;
  module_handles: { address: number; name: number }[];
  identifiers: string[];
  address_identifiers: string[];
}

/**
 * Modules the artifact calls at address 0x0 that it does not define itself: dependencies compiled unpublished
 * (e.g. `wal::wal` inside `walrus` while `wal` has no published address). Such bytecode cannot be published.
 */
export function unpublishedDependencyModules(artifact: MoveArtifact): string[] {
  const modules = artifact.modules.map(
    (m) => deserialize(Uint8Array.from(Buffer.from(m, 'base64'))) as ModuleHandlesJson,
  );
  const own = new Set(modules.map((m) => m.identifiers[m.module_handles[m.self_module_handle_idx]!.name]!));
  const foreign = new Set<string>();
  for (const m of modules) {
    for (const handle of m.module_handles) {
      const name = m.identifiers[handle.name]!;
      if (normalizeSuiAddress(m.address_identifiers[handle.address]!) === ZERO && !own.has(name)) foreign.add(name);
    }
  }
  return [...foreign].sort();
}

/**
 * Adds the publish command for `artifact` and hands the resulting `UpgradeCap` to `upgradeCapRecipient`.
 * Fails when the artifact links a dependency at 0x0: that dependency was compiled unpublished, so the package
 * must be rebuilt against its published id first.
 */
export function publishPackage(artifact: MoveArtifact, upgradeCapRecipient: string) {
  const unpublished = unpublishedDependencyModules(artifact);
  if (unpublished.length > 0 || artifact.dependencies.some((d) => normalizeSuiAddress(d) === ZERO)) {
    throw new Error(
      `cannot publish ${artifact.package}: it links unpublished dependency code at 0x0 ` +
        `(${unpublished.length > 0 ? `modules ${unpublished.join(', ')}` : 'dependency id 0x0'}); publish the ` +
        'dependency first and rebuild this package against its published address',
    );
  }
  return (tx: Transaction): TransactionResult => {
    const upgradeCap = tx.publish({ modules: artifact.modules, dependencies: artifact.dependencies });
    tx.transferObjects([upgradeCap], normalizeSuiAddress(upgradeCapRecipient));
    return upgradeCap;
  };
}

export interface GasSettings {
  sender: string;
  /** Left unset, a client resolves it when building (online). */
  gasPrice?: number | bigint;
  /** Left unset, a client resolves it by a dry run when building (online). */
  gasBudget?: number | bigint;
  /** Coins paying for gas; with all four settings the transaction builds without a client. */
  gasPayment?: { objectId: string; version: string | number; digest: string }[];
}

/** Sets sender and whichever gas settings are given on `tx`. */
export function applyGasSettings(tx: Transaction, gas: GasSettings): Transaction {
  tx.setSender(normalizeSuiAddress(gas.sender));
  if (gas.gasPrice !== undefined) tx.setGasPrice(gas.gasPrice);
  if (gas.gasBudget !== undefined) tx.setGasBudget(gas.gasBudget);
  if (gas.gasPayment !== undefined) tx.setGasPayment(gas.gasPayment);
  return tx;
}

/** A complete publish transaction for `artifact`, the `UpgradeCap` going to the sender. */
export function publishTransaction(artifact: MoveArtifact, gas: GasSettings): Transaction {
  const tx = applyGasSettings(new Transaction(), gas);
  tx.add(publishPackage(artifact, gas.sender));
  return tx;
}

export interface InitializeWalrusArgs {
  /** The freshly published walrus package id. */
  walrusPackageId: string;
  /** `InitCap` sent to the publisher by the package's `init`. */
  initCap: ObjectInput;
  /** The walrus package's `UpgradeCap` (from the publish transaction). */
  upgradeCap: ObjectInput;
  /** Milliseconds epoch 0 lasts. */
  epochZeroDuration: bigint;
  /** Milliseconds every later epoch lasts. */
  epochDuration: bigint;
  nShards: number;
  maxEpochsAhead: number;
  /** Receives the `EmergencyUpgradeCap`. */
  owner: string;
}

/** The second deployment step: `init::initialize_walrus` creates and shares `System` and `Staking`. */
export function initializeWalrusTransaction(args: InitializeWalrusArgs, tx = new Transaction()): Transaction {
  const emergencyCap = tx.add(
    init.initializeWalrus({
      package: args.walrusPackageId,
      arguments: {
        initCap: args.initCap,
        upgradeCap: args.upgradeCap,
        epochZeroDuration: args.epochZeroDuration,
        epochDuration: args.epochDuration,
        nShards: args.nShards,
        maxEpochsAhead: args.maxEpochsAhead,
      },
    }),
  );
  tx.transferObjects([emergencyCap], normalizeSuiAddress(args.owner));
  return tx;
}
