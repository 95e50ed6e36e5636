// The `walrus` sequential pipeline: the domain tables of walrus-schema.ts. `process` decodes a checkpoint and
// runs the handlers over its transactions in chain order, with the handler context `start` read from the tables
// and carried forward; `commit` folds the batch's changes and writes each touched row once. Because the context
// is rebuilt from what the tables committed whenever a run starts, a resumed run produces the same rows as an
// uninterrupted one.
import type { TypeRegistry } from '@open-walrus/sdk';
import type { Checkpoint } from '../checkpoint/codec.ts';
import type { SqlExecutor } from '../db/database.ts';
import type { Batch, SequentialPipeline } from '../pipeline/pipeline.ts';
import { commitWalrusBatch, loadWalrusContext } from './commit.ts';
import { transactionViews } from './decode.ts';
import { emptyBatch, foldChanges, type FoldedBatch } from './fold.ts';
import { processTransaction, type WalrusContext } from './handlers.ts';
import type { WalrusChange } from './changes.ts';

export interface WalrusPipelineOptions {
  /** The SDK's type registry for the deployment followed (every package id of the lineage). */
  registry: TypeRegistry;
  /** Watermark name (default `walrus`). */
  name?: string;
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

/**
 * The pipeline runs the handlers in `process`, ahead of the commits, so that decoding and handling the next
 * checkpoints overlaps with the database writing the previous batch. The handler context (current epoch,
 * n_shards, which pool owns which table) is read from the tables in `start` and then carried from checkpoint
 * to checkpoint; `commit` only folds the batch's changes and writes them.
 */
export function walrusPipeline(options: WalrusPipelineOptions): SequentialPipeline<WalrusChange> {
  let ctx: WalrusContext | undefined;
  return {
    name: options.name ?? 'walrus',
    async start(db: SqlExecutor) {
      ctx = await loadWalrusContext(db);
    },
    process(checkpoint: Checkpoint) {
      if (ctx === undefined) throw new Error('the walrus pipeline was not started (the runner calls start first)');
      const changes: WalrusChange[] = [];
      for (const view of transactionViews(checkpoint, options.registry)) changes.push(...processTransaction(ctx, view));
      return changes;
    },
    async commit(tx: SqlExecutor, batch: Batch<WalrusChange>) {
      const folded = foldChanges(emptyBatch(), batch.rows);
      await commitWalrusBatch(tx, folded);
      return touchedRows(folded);
    },
  };
}
