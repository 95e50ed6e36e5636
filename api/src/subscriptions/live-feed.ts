// The one poller behind every subscription: while anyone listens, it reads the indexer's watermark on an
// interval and, each time the indexed checkpoint advances, loads what changed in one snapshot and hands the same
// tick to every subscriber. Subscribers filter ticks in memory, so their number costs no extra queries.
import { and, asc, desc, gt, inArray, lte, ne } from 'drizzle-orm';
import type { ApiDatabase, ReadDb } from '../database.ts';
import { aggregateBlobStatus } from '../domain/blob-status.ts';
import type { BlobRow, BlobStatusModel, EpochRow, IndexerStatusModel } from '../schema/parents.ts';
import { blobs, epochs, invalidBlobIds, pipelineWatermarks } from '../tables.ts';
import { indexerStatus } from '../schema/status.ts';

/** What changed between two indexed checkpoints. */
export interface LiveTick {
  status: IndexerStatusModel;
  /** Blob objects created after the previous tick, oldest first (at most MAX_BLOBS_PER_TICK). */
  newBlobs: BlobRow[];
  /** Status of each blob id one of whose objects changed (at most MAX_STATUSES_PER_TICK). */
  changedStatuses: BlobStatusModel[];
  /** The current epoch, when its number or state differs from the previous tick. */
  epochChange: EpochRow | null;
  /** The latest indexed epoch at this tick (null before the first), which decides which blobs are expired. */
  currentEpoch: number | null;
}

export const MAX_BLOBS_PER_TICK = 5_000;
export const MAX_STATUSES_PER_TICK = 1_000;
const MAX_QUEUED_TICKS = 1_000;

interface Baseline {
  checkpoint: bigint | null;
  epochKey: string | null;
  /** Latest epoch number at the baseline: blobs ending after it and by the new epoch expire in the next tick. */
  epoch: number | null;
}

interface Subscriber {
  queue: LiveTick[];
  wake: (() => void) | undefined;
  failed: Error | undefined;
}

async function loadBaseline(db: ReadDb): Promise<{ status: IndexerStatusModel; epoch: EpochRow | null }> {
  const watermarks = await db.select().from(pipelineWatermarks);
  const [epoch] = await db.select().from(epochs).orderBy(desc(epochs.epoch)).limit(1);
  return { status: indexerStatus(watermarks, Date.now()), epoch: epoch ?? null };
}

const epochKey = (epoch: EpochRow | null) => (epoch ? `${epoch.epoch}:${epoch.state}` : null);

async function loadTick(
  db: ReadDb,
  from: bigint | null,
  to: bigint,
  previousEpoch: number | null,
  epoch: EpochRow | null,
): Promise<Omit<LiveTick, 'status' | 'epochChange' | 'currentEpoch'>> {
  const range = (column: typeof blobs.createdCheckpoint) =>
    from === null ? lte(column, to) : and(gt(column, from), lte(column, to));
  const newBlobs = await db
    .select()
    .from(blobs)
    .where(range(blobs.createdCheckpoint))
    .orderBy(asc(blobs.createdCheckpoint), asc(blobs.objectId))
    .limit(MAX_BLOBS_PER_TICK);
  const changed = await db
    .selectDistinct({ blobId: blobs.blobId })
    .from(blobs)
    .where(range(blobs.updatedCheckpoint))
    .limit(MAX_STATUSES_PER_TICK);
  // Expiry changes no row (it is derived from the epoch), so the blob ids whose objects reached their end epoch
  // since the previous tick are found by end epoch. Deleted objects hold nothing that could expire.
  const expiring =
    epoch === null || (previousEpoch !== null && epoch.epoch <= previousEpoch)
      ? []
      : await db
          .selectDistinct({ blobId: blobs.blobId })
          .from(blobs)
          .where(
            and(
              previousEpoch === null ? undefined : gt(blobs.endEpoch, previousEpoch),
              lte(blobs.endEpoch, epoch.epoch),
              ne(blobs.status, 'deleted'),
            ),
          )
          .limit(MAX_STATUSES_PER_TICK);
  const ids = [...new Set([...changed, ...expiring].map((c) => c.blobId))].slice(0, MAX_STATUSES_PER_TICK);
  if (ids.length === 0) return { newBlobs, changedStatuses: [] };
  const objects = await db
    .select()
    .from(blobs)
    .where(inArray(blobs.blobId, ids))
    .orderBy(asc(blobs.createdCheckpoint), asc(blobs.objectId));
  const invalid = await db.select().from(invalidBlobIds).where(inArray(invalidBlobIds.blobId, ids));
  const currentEpoch = epoch?.epoch ?? 0;
  const changedStatuses = ids.map((id) =>
    aggregateBlobStatus(
      id,
      objects.filter((o) => o.blobId === id),
      invalid.find((i) => i.blobId === id) ?? null,
      currentEpoch,
    ),
  );
  return { newBlobs, changedStatuses };
}

export class LiveFeed {
  readonly #database: ApiDatabase;
  readonly #intervalMs: number;
  readonly #subscribers = new Set<Subscriber>();
  #baseline: Promise<Baseline> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;

  constructor(database: ApiDatabase, intervalMs: number) {
    this.#database = database;
    this.#intervalMs = intervalMs;
  }

  /** Number of open subscriptions (the poller runs only while it is above zero). */
  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /**
   * Subscribes to ticks after the current checkpoint. Resolves once the baseline is known, so anything indexed
   * after the returned stream exists is delivered.
   */
  async subscribe(): Promise<AsyncIterableIterator<LiveTick>> {
    if (this.#closed) throw new Error('the live feed is closed (the server is shutting down)');
    const subscriber: Subscriber = { queue: [], wake: undefined, failed: undefined };
    this.#subscribers.add(subscriber);
    try {
      this.#baseline ??= this.#readBaseline();
      await this.#baseline;
    } catch (error) {
      this.#subscribers.delete(subscriber);
      this.#baseline = undefined;
      throw error;
    }
    this.#schedule();
    return this.#stream(subscriber);
  }

  /**
   * The subscriber's stream. Written as a plain iterator (not a generator) so `return()` from a disconnecting
   * client takes effect at once, even while the stream waits for the next tick.
   */
  #stream(subscriber: Subscriber): AsyncIterableIterator<LiveTick> {
    const finish = (): IteratorResult<LiveTick> => {
      this.#subscribers.delete(subscriber);
      if (this.#subscribers.size === 0) this.#stop();
      subscriber.wake?.();
      return { done: true, value: undefined };
    };
    const iterator: AsyncIterableIterator<LiveTick> = {
      next: async () => {
        for (;;) {
          const tick = subscriber.queue.shift();
          if (tick) return { done: false, value: tick };
          if (subscriber.failed) {
            finish();
            throw subscriber.failed;
          }
          if (this.#closed || !this.#subscribers.has(subscriber)) return finish();
          await new Promise<void>((resolve) => {
            subscriber.wake = resolve;
          });
          subscriber.wake = undefined;
        }
      },
      return: async () => finish(),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  async #readBaseline(): Promise<Baseline> {
    const snapshot = await this.#database.openSnapshot();
    try {
      const { status, epoch } = await loadBaseline(snapshot.db);
      return { checkpoint: status.checkpoint, epochKey: epochKey(epoch), epoch: epoch?.epoch ?? null };
    } finally {
      await snapshot.release();
    }
  }

  #schedule(): void {
    if (this.#timer || this.#closed || this.#subscribers.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll().finally(() => this.#schedule());
    }, this.#intervalMs);
  }

  #stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#baseline = undefined;
  }

  /** One poll: compare the watermark with the baseline and, when it advanced, publish a tick. */
  async #poll(): Promise<void> {
    if (this.#polling || !this.#baseline) return;
    this.#polling = true;
    try {
      const baseline = await this.#baseline;
      const snapshot = await this.#database.openSnapshot();
      let tick: LiveTick | undefined;
      let next: Baseline = baseline;
      try {
        const { status, epoch } = await loadBaseline(snapshot.db);
        const advanced =
          status.checkpoint !== null && (baseline.checkpoint === null || status.checkpoint > baseline.checkpoint);
        if (advanced) {
          const changes = await loadTick(snapshot.db, baseline.checkpoint, status.checkpoint!, baseline.epoch, epoch);
          const key = epochKey(epoch);
          const currentEpoch = epoch?.epoch ?? null;
          tick = { status, ...changes, epochChange: key !== baseline.epochKey ? epoch : null, currentEpoch };
          next = { checkpoint: status.checkpoint, epochKey: key, epoch: currentEpoch };
        }
      } finally {
        await snapshot.release();
      }
      if (tick && this.#subscribers.size > 0) {
        this.#baseline = Promise.resolve(next);
        this.#publish(tick);
      }
    } catch (error) {
      // A failed poll (database briefly unreachable) is retried at the next interval; subscribers keep waiting
      // rather than losing their stream, and nothing is skipped because the baseline did not move.
      this.#lastError = error instanceof Error ? error : new Error(String(error));
    } finally {
      this.#polling = false;
    }
  }

  /** The error of the latest failed poll, if the latest poll failed (exposed for health reporting). */
  #lastError: Error | undefined;
  get lastPollError(): Error | undefined {
    return this.#lastError;
  }

  #publish(tick: LiveTick): void {
    this.#lastError = undefined;
    for (const subscriber of this.#subscribers) {
      if (subscriber.queue.length >= MAX_QUEUED_TICKS) {
        subscriber.failed = new Error(
          `subscription fell more than ${MAX_QUEUED_TICKS} checkpoints behind and was closed; resubscribe and catch up with a query`,
        );
        subscriber.queue.length = 0;
      } else {
        subscriber.queue.push(tick);
      }
      subscriber.wake?.();
    }
  }

  /** Ends every subscription and stops polling. */
  close(): void {
    this.#closed = true;
    this.#stop();
    for (const subscriber of this.#subscribers) subscriber.wake?.();
  }
}
