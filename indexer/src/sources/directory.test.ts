import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../checkpoint/codec.ts';
import { CheckpointMissingError } from '../checkpoint/errors.ts';
import {
  genericEventPayloads,
  syntheticAddress,
  syntheticCheckpoints,
  writeCheckpointFiles,
} from '../testing/checkpoints.ts';
import { DirectorySource } from './directory.ts';

async function seqs(iterable: AsyncIterable<Checkpoint>): Promise<number[]> {
  const out: number[] = [];
  for await (const c of iterable) out.push(Number(c.sequenceNumber));
  return out;
}

describe('the local directory source', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dir-source-'));
    await writeCheckpointFiles(
      dir,
      syntheticCheckpoints({
        from: 100n,
        count: 30,
        transactionsPerCheckpoint: 1,
        payloads: genericEventPayloads({ packageId: syntheticAddress('p'), eventsPerTransaction: 1 }),
      }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields the requested range in order', async () => {
    const source = new DirectorySource(dir, { prefetch: 4 });
    expect(await seqs(source.stream({ from: 105n, to: 112n }))).toEqual([105, 106, 107, 108, 109, 110, 111, 112]);
  });

  it('ends at the highest file present when no end is given', async () => {
    const source = new DirectorySource(dir);
    expect(await source.latest()).toBe(129n);
    expect((await seqs(source.stream({ from: 120n }))).at(-1)).toBe(129);
    expect(await seqs(source.stream({ from: 200n }))).toEqual([]);
  });

  it('reports a hole in the files as a missing checkpoint instead of skipping it', async () => {
    const holed = await mkdtemp(join(tmpdir(), 'dir-holed-'));
    try {
      await writeCheckpointFiles(
        holed,
        syntheticCheckpoints({ count: 10, transactionsPerCheckpoint: 0, payloads: () => [] }),
      );
      await unlink(join(holed, '4.binpb.zst'));
      const received: number[] = [];
      const error = await (async () => {
        for await (const c of new DirectorySource(holed).stream({ from: 0n })) received.push(Number(c.sequenceNumber));
      })().catch((e: unknown) => e);
      expect(received).toEqual([0, 1, 2, 3]);
      expect(error).toBeInstanceOf(CheckpointMissingError);
      expect((error as Error).message).toMatch(/checkpoint 4 is missing from dir:.*4\.binpb\.zst/);
    } finally {
      await rm(holed, { recursive: true, force: true });
    }
  });
});
