// Checkpoint store over HTTP(S): `{base}/{seq}.binpb.zst`, the layout of Sui's public checkpoint buckets.
// Bounded concurrency and memory (a prefetch window of compressed files), retries with backoff on 5xx, 429 and
// network errors. A 404 means "not produced yet": live streams poll for it, bounded streams end there.
import { type Checkpoint, checkpointFileName, decodeCheckpointFile } from '../checkpoint/codec.ts';
import { CheckpointDecodeError, CheckpointError } from '../checkpoint/errors.ts';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF, errorMessage, sleep } from '../util/retry.ts';
import { END_OF_STREAM, orderedPrefetch } from './prefetch.ts';
import { type CheckpointRange, type CheckpointSource, SILENT_LOGGER, type SourceLogger } from './source.ts';

export interface HttpStoreSourceOptions {
  /** Concurrent requests, which is also the number of compressed files held ahead of the consumer. */
  concurrency?: number;
  retry?: BackoffPolicy;
  /** How often a live stream asks again for a checkpoint the store does not have yet. */
  tipPollMs?: number;
  log?: SourceLogger;
  fetch?: typeof fetch;
}

/** The store answered with something other than the file, a 404 or a retryable failure. */
export class HttpStoreError extends CheckpointError {}

export class HttpStoreSource implements CheckpointSource {
  readonly name: string;
  readonly baseUrl: string;
  private readonly concurrency: number;
  private readonly retry: BackoffPolicy;
  private readonly tipPollMs: number;
  private readonly log: SourceLogger;
  private readonly fetch: typeof fetch;

  constructor(baseUrl: string, options: HttpStoreSourceOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.name = `store:${this.baseUrl}`;
    this.concurrency = options.concurrency ?? 16;
    this.retry = options.retry ?? DEFAULT_BACKOFF;
    this.tipPollMs = options.tipPollMs ?? 1_000;
    this.log = options.log ?? SILENT_LOGGER;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async *stream(range: CheckpointRange, signal?: AbortSignal): AsyncIterable<Checkpoint> {
    const live = range.to === undefined;
    let from = range.from;
    for (;;) {
      const items = orderedPrefetch({
        from,
        to: range.to,
        window: this.concurrency,
        signal,
        load: (seq, loadSignal) => this.download(seq, live, loadSignal),
      });
      let refetch = false;
      for await (const [seq, bytes] of items) {
        let checkpoint: Checkpoint;
        try {
          checkpoint = decodeCheckpointFile(bytes, seq, this.name);
        } catch (error) {
          // A live follower treats a bad file as a transient store problem: wait and download it again.
          if (!live || !(error instanceof CheckpointDecodeError)) throw error;
          this.log.warn({ err: error, checkpoint: seq, source: this.name }, 'bad checkpoint file, retrying');
          await sleep(this.tipPollMs, signal);
          from = seq;
          refetch = true;
          break;
        }
        yield checkpoint;
      }
      if (!refetch) return;
    }
  }

  private async download(seq: bigint, live: boolean, signal: AbortSignal): Promise<Uint8Array | typeof END_OF_STREAM> {
    const url = `${this.baseUrl}/${checkpointFileName(seq)}`;
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      try {
        const response = await this.fetch(url, { signal });
        if (response.ok) return new Uint8Array(await response.arrayBuffer());
        await response.body?.cancel();
        if (response.status === 404) {
          if (!live) return END_OF_STREAM;
          await sleep(this.tipPollMs, signal);
          attempt = 0;
          continue;
        }
        if (response.status < 500 && response.status !== 429 && response.status !== 408) {
          throw new HttpStoreError(
            `checkpoint ${seq}: ${url} answered HTTP ${response.status} ${response.statusText}; check the store URL and access rights`,
            seq,
            this.name,
          );
        }
        failure = `HTTP ${response.status}`;
      } catch (error) {
        if (error instanceof HttpStoreError || signal.aborted) throw error;
        failure = errorMessage(error);
      }
      if (!live && attempt >= this.retry.maxAttempts) {
        throw new HttpStoreError(
          `checkpoint ${seq}: ${url} failed ${attempt} times (last: ${failure}); the store is unreachable or failing`,
          seq,
          this.name,
        );
      }
      const delay = backoffDelayMs(this.retry, attempt);
      this.log.warn(
        { checkpoint: seq, source: this.name, attempt, delayMs: delay, failure },
        'checkpoint download failed, retrying',
      );
      await sleep(delay, signal);
    }
  }
}
