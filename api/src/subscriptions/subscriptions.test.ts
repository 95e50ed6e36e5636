import { and, eq, gt, lte, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../server/server.ts';
import { wholeCheckpoints } from './live-feed.ts';
import { blobs, epochs, pipelineWatermarks } from '../tables.ts';
import { openTestBackend, type BackendKind, type TestBackend } from '../testing/backends.ts';
import { GENESIS_MS, OWNER_X, OWNER_Y, blobIdOf, blobRow, hexId, writeFixture } from '../testing/fixtures.ts';

interface Stream {
  /** The next `next` event's payload (rejects after a timeout, so a test cannot hang). */
  next(timeoutMs?: number): Promise<{ data?: any; errors?: { message: string }[] }>;
  close(): Promise<void>;
}

/** Opens a subscription over SSE, as a browser's EventSource-style client would. */
async function subscribe(api: ApiServer, query: string, variables?: Record<string, unknown>): Promise<Stream> {
  const response = await api.yoga.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: any[] = [];
  const read = async (deadline: number): Promise<any> => {
    for (;;) {
      const separator = buffer.indexOf('\n\n');
      if (separator >= 0) {
        const block = buffer.slice(0, separator);
        buffer = buffer.slice(separator + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'next' && data) return JSON.parse(data);
        if (event === 'complete') throw new Error('the stream completed');
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no event arrived in time');
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no event arrived in time')), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  // Like a real HTTP client, start reading at once (the stream opens with a ping comment).
  const first = await reader.read();
  if (!first.done) buffer += decoder.decode(first.value, { stream: true });
  return {
    next: (timeoutMs = 5_000) => (queue.length > 0 ? Promise.resolve(queue.shift()) : read(Date.now() + timeoutMs)),
    close: () => reader.cancel(),
  };
}

async function advanceTo(backend: TestBackend, checkpoint: bigint): Promise<void> {
  await backend.writer
    .update(pipelineWatermarks)
    .set({ checkpoint, checkpointTimestampMs: GENESIS_MS + checkpoint * 1000n });
}

describe.each<BackendKind>(['pglite', 'postgres'])('subscriptions on %s', (kind) => {
  let backend: TestBackend;
  let api: ApiServer;
  beforeAll(async () => {
    backend = await openTestBackend(kind);
    await writeFixture(backend.writer);
    api = backend.api({ pollIntervalMs: 30 });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('deliver each newly indexed checkpoint', async () => {
    const stream = await subscribe(
      api,
      `subscription { checkpointIndexed { checkpoint pipelines { pipeline checkpoint } } }`,
    );
    await advanceTo(backend, 101n);
    const event = await stream.next();
    expect(event.data.checkpointIndexed).toEqual({
      checkpoint: '101',
      pipelines: [
        { pipeline: 'events', checkpoint: '101' },
        { pipeline: 'walrus', checkpoint: '101' },
      ],
    });
    await stream.close();
  });

  it('deliver new blobs matching the filter, with nested fields read fresh for each event', async () => {
    const stream = await subscribe(
      api,
      `subscription($f: BlobFilter) { blobCreated(filter: $f) { objectId owner { address } blobIdStatus { status } } }`,
      { f: { owner: OWNER_Y } },
    );
    await backend.writer
      .insert(blobs)
      .values([
        blobRow(2001, { owner: OWNER_X, createdCheckpoint: 102n, updatedCheckpoint: 102n }),
        blobRow(2002, { owner: OWNER_Y, blobId: blobIdOf(177), createdCheckpoint: 102n, updatedCheckpoint: 102n }),
      ]);
    await advanceTo(backend, 102n);
    const event = await stream.next();
    expect(event.data.blobCreated).toEqual({
      objectId: hexId(2002, 0x0b),
      owner: { address: OWNER_Y },
      blobIdStatus: { status: 'DELETABLE' },
    });
    await stream.close();
  });

  it('deliver the new status of a blob id whose object changed', async () => {
    const stream = await subscribe(
      api,
      `subscription($id: String) { blobStatusChanged(blobId: $id) { blobId status deletableCounts { countDeletableTotal } } }`,
      { id: blobIdOf(2) },
    );
    await backend.writer
      .update(blobs)
      .set({ status: 'deleted', updatedCheckpoint: 103n })
      .where(eq(blobs.objectId, hexId(2, 0x0b)));
    // An unrelated change in the same checkpoint is filtered out.
    await backend.writer
      .update(blobs)
      .set({ updatedCheckpoint: 103n })
      .where(eq(blobs.objectId, hexId(3, 0x0b)));
    await advanceTo(backend, 103n);
    const event = await stream.next();
    expect(event.data.blobStatusChanged).toEqual({
      blobId: blobIdOf(2),
      status: 'NONEXISTENT',
      deletableCounts: { countDeletableTotal: 0 },
    });
    await stream.close();
  });

  it('deliver the new epoch when it starts', async () => {
    const stream = await subscribe(api, `subscription { epochChanged { epoch state isCurrent } }`);
    await backend.writer
      .insert(epochs)
      .values({ epoch: 4, state: 'epoch_change_sync', changeStartedTimestampMs: GENESIS_MS });
    await advanceTo(backend, 104n);
    expect((await stream.next()).data.epochChanged).toEqual({ epoch: 4, state: 'EPOCH_CHANGE_SYNC', isCurrent: true });
    await stream.close();
  });

  it('deliver the status of blob ids whose objects expire when a new epoch starts (no row changes)', async () => {
    // Blob 7 (permanent, certified, the only object of its id) ends at epoch 5; its row is not touched.
    const stream = await subscribe(
      api,
      `subscription($id: String) { blobStatusChanged(blobId: $id) { blobId status objects { objectId status } } }`,
      { id: blobIdOf(7) },
    );
    const created = await subscribe(
      api,
      `subscription { blobCreated(filter: { status: [EXPIRED] }) { objectId status } }`,
    );
    await backend.writer
      .insert(epochs)
      .values({ epoch: 5, state: 'epoch_change_sync', changeStartedTimestampMs: GENESIS_MS });
    // A blob created in the same checkpoint that already ended (its storage ends at 5) is delivered as expired.
    await backend.writer
      .insert(blobs)
      .values(blobRow(2005, { blobId: blobIdOf(178), endEpoch: 5, createdCheckpoint: 106n, updatedCheckpoint: 106n }));
    await advanceTo(backend, 106n);
    expect((await stream.next()).data.blobStatusChanged).toEqual({
      blobId: blobIdOf(7),
      status: 'NONEXISTENT',
      objects: [{ objectId: hexId(7, 0x0b), status: 'EXPIRED' }],
    });
    expect((await created.next()).data.blobCreated).toEqual({ objectId: hexId(2005, 0x0b), status: 'EXPIRED' });
    await stream.close();
    await created.close();
  });

  it('share one poller between subscribers and stop it when the last one leaves', async () => {
    await expect.poll(() => api.live.subscriberCount, { timeout: 2_000 }).toBe(0);
    const a = await subscribe(api, `subscription { checkpointIndexed { checkpoint } }`);
    const b = await subscribe(api, `subscription { epochChanged { epoch } }`);
    expect(api.live.subscriberCount).toBe(2);
    await advanceTo(backend, 107n);
    expect((await a.next()).data.checkpointIndexed.checkpoint).toBe('107');
    await a.close();
    await b.close();
    await expect.poll(() => api.live.subscriberCount, { timeout: 2_000 }).toBe(0);
  });

  it('answer an invalid subscription filter with an error saying what was wrong', async () => {
    const stream = await subscribe(api, `subscription { blobCreated(filter: { owner: "bob" }) { objectId } }`);
    const event = await stream.next();
    expect(event.errors?.[0]?.message).toMatch(/^filter.owner: "bob" is not a Sui object id/);
    await stream.close();
  });
});

describe('splitting a burst at checkpoint boundaries', () => {
  it('covers whole checkpoints up to the limit, or one whole checkpoint beyond it', () => {
    expect(wholeCheckpoints([1n, 2n], 3, 9n)).toEqual({ to: 9n, count: 2 });
    expect(wholeCheckpoints([1n, 2n, 2n, 3n], 3, 9n)).toEqual({ to: 2n, count: 3 });
    expect(wholeCheckpoints([1n, 2n, 2n, 2n], 3, 9n)).toEqual({ to: 1n, count: 1 });
    expect(wholeCheckpoints([4n, 4n, 4n, 4n], 3, 9n)).toEqual({ to: 4n, count: null });
    expect(wholeCheckpoints([], 3, 9n)).toEqual({ to: 9n, count: 0 });
  });
});

/** Collects `count` events of a stream, failing if one does not come. */
async function collect(stream: Stream, count: number): Promise<any[]> {
  const events: any[] = [];
  while (events.length < count) events.push((await stream.next()).data);
  return events;
}

describe.each<BackendKind>(['pglite', 'postgres'])('subscriptions through a burst beyond the limits on %s', (kind) => {
  let backend: TestBackend;
  let api: ApiServer;
  beforeAll(async () => {
    backend = await openTestBackend(kind);
    await writeFixture(backend.writer);
    // Three created objects, and two changed objects or expiring blob ids, per tick.
    api = backend.api({ pollIntervalMs: 30, feedLimits: { blobsPerTick: 3, statusesPerTick: 2 } });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('deliver every created blob in order, and the checkpoint once it is reached', async () => {
    const created = await subscribe(api, `subscription { blobCreated { objectId } }`);
    const checkpoints = await subscribe(api, `subscription { checkpointIndexed { checkpoint } }`);
    // 201: two objects, 202: four (more than a tick holds), 203: one, 204: three.
    const layout: [number, bigint][] = [
      [3001, 201n],
      [3002, 201n],
      [3003, 202n],
      [3004, 202n],
      [3005, 202n],
      [3006, 202n],
      [3007, 203n],
      [3008, 204n],
      [3009, 204n],
      [3010, 204n],
    ];
    await backend.writer
      .insert(blobs)
      .values(layout.map(([i, cp]) => blobRow(i, { createdCheckpoint: cp, updatedCheckpoint: cp })));
    await advanceTo(backend, 204n);
    const events = await collect(created, layout.length);
    expect(events.map((e) => e.blobCreated.objectId)).toEqual(layout.map(([i]) => hexId(i, 0x0b)));
    // The ticks before the last did not reach 204: checkpointIndexed says 204 once, then the next checkpoint.
    expect((await checkpoints.next()).data.checkpointIndexed.checkpoint).toBe('204');
    await advanceTo(backend, 205n);
    expect((await checkpoints.next()).data.checkpointIndexed.checkpoint).toBe('205');
    await created.close();
    await checkpoints.close();
  });

  it('deliver the status of every changed blob id', async () => {
    const stream = await subscribe(api, `subscription { blobStatusChanged { blobId } }`);
    // Seven existing objects (seven blob ids) change over two checkpoints, five of them in one.
    const changed = [11, 12, 13, 14, 15, 16, 17];
    for (const [n, i] of changed.entries()) {
      await backend.writer
        .update(blobs)
        .set({ updatedCheckpoint: n < 5 ? 206n : 207n })
        .where(eq(blobs.objectId, hexId(i, 0x0b)));
    }
    await advanceTo(backend, 207n);
    const events = await collect(stream, changed.length);
    expect(new Set(events.map((e) => e.blobStatusChanged.blobId))).toEqual(new Set(changed.map((i) => blobIdOf(i))));
    await stream.close();
  });

  it('deliver the status of every blob id expiring with a new epoch, over several ticks', async () => {
    const stream = await subscribe(api, `subscription { blobStatusChanged { blobId } }`);
    const epochs_ = await subscribe(api, `subscription { epochChanged { epoch } }`);
    const [head] = await backend.writer.select({ latest: sql<number>`max(${epochs.epoch})::int` }).from(epochs);
    const latest = head!.latest;
    const expiring = await backend.writer
      .selectDistinct({ blobId: blobs.blobId })
      .from(blobs)
      .where(and(gt(blobs.endEpoch, latest), lte(blobs.endEpoch, latest + 3), ne(blobs.status, 'deleted')));
    // More blob ids than two ticks hold, so the expirations come in parts.
    expect(expiring.length).toBeGreaterThan(4);
    await backend.writer
      .insert(epochs)
      .values({ epoch: latest + 3, state: 'epoch_change_sync', changeStartedTimestampMs: GENESIS_MS });
    await advanceTo(backend, 208n);
    expect((await epochs_.next()).data.epochChanged.epoch).toBe(latest + 3);
    const events = await collect(stream, expiring.length);
    expect(new Set(events.map((e) => e.blobStatusChanged.blobId))).toEqual(new Set(expiring.map((e) => e.blobId)));
    // Nothing more about them: the next event is the next change.
    await backend.writer
      .update(blobs)
      .set({ updatedCheckpoint: 209n })
      .where(eq(blobs.objectId, hexId(20, 0x0b)));
    await advanceTo(backend, 209n);
    expect((await stream.next()).data.blobStatusChanged.blobId).toBe(blobIdOf(20));
    await stream.close();
    await epochs_.close();
  });
});
