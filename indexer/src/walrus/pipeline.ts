// The `walrus` sequential pipeline: the domain tables of walrus-schema.ts. `process` only decodes (pure, may run
// ahead and again); `commit` runs the handlers over the batch's transactions in chain order, starting from the
// handler context as the same transaction reads it from the tables, folds the changes and writes each touched
// row once. Keeping the context out of `process` is what makes a retried or resumed batch produce the same rows.
import type { TypeRegistry } from '@open-walrus/sdk';
import type { Checkpoint } from '../checkpoint/codec.ts';
import type { SqlExecutor } from '../db/database.ts';
import type { Batch, SequentialPipeline } from '../pipeline/pipeline.ts';
import { commitWalrusBatch, loadWalrusContext } from './commit.ts';
import { transactionViews } from './decode.ts';
import { emptyBatch, foldChanges, type FoldedBatch } from './fold.ts';
import { processTransaction } from './handlers.ts';
import type { TransactionView } from './transaction-view.ts';

export interface WalrusPipelineOptions {
  /** The SDK's type registry for the deployment followed (every package id of the lineage). */
  registry: TypeRegistry;
  /** Watermark name (default `walrus`). */
  name?: string;
}

/** Row changes of a batch of transaction views, folded, given the context committed before the batch. */
export async function foldBatch(tx: SqlExecutor, views: readonly TransactionView[]): Promise<FoldedBatch> {
  const ctx = await loadWalrusContext(tx);
  const batch = emptyBatch();
  for (const view of views) foldChanges(batch, processTransaction(ctx, view));
  return batch;
}

function touchedRows(batch: FoldedBatch): number {
  return (
    batch.blobs.size +
    batch.blobAttributes.size +
    batch.invalidBlobIds.size +
    batch.epochs.size +
    batch.committees.size +
    batch.storageNodes.size +
    batch.nodeMetadata.size +
    batch.exchangeRates.size +
    batch.stakedWals.size +
    batch.system.size +
    batch.staking.size
  );
}

export function walrusPipeline(options: WalrusPipelineOptions): SequentialPipeline<TransactionView> {
  return {
    name: options.name ?? 'walrus',
    process: (checkpoint: Checkpoint) => transactionViews(checkpoint, options.registry),
    async commit(tx: SqlExecutor, batch: Batch<TransactionView>) {
      const folded = await foldBatch(tx, batch.rows);
      await commitWalrusBatch(tx, folded);
      return touchedRows(folded);
    },
  };
}
