// The transactions of a deployment, one pure builder per step; `deploy.ts` signs and executes them in order.
import { Transaction } from '@mysten/sui/transactions';
import type { MoveArtifact } from '../move/compile.ts';
import {
  applyGasSettings,
  type GasSettings,
  initializeWalrusTransaction,
  type InitializeWalrusArgs,
  publishTransaction,
} from '../publish.ts';

/** Step 1: publish `wal` (its artifact links only the framework). */
export function publishWalTransaction(walArtifact: MoveArtifact, gas: GasSettings): Transaction {
  return publishTransaction(walArtifact, gas);
}

/** Step 3: publish `walrus`, recompiled against the published `wal` (see link.ts). */
export function publishWalrusTransaction(walrusArtifact: MoveArtifact, gas: GasSettings): Transaction {
  return publishTransaction(walrusArtifact, gas);
}

/** Step 4: `init::initialize_walrus` with the `InitCap` and `UpgradeCap` of step 3 and the Clock. */
export function initializeWalrusStep(args: InitializeWalrusArgs, gas: GasSettings): Transaction {
  return initializeWalrusTransaction(args, applyGasSettings(new Transaction(), gas));
}
