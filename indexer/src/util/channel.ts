// A bounded single-producer / single-consumer queue: the back-pressure between fetching+processing and
// committing. Items have a weight (default 1); `push` waits while the queued weight is at capacity, so memory
// stays bounded by e.g. rows rather than item count. `close(error)` hands an error to the consumer after the
// items queued before it.

export class BoundedChannel<T> {
  readonly capacity: number;
  private readonly weigh: (item: T) => number;
  private weight = 0;
  private readonly items: T[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private readonly waitingConsumers: Array<() => void> = [];
  private readonly waitingProducers: Array<() => void> = [];

  constructor(capacity: number, weigh: (item: T) => number = () => 1) {
    if (!(capacity >= 1)) throw new Error(`channel capacity must be at least 1, got ${capacity}`);
    this.capacity = capacity;
    this.weigh = weigh;
  }

  /** Total weight of the queued items. */
  get queuedWeight(): number {
    return this.weight;
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an item, waiting while the channel is full. Fails if the channel was closed. */
  async push(item: T): Promise<void> {
    // An item heavier than the capacity is still accepted once the queue is empty.
    while (this.items.length > 0 && this.weight >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.waitingProducers.push(resolve));
    }
    if (this.closed) throw new Error('push on a closed channel');
    this.items.push(item);
    this.weight += this.weigh(item);
    this.wake(this.waitingConsumers);
  }

  /** No more items; a given error is raised to the consumer once the queued items are taken. */
  close(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (error !== undefined) this.failure = { error };
    this.wake(this.waitingConsumers, true);
    this.wake(this.waitingProducers, true);
  }

  /** Next item, or `done` once the channel is closed and drained (throwing the close error, if any). */
  async take(): Promise<{ done: false; value: T } | { done: true }> {
    for (;;) {
      if (this.items.length > 0) {
        return { done: false, value: this.shift() };
      }
      if (this.closed) {
        if (this.failure) throw this.failure.error;
        return { done: true };
      }
      await new Promise<void>((resolve) => this.waitingConsumers.push(resolve));
    }
  }

  /** True once the channel is closed and every queued item was taken. */
  get drained(): boolean {
    return this.closed && this.items.length === 0;
  }

  /** The error the channel was closed with, if any. */
  get error(): { error: unknown } | undefined {
    return this.failure;
  }

  /** Resolves when an item is queued or the channel closes, or after `timeoutMs`; consumes nothing. */
  async wait(timeoutMs: number): Promise<void> {
    if (this.items.length > 0 || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        const index = this.waitingConsumers.indexOf(wake);
        if (index >= 0) this.waitingConsumers.splice(index, 1);
        resolve();
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waitingConsumers.push(wake);
    });
  }

  /** Takes an item only if one is queued right now (never waits, never throws the close error). */
  takeNow(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.shift();
  }

  private shift(): T {
    const value = this.items.shift() as T;
    this.weight -= this.weigh(value);
    this.wake(this.waitingProducers);
    return value;
  }

  private wake(queue: Array<() => void>, all = false): void {
    if (all) queue.splice(0).forEach((resolve) => resolve());
    else queue.shift()?.();
  }
}
