// The runner: one source feeding sequential pipelines. Fetching, decoding and processing run ahead of
// committing through a bounded channel (overlap + back-pressure); the committer groups consecutive checkpoints
// into batches and writes each pipeline's rows with its watermark in one transaction, retrying transient
// database failures with backoff for as long as it takes.
import { type Checkpoint, checkpointTimestampMs } from '../checkpoint/codec.ts';
import { CheckpointOrderError } from '../checkpoint/errors.ts';
import type { Database } from '../db/database.ts';
import { isTransientDatabaseError } from '../db/transient.ts';
import { lockWatermark, readWatermark, WatermarkConflictError, writeWatermark } from '../db/watermarks.ts';
import type { IndexerMetrics } from '../metrics/metrics.ts';
import { logProgress, type ProgressSnapshot, ProgressTracker } from '../metrics/progress.ts';
import type { CheckpointSource } from '../sources/source.ts';
import { BoundedChannel } from '../util/channel.ts';
import type { Logger } from '../util/log.ts';
import { type BackoffPolicy, backoffDelayMs, sleep } from '../util/retry.ts';
import { type CheckpointContext, CheckpointProcessError, type SequentialPipeline } from './pipeline.ts';

export interface BatchLimits {
  /** Most checkpoints in one transaction. */
  maxCheckpoints: number;
  /** A batch closes once it holds this many rows (all pipelines together). */
  maxRows: number;
  /** A batch closes this long after its first checkpoint arrived, full or not (live latency). */
  maxLatencyMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxCheckpoints: 5_000, maxRows: 20_000, maxLatencyMs: 500 };

export interface RunnerOptions {
  db: Database;
  source: CheckpointSource;
  // Pipelines have different row types; the runner only moves their rows around.
  pipelines: readonly SequentialPipeline<any>[];
  /** First checkpoint for pipelines without a watermark (default 0). */
  from?: bigint;
  /** Last checkpoint to index (inclusive); absent = follow the source forever. */
  to?: bigint;
  batch?: Partial<BatchLimits>;
  /**
   * How much processed work may wait for the committer, in rows plus one per checkpoint (default: one full
   * batch, `maxRows`): the bound on memory between the source and the database.
   */
  bufferRows?: number;
  /** Retry policy for transient database errors (default: forever, up to 30 s apart). */
  dbRetry?: BackoffPolicy;
  log: Logger;
  metrics?: IndexerMetrics;
  /** Interval of the progress line; 0 disables it. */
  progressIntervalMs?: number;
  /** Receives each progress snapshot instead of the progress log line (`final` for the run's last one). */
  reportProgress?: (snapshot: ProgressSnapshot, final: boolean) => void;
  signal?: AbortSignal;
}

export interface RunSummary {
  /** Checkpoints received from the source in this run. */
  checkpoints: number;
  /** Rows committed per pipeline in this run. */
  rows: Record<string, number>;
  /** Watermark of each pipeline at the end of the run. */
  watermarks: Record<string, bigint | undefined>;
}

interface ProcessedCheckpoint {
  sequenceNumber: bigint;
  timestampMs: bigint;
  /** Rows per pipeline (same order as `pipelines`); undefined where the pipeline had already committed it. */
  rows: Array<unknown[] | undefined>;
  rowCount: number;
}

/**
 * Longest stretch the producer (decode and process) keeps the thread before it lets pending I/O run: the
 * database's replies to the commits in flight wait for it otherwise, one round trip at a time.
 */
export const PRODUCER_SLICE_MS = 4;

const DB_RETRY_FOREVER: BackoffPolicy = { initialMs: 250, maxMs: 30_000, maxAttempts: Infinity };

/** A `--from` beyond a pipeline's watermark would leave a hole in its tables. */
export class StartGapError extends Error {
  constructor(pipeline: string, watermark: bigint, from: bigint) {
    super(
      `pipeline ${pipeline} has committed up to checkpoint ${watermark}; starting at ${from} would skip ` +
        `checkpoints ${watermark + 1n}..${from - 1n}. Start at ${watermark + 1n} (or omit --from), or use an empty database.`,
    );
    this.name = 'StartGapError';
  }
}

async function withDbRetry<T>(
  what: string,
  policy: BackoffPolicy,
  log: Logger,
  metrics: IndexerMetrics | undefined,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientDatabaseError(error) || attempt >= policy.maxAttempts || signal?.aborted) throw error;
      metrics?.errors.inc({ kind: 'db_retry' });
      const delayMs = backoffDelayMs(policy, attempt);
      log.warn(
        { err: error, attempt, delayMs },
        `${what} failed on a transient database error; retrying (nothing was lost)`,
      );
      await sleep(delayMs, signal);
    }
  }
}

/** Indexes `source` into `db` with `pipelines` until the range ends, the signal aborts, or an error stops it. */
export async function runIndexer(options: RunnerOptions): Promise<RunSummary> {
  const { db, source, pipelines, log, metrics, signal } = options;
  const limits: BatchLimits = { ...DEFAULT_BATCH_LIMITS, ...options.batch };
  const dbRetry = options.dbRetry ?? DB_RETRY_FOREVER;
  if (pipelines.length === 0) throw new Error('runIndexer needs at least one pipeline');
  const names = new Set(pipelines.map((p) => p.name));
  if (names.size !== pipelines.length) throw new Error('pipeline names must be unique (they key the watermarks)');

  // Where each pipeline stands, and where the stream must start.
  const watermarks = new Map<string, bigint | undefined>();
  for (const pipeline of pipelines) {
    const mark = await withDbRetry('reading watermarks', dbRetry, log, metrics, signal, () =>
      readWatermark(db, pipeline.name),
    );
    watermarks.set(pipeline.name, mark?.checkpoint);
    if (mark) metrics?.watermark.set({ pipeline: pipeline.name }, Number(mark.checkpoint));
  }
  for (const pipeline of pipelines) {
    if (!pipeline.start) continue;
    await withDbRetry(`starting pipeline ${pipeline.name}`, dbRetry, log, metrics, signal, () => pipeline.start!(db));
  }
  const requestedFrom = options.from ?? 0n;
  let start: bigint | undefined;
  for (const pipeline of pipelines) {
    const mark = watermarks.get(pipeline.name);
    if (mark !== undefined && requestedFrom > mark + 1n && options.from !== undefined) {
      throw new StartGapError(pipeline.name, mark, requestedFrom);
    }
    const pipelineStart = mark === undefined ? requestedFrom : mark + 1n;
    if (start === undefined || pipelineStart < start) start = pipelineStart;
  }
  const summary: RunSummary = { checkpoints: 0, rows: {}, watermarks: Object.fromEntries(watermarks) };
  for (const pipeline of pipelines) summary.rows[pipeline.name] = 0;
  if (start === undefined || (options.to !== undefined && start > options.to)) {
    log.info({ watermarks: summary.watermarks }, 'nothing to index: every pipeline is past the end of the range');
    return summary;
  }
  log.info(
    { source: source.name, from: start.toString(), to: options.to?.toString() ?? 'end of source / live' },
    'indexing started',
  );

  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const channel = new BoundedChannel<ProcessedCheckpoint>(
    options.bufferRows ?? limits.maxRows,
    (item) => item.rowCount + 1,
  );
  const progress = new ProgressTracker(options.to);
  const progressInterval = options.progressIntervalMs ?? 0;
  const report = options.reportProgress ?? ((snapshot: ProgressSnapshot) => logProgress(log, snapshot));
  const progressTimer =
    progressInterval > 0 ? setInterval(() => report(progress.snapshot(), false), progressInterval) : undefined;
  progressTimer?.unref();
  const tipTimer = source.latest ? setInterval(() => void refreshTip(), 5_000) : undefined;
  tipTimer?.unref();
  let latestTip: bigint | undefined;
  const observeLag = () => {
    if (latestTip === undefined) return;
    const committed = new Map<string, bigint>();
    for (const [name, mark] of watermarks) if (mark !== undefined) committed.set(name, mark);
    metrics?.observeTip(latestTip, committed);
  };
  async function refreshTip(): Promise<void> {
    try {
      const tip = await source.latest?.(stop.signal);
      if (tip === undefined) return;
      latestTip = tip;
      progress.setTip(tip);
      observeLag();
    } catch {
      // The tip only feeds lag and ETA; the stream itself reports source failures.
    }
  }
  void refreshTip();

  const produce = async (): Promise<void> => {
    let expected = start;
    let sliceStarted = performance.now();
    try {
      for await (const checkpoint of source.stream({ from: start, to: options.to }, stop.signal)) {
        const item = processCheckpoint(checkpoint, expected, source.name, pipelines, watermarks);
        expected += 1n;
        metrics?.checkpointsProcessed.inc();
        await channel.push(item);
        // Prefetched checkpoints arrive as resolved promises, so this loop could run for a whole batch without
        // letting the event loop read a socket; the commits waiting on the database's replies share this thread.
        if (performance.now() - sliceStarted >= PRODUCER_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStarted = performance.now();
        }
      }
      channel.close();
    } catch (error) {
      channel.close(error);
    }
  };

  // One pipeline's share of a batch, in its own transaction with its own watermark.
  const commitPipeline = async (index: number, items: ProcessedCheckpoint[]): Promise<void> => {
    const pipeline = pipelines[index]!;
    const mine = items.filter((item) => item.rows[index] !== undefined);
    if (mine.length === 0) return;
    const first = mine[0]!.sequenceNumber;
    const lastItem = mine[mine.length - 1]!;
    const last = lastItem.sequenceNumber;
    const rows = mine.flatMap((item) => item.rows[index]!);
    const expectedMark = watermarks.get(pipeline.name);
    const started = performance.now();
    const written = await withDbRetry(
      `committing ${pipeline.name} checkpoints ${first}..${last}`,
      dbRetry,
      log,
      metrics,
      stop.signal,
      () =>
        db.transaction(async (tx) => {
          const found = await lockWatermark(tx, pipeline.name);
          // A connection lost during COMMIT leaves us unsure whether it landed; if it did, we are done.
          if (found === last) return rows.length;
          if (found !== expectedMark) throw new WatermarkConflictError(pipeline.name, expectedMark, found);
          const count = await pipeline.commit(tx, { first, last, checkpoints: mine.length, rows });
          await writeWatermark(tx, pipeline.name, { checkpoint: last, checkpointTimestampMs: lastItem.timestampMs });
          return count;
        }),
    );
    const seconds = (performance.now() - started) / 1000;
    pipeline.committed?.({ first, last, checkpoints: mine.length, rows });
    watermarks.set(pipeline.name, last);
    summary.watermarks[pipeline.name] = last;
    summary.rows[pipeline.name] = (summary.rows[pipeline.name] ?? 0) + written;
    progress.recordBatch(pipeline.name, mine.length, written, last, index === 0);
    metrics?.rowsCommitted.inc({ pipeline: pipeline.name }, written);
    metrics?.batchCommitSeconds.observe({ pipeline: pipeline.name }, seconds);
    metrics?.watermark.set({ pipeline: pipeline.name }, Number(last));
    metrics?.timeLagSeconds.set(
      { pipeline: pipeline.name },
      Math.max(0, (Date.now() - Number(lastItem.timestampMs)) / 1000),
    );
    log.debug(
      { pipeline: pipeline.name, first: first.toString(), last: last.toString(), rows: written, seconds },
      'batch committed',
    );
  };

  // Pipelines are independent (each has its own tables and watermark), so their transactions run side by side
  // on separate connections: the database works on one pipeline's rows while it parses another's. The batch is
  // done when all have committed; the first failure is reported once every transaction has settled, so no
  // commit is left running behind the error.
  const commitBatch = async (items: ProcessedCheckpoint[]): Promise<void> => {
    const outcomes = await Promise.allSettled(pipelines.map((_, index) => commitPipeline(index, items)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    summary.checkpoints += items.length;
    observeLag();
  };

  const consume = async (): Promise<void> => {
    for (;;) {
      const head = await channel.take();
      if (head.done) return;
      const items = [head.value];
      let rows = head.value.rowCount;
      const deadline = performance.now() + limits.maxLatencyMs;
      while (items.length < limits.maxCheckpoints && rows < limits.maxRows) {
        const next = channel.takeNow();
        if (next) {
          items.push(next);
          rows += next.rowCount;
          continue;
        }
        const remaining = deadline - performance.now();
        if (channel.drained || remaining <= 0) break;
        await channel.wait(remaining);
      }
      // Checkpoints before a bad one are good: commit them, then report the bad one.
      await commitBatch(items);
      if (channel.drained) {
        if (channel.error) throw channel.error.error;
        return;
      }
    }
  };

  const producer = produce();
  try {
    await consume();
  } catch (error) {
    metrics?.errors.inc({ kind: 'fatal' });
    throw error;
  } finally {
    stop.abort(new Error('indexer stopped'));
    channel.close();
    await producer;
    if (progressTimer) clearInterval(progressTimer);
    if (tipTimer) clearInterval(tipTimer);
    signal?.removeEventListener('abort', onAbort);
    if (progressInterval > 0) report(progress.snapshot(), true);
  }
  const reached = [...watermarks.values()].reduce<bigint | undefined>(
    (low, mark) => (low === undefined || (mark ?? -1n) < low ? (mark ?? -1n) : low),
    undefined,
  );
  if (options.to !== undefined && reached !== undefined && reached < options.to) {
    log.warn(
      { to: options.to.toString(), reached: reached.toString(), source: source.name },
      'the source ended before the end of the range (its tip); run again later to continue',
    );
  }
  log.info({ checkpoints: summary.checkpoints, rows: summary.rows }, 'indexing finished');
  return summary;
}

function processCheckpoint(
  checkpoint: Checkpoint,
  expected: bigint,
  sourceName: string,
  pipelines: readonly SequentialPipeline<any>[],
  watermarks: ReadonlyMap<string, bigint | undefined>,
): ProcessedCheckpoint {
  const sequenceNumber = checkpoint.sequenceNumber ?? checkpoint.summary?.sequenceNumber;
  if (sequenceNumber !== expected) throw new CheckpointOrderError(expected, sequenceNumber ?? -1n, sourceName);
  const context: CheckpointContext = {
    sequenceNumber,
    timestampMs: checkpointTimestampMs(checkpoint),
    epoch: checkpoint.summary?.epoch ?? 0n,
    source: sourceName,
  };
  const rows: Array<unknown[] | undefined> = [];
  let rowCount = 0;
  for (const pipeline of pipelines) {
    const mark = watermarks.get(pipeline.name);
    if (mark !== undefined && sequenceNumber <= mark) {
      rows.push(undefined);
      continue;
    }
    let out: unknown[];
    try {
      out = pipeline.process(checkpoint, context);
    } catch (error) {
      throw new CheckpointProcessError(pipeline.name, context, error);
    }
    rows.push(out);
    rowCount += out.length;
  }
  return { sequenceNumber, timestampMs: context.timestampMs, rows, rowCount };
}
