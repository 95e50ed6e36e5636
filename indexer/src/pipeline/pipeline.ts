// The pipeline contract (sequential pipelines, as in sui-indexer-alt-framework): a pure processor turning one
// checkpoint into rows, and a committer writing the rows of a batch of consecutive checkpoints inside the
// transaction the runner opens. The runner writes the pipeline's watermark in that same transaction, so rows
// and watermark commit together or not at all.
import type { Checkpoint } from '../checkpoint/codec.ts';
import { CheckpointError } from '../checkpoint/errors.ts';
import type { SqlExecutor } from '../db/database.ts';

/** Facts about the checkpoint being processed, computed once by the runner. */
export interface CheckpointContext {
  sequenceNumber: bigint;
  /** Summary timestamp, milliseconds since the Unix epoch. */
  timestampMs: bigint;
  /** Sui epoch of the checkpoint. */
  epoch: bigint;
  /** Source the checkpoint came from (for error messages). */
  source: string;
}

/** The rows of consecutive checkpoints `first..last`, in checkpoint order, handed to `commit`. */
export interface Batch<Row> {
  first: bigint;
  last: bigint;
  /** Number of checkpoints in the batch (= last - first + 1). */
  checkpoints: number;
  rows: Row[];
}

export interface SequentialPipeline<Row> {
  /** Unique name; the key of the pipeline's watermark row. */
  readonly name: string;
  /**
   * Called once per run, before the first `process`, with the database as the pipeline's watermark left it. A
   * pipeline whose rows depend on what came before (the walrus handlers need the current epoch and which pool
   * owns which table) reads that state here and carries it through `process`.
   */
  start?(db: SqlExecutor): Promise<void>;
  /**
   * Rows of one checkpoint. No I/O. The runner calls it exactly once per checkpoint after the pipeline's
   * watermark, in checkpoint order, ahead of the commits; a pipeline may therefore carry state from one call to
   * the next, as long as `start` rebuilds that state from the database (a restart, or a run after a failed one,
   * begins there). Throwing marks the checkpoint as bad input: the run stops with the checkpoint's sequence number
   * and source, and nothing of it is committed.
   */
  process(checkpoint: Checkpoint, context: CheckpointContext): Row[];
  /**
   * Writes a batch inside the runner's transaction and returns the number of rows written. Must be idempotent
   * (a batch may be written again after a crash or a replay): use `writeHistoryRows` for append-only tables
   * and `CurrentStateFold` + `writeCurrentState` for current-state tables. Must not commit or roll back.
   */
  commit(tx: SqlExecutor, batch: Batch<Row>): Promise<number>;
  /** Called once after the batch's transaction committed (metrics, caches); never inside a retry. */
  committed?(batch: Batch<Row>): void;
}

/** A processor threw on a checkpoint: bad input (or a handler bug), reported with sequence number and source. */
export class CheckpointProcessError extends CheckpointError {
  readonly pipeline: string;
  constructor(pipeline: string, context: CheckpointContext, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `pipeline ${pipeline} could not process checkpoint ${context.sequenceNumber} from ${context.source}: ${reason}. ` +
        'Nothing of this checkpoint was committed; fix the input or the handler and restart.',
      context.sequenceNumber,
      context.source,
      { cause },
    );
    this.pipeline = pipeline;
  }
}
