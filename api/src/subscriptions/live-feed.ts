// The one poller behind every subscription: while anyone listens, it reads the indexer's watermark on an
// interval and, each time the indexed checkpoint advances, loads what changed in one snapshot and hands the same
// tick to every subscriber. Subscribers filter ticks in memory, so their number costs no extra queries. Reads are
// bounded: a burst beyond the limits is split at checkpoint boundaries into ticks that follow one another at once,
// so nothing is skipped.
import { and, asc, desc, gt, inArray, lte, ne } from 'drizzle-orm';
import type { ApiDatabase, ReadDb } from '../database.ts';
import { aggregateBlobStatus } from '../domain/blob-status.ts';
import type { BlobRow, BlobStatusModel, EpochRow, IndexerStatusModel } from '../schema/parents.ts';
import { blobs, epochs, invalidBlobIds, pipelineWatermarks } from '../tables.ts';
import { indexerStatus } from '../schema/status.ts';

/** What changed between two indexed checkpoints. */
export interface LiveTick {
  status: IndexerStatusModel;
  /**
   * True when the tick brings the subscribers up to `status.checkpoint`. A burst larger than the feed's limits
   * arrives as several ticks, in checkpoint order; only the last of them is complete.
   */
  complete: boolean;
  /** Blob objects created since the previous tick, oldest first. */
  newBlobs: BlobRow[];
  /** Status of each blob id one of whose objects changed, or whose objects expired with a new epoch. */
  changedStatuses: BlobStatusModel[];
  /** The current epoch, when its number or state differs from the previous tick. */
  epochChange: EpochRow | null;
  /** The latest indexed epoch at this tick (null before the first), which decides which blobs are expired. */
  currentEpoch: number | null;
}

/** How much one tick reads at most; more waits for the next tick, which follows at once. */
export interface FeedLimits {
  /** Created blob objects (a single checkpoint with more is delivered whole). */
  blobsPerTick: number;
  /** Changed blob objects, and separately blob ids expiring with a new epoch (a single checkpoint is whole). */
  statusesPerTick: number;
}

export const DEFAULT_FEED_LIMITS: FeedLimits = { blobsPerTick: 5_000, statusesPerTick: 1_000 };
const MAX_QUEUED_TICKS = 1_000;
/** A tick that left work behind is followed at once, unless a subscriber still has this many ticks to send. */
const CATCH_UP_QUEUE = 4;

/** Where the feed's subscribers are: what they were sent last. */
export interface Baseline {
  /** Created and changed objects are delivered up to this checkpoint. */
  checkpoint: bigint | null;
  epochKey: string | null;
  /** Expirations are delivered for every epoch up to this one. */
  epoch: number | null;
  /** Expirations of the epochs after `epoch` up to `toEpoch` being delivered in parts, by blob id. */
  expiring: { toEpoch: number; afterBlobId: string } | null;
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

/**
 * Where a bounded read in checkpoint order may stop without splitting a checkpoint: given the checkpoints of up to
 * `limit + 1` rows, the last checkpoint it covers whole and how many of the rows lie up to it (all of them, up to
 * `to`, when the read was not cut). `count` is null when the first checkpoint alone exceeds the limit: that
 * checkpoint is then read whole.
 */
export function wholeCheckpoints(
  checkpoints: readonly bigint[],
  limit: number,
  to: bigint,
): { to: bigint; count: number | null } {
  if (checkpoints.length <= limit) return { to, count: checkpoints.length };
  const cut = checkpoints[limit]!;
  const count = checkpoints.indexOf(cut);
  return count === 0 ? { to: cut, count: null } : { to: cut - 1n, count };
}

const within = (column: typeof blobs.createdCheckpoint, from: bigint | null, to: bigint) =>
  from === null ? lte(column, to) : and(gt(column, from), lte(column, to));

/**
 * Objects created and changed after `from`, up to `target` or to an earlier checkpoint where a read reached its
 * limit; `to` says how far the result reaches.
 */
async function readRowChanges(
  db: ReadDb,
  from: bigint | null,
  target: bigint,
  limits: FeedLimits,
): Promise<{ to: bigint; newBlobs: BlobRow[]; changedIds: string[] }> {
  const created = (lo: bigint | null, hi: bigint, limit?: number) => {
    const query = db
      .select()
      .from(blobs)
      .where(within(blobs.createdCheckpoint, lo, hi))
      .orderBy(asc(blobs.createdCheckpoint), asc(blobs.objectId));
    return limit === undefined ? query : query.limit(limit);
  };
  let newBlobs = await created(from, target, limits.blobsPerTick + 1);
  const createdCut = wholeCheckpoints(
    newBlobs.map((b) => b.createdCheckpoint),
    limits.blobsPerTick,
    target,
  );
  newBlobs =
    createdCut.count === null ? await created(createdCut.to - 1n, createdCut.to) : newBlobs.slice(0, createdCut.count);

  const updated = (lo: bigint | null, hi: bigint, limit?: number) => {
    const query = db
      .select({ blobId: blobs.blobId, checkpoint: blobs.updatedCheckpoint })
      .from(blobs)
      .where(within(blobs.updatedCheckpoint, lo, hi))
      .orderBy(asc(blobs.updatedCheckpoint), asc(blobs.objectId));
    return limit === undefined ? query : query.limit(limit);
  };
  let changed = await updated(from, createdCut.to, limits.statusesPerTick + 1);
  const updatedCut = wholeCheckpoints(
    changed.map((c) => c.checkpoint),
    limits.statusesPerTick,
    createdCut.to,
  );
  changed =
    updatedCut.count === null ? await updated(updatedCut.to - 1n, updatedCut.to) : changed.slice(0, updatedCut.count);
  const to = updatedCut.to;
  return {
    to,
    newBlobs: newBlobs.filter((b) => b.createdCheckpoint <= to),
    changedIds: [...new Set(changed.map((c) => c.blobId))],
  };
}

/**
 * Blob ids with an object that reached its end epoch after `afterEpoch` and by `toEpoch` (expiry changes no row:
 * it is derived from the epoch), after `afterBlobId`, in blob id order. Deleted objects hold nothing to expire.
 */
async function readExpiring(
  db: ReadDb,
  afterEpoch: number | null,
  toEpoch: number,
  afterBlobId: string | null,
  limit: number,
): Promise<{ ids: string[]; more: boolean }> {
  const rows = await db
    .selectDistinct({ blobId: blobs.blobId })
    .from(blobs)
    .where(
      and(
        afterEpoch === null ? undefined : gt(blobs.endEpoch, afterEpoch),
        lte(blobs.endEpoch, toEpoch),
        ne(blobs.status, 'deleted'),
        afterBlobId === null ? undefined : gt(blobs.blobId, afterBlobId),
      ),
    )
    .orderBy(asc(blobs.blobId))
    .limit(limit + 1);
  return { ids: rows.slice(0, limit).map((r) => r.blobId), more: rows.length > limit };
}

/** The aggregated status of each blob id, as of `currentEpoch`. */
async function readStatuses(db: ReadDb, ids: string[], currentEpoch: number): Promise<BlobStatusModel[]> {
  if (ids.length === 0) return [];
  const objects = await db
    .select()
    .from(blobs)
    .where(inArray(blobs.blobId, ids))
    .orderBy(asc(blobs.createdCheckpoint), asc(blobs.objectId));
  const invalid = await db.select().from(invalidBlobIds).where(inArray(invalidBlobIds.blobId, ids));
  const objectsOf = new Map<string, BlobRow[]>();
  for (const object of objects) {
    const list = objectsOf.get(object.blobId);
    if (list) list.push(object);
    else objectsOf.set(object.blobId, [object]);
  }
  const invalidOf = new Map(invalid.map((i) => [i.blobId, i]));
  return ids.map((id) => aggregateBlobStatus(id, objectsOf.get(id) ?? [], invalidOf.get(id) ?? null, currentEpoch));
}

/**
 * The next tick after `baseline` in the snapshot `db`, and the baseline after it; undefined when nothing is due.
 * Created and changed objects come first, in checkpoint order; the expirations of a new epoch once those have
 * caught up with the watermark.
 */
export async function loadTick(
  db: ReadDb,
  baseline: Baseline,
  limits: FeedLimits,
): Promise<{ tick: LiveTick; next: Baseline } | undefined> {
  const { status, epoch } = await loadBaseline(db);
  const target = status.checkpoint;
  const latest = epoch?.epoch ?? null;
  const rowsDue = target !== null && (baseline.checkpoint === null || target > baseline.checkpoint);
  const expiryDue =
    baseline.expiring !== null || (latest !== null && (baseline.epoch === null || latest > baseline.epoch));
  if (!rowsDue && !expiryDue) return undefined;

  const rows = rowsDue
    ? await readRowChanges(db, baseline.checkpoint, target, limits)
    : { to: baseline.checkpoint, newBlobs: [], changedIds: [] };
  const rowsCaughtUp = rows.to === target;
  let expiring: string[] = [];
  let expiredThrough = baseline.epoch;
  let pending: Baseline['expiring'] = baseline.expiring;
  if (rowsCaughtUp && expiryDue && latest !== null) {
    const toEpoch = pending?.toEpoch ?? latest;
    const part = await readExpiring(db, baseline.epoch, toEpoch, pending?.afterBlobId ?? null, limits.statusesPerTick);
    expiring = part.ids;
    if (part.more) {
      pending = { toEpoch, afterBlobId: part.ids.at(-1)! };
    } else {
      pending = null;
      expiredThrough = toEpoch;
    }
  }
  const ids = [...new Set([...rows.changedIds, ...expiring])];
  const key = epochKey(epoch);
  const tick: LiveTick = {
    status,
    complete: rowsCaughtUp && pending === null,
    newBlobs: rows.newBlobs,
    changedStatuses: await readStatuses(db, ids, latest ?? 0),
    epochChange: key !== baseline.epochKey ? epoch : null,
    currentEpoch: latest,
  };
  return { tick, next: { checkpoint: rows.to, epochKey: key, epoch: expiredThrough, expiring: pending } };
}

export class LiveFeed {
  readonly #database: ApiDatabase;
  readonly #intervalMs: number;
  readonly #subscribers = new Set<Subscriber>();
  #baseline: Promise<Baseline> | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #limits: FeedLimits;
  #polling = false;
  #closed = false;

  constructor(database: ApiDatabase, intervalMs: number, limits: FeedLimits = DEFAULT_FEED_LIMITS) {
    this.#database = database;
    this.#intervalMs = intervalMs;
    this.#limits = limits;
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
      return {
        checkpoint: status.checkpoint,
        epochKey: epochKey(epoch),
        epoch: epoch?.epoch ?? null,
        expiring: null,
      };
    } finally {
      await snapshot.release();
    }
  }

  #schedule(delayMs = this.#intervalMs): void {
    if (this.#timer || this.#closed || this.#subscribers.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll().then(
        (behind) => this.#schedule(behind && this.#longestQueue() < CATCH_UP_QUEUE ? 0 : this.#intervalMs),
        () => this.#schedule(),
      );
    }, delayMs);
  }

  #longestQueue(): number {
    let longest = 0;
    for (const subscriber of this.#subscribers) longest = Math.max(longest, subscriber.queue.length);
    return longest;
  }

  #stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#baseline = undefined;
  }

  /**
   * One poll: compare the watermark with the baseline and, when something is due, publish a tick. True when the
   * tick left work for the next one (a burst beyond the limits).
   */
  async #poll(): Promise<boolean> {
    if (this.#polling || !this.#baseline) return false;
    this.#polling = true;
    try {
      const baseline = await this.#baseline;
      const snapshot = await this.#database.openSnapshot();
      let loaded: Awaited<ReturnType<typeof loadTick>>;
      try {
        loaded = await loadTick(snapshot.db, baseline, this.#limits);
      } finally {
        await snapshot.release();
      }
      if (loaded && this.#subscribers.size > 0) {
        this.#baseline = Promise.resolve(loaded.next);
        this.#publish(loaded.tick);
        return !loaded.tick.complete;
      }
      return false;
    } catch (error) {
      // A failed poll (database briefly unreachable) is retried at the next interval; subscribers keep waiting
      // rather than losing their stream, and nothing is skipped because the baseline did not move.
      this.#lastError = error instanceof Error ? error : new Error(String(error));
      return false;
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
          `subscription fell more than ${MAX_QUEUED_TICKS} updates behind and was closed; resubscribe and catch up with a query`,
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
