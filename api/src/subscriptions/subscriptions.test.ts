import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../server/server.ts';
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
