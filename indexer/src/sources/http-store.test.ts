import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Checkpoint, checkpointFileName, encodeCheckpointFile } from '../checkpoint/codec.ts';
import { CheckpointDecodeError } from '../checkpoint/errors.ts';
import { genericEventPayloads, syntheticAddress, syntheticCheckpoints } from '../testing/checkpoints.ts';
import { HttpStoreError, HttpStoreSource } from './http-store.ts';

const chain = [
  ...syntheticCheckpoints({
    count: 60,
    transactionsPerCheckpoint: 2,
    payloads: genericEventPayloads({ packageId: syntheticAddress('store-pkg'), eventsPerTransaction: 2, seed: 5 }),
  }),
];
const FAST_RETRY = { initialMs: 5, maxMs: 20, maxAttempts: 4 };

/** A checkpoint store on loopback: files from a map, with per-file failure scripts and an in-flight gauge. */
class FileServer {
  readonly files = new Map<string, Uint8Array>();
  /** Per file name: responses to give before serving it ('503', '403', 'drop'). */
  readonly scripts = new Map<string, string[]>();
  inFlight = 0;
  maxInFlight = 0;
  requests = 0;
  private server: Server | undefined;

  publish(checkpoints: Checkpoint[]): void {
    for (const c of checkpoints) this.files.set(checkpointFileName(c.sequenceNumber!), encodeCheckpointFile(c));
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests++;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const name = (request.url ?? '').split('/').pop()!;
      // Answer a little later so concurrent requests overlap.
      setTimeout(() => {
        this.inFlight--;
        const step = this.scripts.get(name)?.shift();
        if (step === 'drop') return response.socket?.destroy();
        if (step) return response.writeHead(Number(step)).end();
        const file = this.files.get(name);
        if (!file) return response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
      }, 3);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/checkpoints/`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function collect(iterable: AsyncIterable<Checkpoint>, limit = Infinity): Promise<number[]> {
  const out: number[] = [];
  for await (const checkpoint of iterable) {
    out.push(Number(checkpoint.sequenceNumber));
    if (out.length >= limit) break;
  }
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the HTTP checkpoint-store source against a local file server', () => {
  let server: FileServer;
  afterEach(async () => {
    await server.close();
  });

  async function start(options: ConstructorParameters<typeof HttpStoreSource>[1] = {}) {
    server = new FileServer();
    const url = await server.listen();
    return new HttpStoreSource(url, { retry: FAST_RETRY, tipPollMs: 10, ...options });
  }

  it('streams a range in order with at most `concurrency` requests in flight', async () => {
    const source = await start({ concurrency: 4 });
    server.publish(chain);
    expect(await collect(source.stream({ from: 3n, to: 50n }))).toEqual(range(3, 50));
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
    expect(server.maxInFlight).toBeGreaterThan(1);
    expect(source.name).toMatch(/^store:http:\/\/127\.0\.0\.1:\d+\/checkpoints$/);
  });

  it('retries 5xx answers and dropped connections with backoff', async () => {
    const source = await start();
    server.publish(chain.slice(0, 10));
    server.scripts.set('4.binpb.zst', ['503', 'drop', '500']);
    expect(await collect(source.stream({ from: 0n, to: 9n }))).toEqual(range(0, 9));
  });

  it('gives up after the configured attempts, naming the checkpoint and the store', async () => {
    const source = await start();
    server.publish(chain.slice(0, 10));
    server.scripts.set('6.binpb.zst', ['503', '503', '503', '503', '503']);
    const error = await collect(source.stream({ from: 0n, to: 9n })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStoreError);
    expect((error as HttpStoreError).sequenceNumber).toBe(6n);
    expect((error as Error).message).toMatch(/checkpoint 6: .*6\.binpb\.zst failed 4 times \(last: HTTP 503\)/);
  });

  it('fails at once on an answer retrying cannot fix', async () => {
    const source = await start();
    server.publish(chain.slice(0, 10));
    server.scripts.set('2.binpb.zst', ['403']);
    await expect(collect(source.stream({ from: 0n, to: 9n }))).rejects.toThrow(/checkpoint 2: .* answered HTTP 403/);
  });

  it('ends a bounded range at the store tip (404)', async () => {
    const source = await start();
    server.publish(chain.slice(0, 12));
    expect(await collect(source.stream({ from: 5n, to: 40n }))).toEqual(range(5, 11));
  });

  it('waits at the tip when following live, until the next checkpoint is published', async () => {
    const source = await start({ concurrency: 3 });
    server.publish(chain.slice(0, 5));
    const received = collect(source.stream({ from: 2n }), 8);
    await new Promise((resolve) => setTimeout(resolve, 60));
    server.publish(chain.slice(5, 10));
    expect(await received).toEqual(range(2, 9));
  });

  it('rejects a corrupt file in a bounded range with its sequence number and source', async () => {
    const source = await start();
    server.publish(chain.slice(0, 10));
    server.files.set('7.binpb.zst', encodeCheckpointFile(chain[7]!).subarray(0, 30));
    const error = await collect(source.stream({ from: 0n, to: 9n })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointDecodeError);
    expect((error as CheckpointDecodeError).sequenceNumber).toBe(7n);
    expect((error as CheckpointDecodeError).source).toBe(source.name);
  });

  it('downloads a corrupt file again when following live, until the store serves it intact', async () => {
    const source = await start();
    server.publish(chain.slice(0, 10));
    server.files.set('7.binpb.zst', encodeCheckpointFile(chain[7]!).subarray(0, 30));
    const received = collect(source.stream({ from: 5n }), 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.publish(chain.slice(7, 10));
    expect(await received).toEqual(range(5, 9));
  });
});
