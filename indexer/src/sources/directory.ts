// Local directory of `{seq}.binpb.zst` files: air-gapped replays, tests, demos and benchmarks. Without an end,
// the stream stops at the highest file present when it started; a hole below that is a gap error.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Checkpoint, checkpointFileName, decodeCheckpointFile } from '../checkpoint/codec.ts';
import { CheckpointMissingError } from '../checkpoint/errors.ts';
import { orderedPrefetch } from './prefetch.ts';
import type { CheckpointRange, CheckpointSource } from './source.ts';

const FILE_PATTERN = /^(\d+)\.binpb\.zst$/;

export interface DirectorySourceOptions {
  /** Files read ahead of the consumer (compressed bytes held in memory). */
  prefetch?: number;
}

export class DirectorySource implements CheckpointSource {
  readonly name: string;
  readonly directory: string;
  private readonly prefetch: number;

  constructor(directory: string, options: DirectorySourceOptions = {}) {
    this.directory = resolve(directory);
    this.name = `dir:${this.directory}`;
    this.prefetch = options.prefetch ?? 16;
  }

  /** Highest sequence number with a file in the directory. */
  async latest(): Promise<bigint | undefined> {
    let highest: bigint | undefined;
    for (const entry of await readdir(this.directory)) {
      const match = FILE_PATTERN.exec(entry);
      if (!match) continue;
      const seq = BigInt(match[1]!);
      if (highest === undefined || seq > highest) highest = seq;
    }
    return highest;
  }

  async *stream(range: CheckpointRange, signal?: AbortSignal): AsyncIterable<Checkpoint> {
    const to = range.to ?? (await this.latest());
    if (to === undefined || to < range.from) return;
    const source = this.name;
    const items = orderedPrefetch({
      from: range.from,
      to,
      window: this.prefetch,
      signal,
      load: async (seq) => {
        const path = join(this.directory, checkpointFileName(seq));
        try {
          return await readFile(path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            throw new CheckpointMissingError(seq, source, `no file ${path} (the range ends at ${to})`);
          }
          throw error;
        }
      },
    });
    for await (const [seq, bytes] of items) {
      yield decodeCheckpointFile(bytes, seq, source);
    }
  }
}
