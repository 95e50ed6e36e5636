// Test support: a source serving checkpoints held in memory, optionally slowed down, optionally in a given
// (possibly wrong) order, to exercise the runner without files or sockets.
import type { Checkpoint } from '../checkpoint/codec.ts';
import type { CheckpointRange, CheckpointSource } from '../sources/source.ts';
import { sleep } from '../util/retry.ts';

export class MemorySource implements CheckpointSource {
  readonly name: string;
  private readonly checkpoints: readonly Checkpoint[];
  private readonly delayMs: number;
  private readonly ignoreRange: boolean;

  constructor(
    checkpoints: readonly Checkpoint[],
    options: { name?: string; delayMs?: number; ignoreRange?: boolean } = {},
  ) {
    this.checkpoints = checkpoints;
    this.name = options.name ?? 'memory:test';
    this.delayMs = options.delayMs ?? 0;
    this.ignoreRange = options.ignoreRange ?? false;
  }

  async latest(): Promise<bigint | undefined> {
    return this.checkpoints.at(-1)?.sequenceNumber;
  }

  async *stream(range: CheckpointRange, signal?: AbortSignal): AsyncIterable<Checkpoint> {
    for (const checkpoint of this.checkpoints) {
      const seq = checkpoint.sequenceNumber!;
      if (!this.ignoreRange && (seq < range.from || (range.to !== undefined && seq > range.to))) continue;
      if (this.delayMs > 0) await sleep(this.delayMs, signal);
      yield checkpoint;
    }
  }
}
