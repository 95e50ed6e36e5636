import { GrpcTypes } from '@mysten/sui/grpc';
import { afterEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../checkpoint/codec.ts';
import { CheckpointPrunedError } from '../checkpoint/errors.ts';
import { genericEventPayloads, syntheticAddress, syntheticCheckpoints } from '../testing/checkpoints.ts';
import { FakeFullNode } from '../testing/fake-full-node.ts';
import { packageLineage } from '../config/deployment.ts';
import { runIndexer } from '../pipeline/runner.ts';
import { eventsPipeline } from '../pipelines/events/pipeline.ts';
import { openTestBackend } from '../testing/backends.ts';
import { silentLogger } from '../util/log.ts';
import { GrpcSource } from './grpc.ts';

const PACKAGE = syntheticAddress('grpc-pkg');
const chain = [
  ...syntheticCheckpoints({
    count: 40,
    transactionsPerCheckpoint: 2,
    payloads: genericEventPayloads({ packageId: PACKAGE, eventsPerTransaction: 2, seed: 11 }),
  }),
];
const FAST_RETRY = { initialMs: 5, maxMs: 20, maxAttempts: 5 };

async function collect(iterable: AsyncIterable<Checkpoint>, limit = Infinity): Promise<Checkpoint[]> {
  const out: Checkpoint[] = [];
  for await (const checkpoint of iterable) {
    out.push(checkpoint);
    if (out.length >= limit) break;
  }
  return out;
}

const seqs = (checkpoints: Checkpoint[]) => checkpoints.map((c) => Number(c.sequenceNumber));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the gRPC full-node source against a fake node on loopback', () => {
  let node: FakeFullNode | undefined;
  afterEach(async () => {
    await node?.close();
    node = undefined;
  });

  async function start(checkpoints: Checkpoint[], options: ConstructorParameters<typeof FakeFullNode>[1] = {}) {
    node = new FakeFullNode(checkpoints, options);
    const url = await node.listen();
    return { node, source: new GrpcSource(url, { retry: FAST_RETRY, tipPollMs: 10 }) };
  }

  it('backfills a bounded range with listCheckpoints, asking for events, effects and objects', async () => {
    const { node, source } = await start(chain.slice(0, 30));
    const got = await collect(source.stream({ from: 5n, to: 24n }));
    expect(seqs(got)).toEqual(range(5, 24));
    expect(GrpcTypes.Checkpoint.equals(got[0]!, chain[5]!)).toBe(true);
    const list = node.requests.find((r) => r.method.endsWith('ListCheckpoints'))!
      .request as GrpcTypes.ListCheckpointsRequest;
    expect(list.readMask?.paths).toEqual(
      expect.arrayContaining(['transactions.events', 'transactions.effects', 'transactions.objects']),
    );
    expect(await source.latest()).toBe(29n);
  });

  it('feeds the runner: the events of a bounded range land in the database', async () => {
    const { source } = await start(chain.slice(0, 30));
    const backend = await openTestBackend('postgres', 'grpc');
    try {
      const summary = await runIndexer({
        db: backend.db,
        source,
        pipelines: [eventsPipeline({ lineage: packageLineage([PACKAGE]) })],
        from: 10n,
        to: 29n,
        log: silentLogger(),
      });
      expect(summary.checkpoints).toBe(20);
      const { rows } = await backend.db.query<{ n: string }>('SELECT count(*) AS n FROM events');
      expect(Number(rows[0]!.n)).toBe(20 * 2 * 2);
    } finally {
      await backend.dispose();
    }
  });

  it('asks again after a listCheckpoints call stops at its scan limit', async () => {
    const { node, source } = await start(chain.slice(0, 30), { scanLimit: 7 });
    expect(seqs(await collect(source.stream({ from: 0n, to: 29n })))).toEqual(range(0, 29));
    expect(node.requests.filter((r) => r.method.endsWith('ListCheckpoints')).length).toBe(5);
  });

  it('falls back to getCheckpoint when the node does not implement listCheckpoints', async () => {
    const { node, source } = await start(chain.slice(0, 20), { listUnimplemented: true });
    expect(seqs(await collect(source.stream({ from: 3n, to: 19n })))).toEqual(range(3, 19));
    expect(node.requests.filter((r) => r.method.endsWith('GetCheckpoint')).length).toBe(17);
  });

  it('retries calls that fail with UNAVAILABLE', async () => {
    const { node, source } = await start(chain.slice(0, 10));
    node.failNextCalls = 3;
    expect(seqs(await collect(source.stream({ from: 0n, to: 9n })))).toEqual(range(0, 9));
  });

  it('gives up on a node that keeps failing, naming the checkpoint and the source', async () => {
    const { node, source } = await start(chain.slice(0, 10));
    node.failNextCalls = 1_000;
    await expect(collect(source.stream({ from: 4n, to: 9n }))).rejects.toThrow(
      /checkpoint 4: grpc:http:\/\/127\.0\.0\.1:\d+ failed 5 times/,
    );
  });

  it('says clearly when the node has pruned the requested history', async () => {
    const { source } = await start(chain.slice(0, 30), { lowestAvailable: 10n });
    const error = await collect(source.stream({ from: 2n, to: 20n })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointPrunedError);
    expect((error as CheckpointPrunedError).lowestAvailable).toBe(10n);
    expect((error as Error).message).toMatch(/checkpoint 2 is no longer available .* history starts at checkpoint 10/);
  });

  it('follows the tip live and fills the gap after the subscription drops', async () => {
    const { node, source } = await start(chain.slice(0, 10));
    const received: number[] = [];
    const stream = source.stream({ from: 8n })[Symbol.asyncIterator]();
    const next = async () => received.push(Number((await stream.next()).value.sequenceNumber));
    await next();
    await next(); // 8, 9 from the backfill; the source now subscribes
    const waitForSubscription = async () => {
      while (node.subscriptionCount === 0) await new Promise((r) => setTimeout(r, 5));
    };
    const pending = next();
    await waitForSubscription();
    node.publish(chain[10]!);
    await pending;
    node.dropSubscriptions();
    node.publish(chain[11]!); // published while nobody listens
    node.publish(chain[12]!);
    await next();
    await next();
    const afterReconnect = next();
    await waitForSubscription();
    node.publish(chain[13]!);
    await afterReconnect;
    await stream.return?.();
    expect(received).toEqual(range(8, 13));
  });

  it('retries instead of failing when a live message is not the checkpoint it claims to be', async () => {
    const { node, source } = await start(chain.slice(0, 10));
    const stream = source.stream({ from: 9n })[Symbol.asyncIterator]();
    expect(Number((await stream.next()).value.sequenceNumber)).toBe(9);
    const pending = stream.next();
    while (node.subscriptionCount === 0) await new Promise((r) => setTimeout(r, 5));
    node.pushRaw(10n, chain[12]!);
    // The source drops that subscription and opens a new one after its backoff.
    while (
      node.requests.filter((r) => r.method.endsWith('SubscribeCheckpoints')).length < 2 ||
      node.subscriptionCount === 0
    ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    node.publish(chain[10]!);
    const received = (await pending).value;
    await stream.return?.();
    expect(GrpcTypes.Checkpoint.equals(received, chain[10]!)).toBe(true);
  });

  it('backfills checkpoints the subscription skipped because they were produced as it started', async () => {
    const { node, source } = await start(chain.slice(0, 5));
    node.onSubscribe = () => {
      node.onSubscribe = undefined;
      node.chain.set(5n, chain[5]!);
      node.chain.set(6n, chain[6]!);
    };
    const stream = source.stream({ from: 5n, to: 8n })[Symbol.asyncIterator]();
    const first = stream.next();
    while (node.subscriptionCount === 0) await new Promise((r) => setTimeout(r, 5));
    node.publish(chain[7]!);
    node.publish(chain[8]!);
    const got = [Number((await first).value.sequenceNumber)];
    for (let r = await stream.next(); !r.done; r = await stream.next()) got.push(Number(r.value.sequenceNumber));
    expect(got).toEqual(range(5, 8));
  });
});
