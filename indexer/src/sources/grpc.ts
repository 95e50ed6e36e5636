// A Sui full node over gRPC (`SuiGrpcClient`, binary gRPC-web over fetch): backfill with `listCheckpoints`
// (falling back to `getCheckpoint` when the node lacks it), live with `subscribeCheckpoints`, and a gap fill
// from the list/get calls whenever the subscription starts or resumes ahead of the next checkpoint we need.
import { GrpcTypes, RpcError, SuiGrpcClient } from '@mysten/sui/grpc';
import { type Checkpoint, checkCheckpointIdentity } from '../checkpoint/codec.ts';
import { CheckpointDecodeError, CheckpointError, CheckpointPrunedError } from '../checkpoint/errors.ts';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF, errorMessage, sleep } from '../util/retry.ts';
import { END_OF_STREAM, orderedPrefetch } from './prefetch.ts';
import { type CheckpointRange, type CheckpointSource, SILENT_LOGGER, type SourceLogger } from './source.ts';

/** Everything the pipelines read: summary, and per transaction its digest, events, effects and objects. */
export const CHECKPOINT_READ_MASK: readonly string[] = [
  'sequence_number',
  'digest',
  'summary',
  'transactions.digest',
  'transactions.events',
  'transactions.effects',
  'transactions.objects',
  'objects',
];

export interface GrpcSourceOptions {
  /** A client to use instead of one built from the URL (tests, custom transports). */
  client?: SuiGrpcClient;
  readMask?: readonly string[];
  retry?: BackoffPolicy;
  /** Concurrent `getCheckpoint` calls when the node has no `listCheckpoints`. */
  concurrency?: number;
  /** Wait before asking again when a bounded range ends beyond the node's tip. */
  tipPollMs?: number;
  log?: SourceLogger;
}

/** The full node failed in a way retrying will not fix (or retried too often). */
export class GrpcSourceError extends CheckpointError {}

const RETRYABLE_CODES = new Set([
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'RESOURCE_EXHAUSTED',
  'INTERNAL',
  'ABORTED',
  'UNKNOWN',
  'CANCELLED',
]);

/** Whether a failed full-node call is worth repeating (the node or the network, not our request). */
export function isRetryableGrpcError(error: unknown): boolean {
  if (error instanceof CheckpointError) return false;
  if (error instanceof RpcError) return RETRYABLE_CODES.has(error.code);
  return true; // network failures surface as plain errors from fetch
}

function isUnimplemented(error: unknown): boolean {
  return error instanceof RpcError && error.code === 'UNIMPLEMENTED';
}

function isNotFound(error: unknown): boolean {
  return error instanceof RpcError && error.code === 'NOT_FOUND';
}

/** A controller aborted with `parent`, that can also be aborted on its own (to end one call). */
function linkedAbort(parent: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (!parent) return controller;
  if (parent.aborted) {
    controller.abort(parent.reason);
    return controller;
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  // Calls end long before the run does: unhook from the run's signal so listeners do not pile up.
  controller.signal.addEventListener('abort', () => parent.removeEventListener('abort', onAbort), { once: true });
  return controller;
}

export class GrpcSource implements CheckpointSource {
  readonly name: string;
  private readonly client: SuiGrpcClient;
  private readonly readMask: { paths: string[] };
  private readonly retry: BackoffPolicy;
  private readonly concurrency: number;
  private readonly tipPollMs: number;
  private readonly log: SourceLogger;
  private listUnsupported = false;

  constructor(url: string, options: GrpcSourceOptions = {}) {
    this.name = `grpc:${url}`;
    // Binary gRPC-web frames: checkpoints are large, and base64 (the transport's default text format) adds a third.
    this.client = options.client ?? new SuiGrpcClient({ network: 'custom', baseUrl: url, format: 'binary' });
    this.readMask = { paths: [...(options.readMask ?? CHECKPOINT_READ_MASK)] };
    this.retry = options.retry ?? DEFAULT_BACKOFF;
    this.concurrency = options.concurrency ?? 8;
    this.tipPollMs = options.tipPollMs ?? 500;
    this.log = options.log ?? SILENT_LOGGER;
  }

  async latest(signal?: AbortSignal): Promise<bigint | undefined> {
    return (await this.serviceInfo(signal)).checkpointHeight;
  }

  async *stream(range: CheckpointRange, signal?: AbortSignal): AsyncIterable<Checkpoint> {
    const live = range.to === undefined;
    let next = range.from;
    let failures = 0;
    const done = () => range.to !== undefined && next > range.to;
    while (!done()) {
      try {
        const info = await this.serviceInfo(signal);
        const lowest = info.lowestAvailableCheckpoint;
        if (lowest !== undefined && next < lowest) throw new CheckpointPrunedError(next, this.name, lowest);
        const tip = info.checkpointHeight ?? next - 1n;
        if (next <= tip) {
          const end = range.to !== undefined && range.to < tip ? range.to : tip;
          for await (const checkpoint of this.backfill(next, end, signal)) {
            yield checkpoint;
            next += 1n;
            failures = 0;
          }
          continue;
        }
        // Caught up with the node: follow its subscription, filling any gap from the list/get calls.
        for await (const checkpoint of this.follow(next, signal)) {
          yield checkpoint;
          next += 1n;
          failures = 0;
          if (done()) return;
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        const badMessage = error instanceof CheckpointDecodeError && live;
        if (!badMessage && !isRetryableGrpcError(error)) throw error;
        failures += 1;
        if (!live && failures >= this.retry.maxAttempts) {
          throw new GrpcSourceError(
            `checkpoint ${next}: ${this.name} failed ${failures} times in a row (last: ${errorMessage(error)})`,
            next,
            this.name,
            { cause: error },
          );
        }
        const delayMs = backoffDelayMs(this.retry, failures);
        this.log.warn(
          { err: error, checkpoint: next, source: this.name, attempt: failures, delayMs },
          'full node call failed, retrying',
        );
        await sleep(delayMs, signal);
      }
    }
  }

  private async serviceInfo(signal?: AbortSignal): Promise<GrpcTypes.GetServiceInfoResponse> {
    const { response } = await this.client.ledgerService.getServiceInfo({}, { abort: signal });
    return response;
  }

  /** Checkpoints `from..to` (inclusive) from the ledger service. */
  private async *backfill(from: bigint, to: bigint, signal?: AbortSignal): AsyncGenerator<Checkpoint> {
    let next = from;
    if (!this.listUnsupported) {
      try {
        while (next <= to) {
          const abort = linkedAbort(signal);
          const call = this.client.ledgerService.listCheckpoints(
            { startCheckpoint: next, endCheckpoint: to + 1n, readMask: this.readMask },
            { abort: abort.signal },
          );
          const before = next;
          try {
            for await (const message of call.responses) {
              if (!message.checkpoint) continue;
              yield this.check(message.checkpoint, next);
              next += 1n;
            }
          } finally {
            abort.abort();
          }
          // The stream may stop early (scan limit); ask again from where it stopped, unless it made no progress.
          if (next === before) await this.explainMissing(next, signal);
        }
        return;
      } catch (error) {
        if (!isUnimplemented(error)) throw error;
        this.listUnsupported = true;
        this.log.info({ source: this.name }, 'full node has no listCheckpoints; backfilling with getCheckpoint');
      }
    }
    const items = orderedPrefetch({
      from: next,
      to,
      window: this.concurrency,
      signal,
      load: async (seq, loadSignal) => {
        try {
          const { response } = await this.client.ledgerService.getCheckpoint(
            { checkpointId: { oneofKind: 'sequenceNumber', sequenceNumber: seq }, readMask: this.readMask },
            { abort: loadSignal },
          );
          if (!response.checkpoint) return END_OF_STREAM;
          return response.checkpoint;
        } catch (error) {
          if (isNotFound(error)) await this.explainMissing(seq, loadSignal);
          throw error;
        }
      },
    });
    for await (const [seq, checkpoint] of items) yield this.check(checkpoint, seq);
  }

  /** The subscription from its first message on; checkpoints before it (a gap) are backfilled first. */
  private async *follow(next: bigint, signal?: AbortSignal): AsyncGenerator<Checkpoint> {
    const call = linkedAbort(signal);
    try {
      yield* this.followCall(next, call.signal);
    } finally {
      call.abort(); // however the loop ends, close the server stream
    }
  }

  private async *followCall(next: bigint, signal: AbortSignal): AsyncGenerator<Checkpoint> {
    const call = this.client.subscriptionService.subscribeCheckpoints({ readMask: this.readMask }, { abort: signal });
    for await (const message of call.responses) {
      const checkpoint = message.checkpoint;
      const seq = message.cursor ?? checkpoint?.sequenceNumber;
      if (!checkpoint || seq === undefined || seq < next) continue;
      if (seq > next) {
        for await (const filled of this.backfill(next, seq - 1n, signal)) {
          yield filled;
          next += 1n;
        }
      }
      yield this.check(checkpoint, seq);
      next += 1n;
    }
    throw new Error('the checkpoint subscription ended');
  }

  /** Throws the clearest error for a checkpoint the node did not return: pruned, or not yet produced. */
  private async explainMissing(seq: bigint, signal?: AbortSignal): Promise<never> {
    const lowest = (await this.serviceInfo(signal)).lowestAvailableCheckpoint;
    if (lowest !== undefined && seq < lowest) throw new CheckpointPrunedError(seq, this.name, lowest);
    throw new RpcError(`checkpoint ${seq} is not available from ${this.name} yet`, 'UNAVAILABLE');
  }

  private check(checkpoint: Checkpoint, seq: bigint): Checkpoint {
    return checkCheckpointIdentity(checkpoint, seq, this.name);
  }
}
