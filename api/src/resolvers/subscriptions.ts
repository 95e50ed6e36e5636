// Subscriptions: each one listens to the shared live feed and keeps the part of each tick it asked for.
import { parseBlobId } from '../schema/inputs.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import type { LiveTick } from '../subscriptions/live-feed.ts';
import { matchesBlobFilter, parseBlobFilter } from './blob-filter.ts';

/**
 * Flattens each tick into the events `pick` selects. A plain iterator, so a client going away (`return()`)
 * unsubscribes from the feed immediately.
 */
export function flatMapTicks<T>(
  source: AsyncIterableIterator<LiveTick>,
  pick: (tick: LiveTick) => T[],
): AsyncIterableIterator<T> {
  let buffer: T[] = [];
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const value = buffer.shift();
        if (value !== undefined) return { done: false, value };
        const result = await source.next();
        if (result.done) return { done: true, value: undefined };
        buffer = pick(result.value);
      }
    },
    async return() {
      buffer = [];
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

const identity = <T>(payload: T): T => payload;

export const subscriptionResolvers: Resolvers['Subscription'] = {
  checkpointIndexed: {
    // Once per catch-up: the ticks of a burst before the last one do not reach the watermark yet.
    subscribe: async (_, __, ctx) =>
      flatMapTicks(await ctx.live.subscribe(), (tick) => (tick.complete ? [tick.status] : [])),
    resolve: identity,
  },
  blobCreated: {
    subscribe: async (_, { filter }, ctx) => {
      const parsed = parseBlobFilter(filter);
      return flatMapTicks(await ctx.live.subscribe(), (tick) =>
        tick.newBlobs.filter((b) => matchesBlobFilter(b, parsed, tick.currentEpoch)),
      );
    },
    resolve: identity,
  },
  blobStatusChanged: {
    subscribe: async (_, { blobId }, ctx) => {
      const only = blobId != null ? parseBlobId('blobId', blobId) : null;
      return flatMapTicks(await ctx.live.subscribe(), (tick) =>
        tick.changedStatuses.filter((s) => only === null || s.blobId === only),
      );
    },
    resolve: identity,
  },
  epochChanged: {
    subscribe: async (_, __, ctx) =>
      flatMapTicks(await ctx.live.subscribe(), (tick) => (tick.epochChange ? [tick.epochChange] : [])),
    resolve: identity,
  },
};
