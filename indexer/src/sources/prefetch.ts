// Ordered prefetching: load up to `window` sequence numbers concurrently, hand them out strictly in order.
// Memory stays bounded by the window; an error of a loaded item surfaces when its turn comes.

/** Returned by a loader to end the stream at this sequence number (nothing at or after it is yielded). */
export const END_OF_STREAM: unique symbol = Symbol('end of stream');

export interface PrefetchOptions<T> {
  from: bigint;
  /** Inclusive end; unbounded when absent. */
  to?: bigint;
  window: number;
  signal?: AbortSignal;
  load(sequenceNumber: bigint, signal: AbortSignal): Promise<T | typeof END_OF_STREAM>;
}

export async function* orderedPrefetch<T>(options: PrefetchOptions<T>): AsyncGenerator<[bigint, T]> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const pending = new Map<bigint, Promise<T | typeof END_OF_STREAM>>();
  let nextToLaunch = options.from;
  const launch = () => {
    while (
      pending.size < options.window &&
      (options.to === undefined || nextToLaunch <= options.to) &&
      !controller.signal.aborted
    ) {
      const promise = options.load(nextToLaunch, controller.signal);
      // Marked handled now; the rejection is re-raised when this item's turn comes.
      promise.catch(() => undefined);
      pending.set(nextToLaunch, promise);
      nextToLaunch += 1n;
    }
  };
  try {
    for (let next = options.from; options.to === undefined || next <= options.to; next += 1n) {
      launch();
      const promise = pending.get(next);
      if (!promise) return;
      const value = await promise;
      pending.delete(next);
      if (value === END_OF_STREAM) return;
      yield [next, value];
    }
  } finally {
    controller.abort(new Error('checkpoint stream closed'));
    options.signal?.removeEventListener('abort', onAbort);
  }
}
