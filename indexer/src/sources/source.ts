// The contract every checkpoint source fulfils: an ordered, gap-free stream of `GrpcTypes.Checkpoint`
// messages from `from` (inclusive) to `to` (inclusive) or, without `to`, following the chain's tip forever.
import type { Checkpoint } from '../checkpoint/codec.ts';

export interface CheckpointRange {
  from: bigint;
  /** Inclusive; absent = live (follow the tip). */
  to?: bigint;
}

export interface CheckpointSource {
  /** Human-readable identity used in every error and log line, e.g. `dir:/data/checkpoints`. */
  readonly name: string;
  /**
   * Checkpoints `range.from`, `range.from + 1`, ... in order. A bounded range may end early only when the
   * source has nothing more (its tip); it never skips a checkpoint. Errors are `CheckpointError`s naming the
   * sequence number and this source.
   */
  stream(range: CheckpointRange, signal?: AbortSignal): AsyncIterable<Checkpoint>;
  /** Highest checkpoint the source can serve now, if it can tell (drives lag and ETA). */
  latest?(signal?: AbortSignal): Promise<bigint | undefined>;
}

/** Logger subset the sources use (pino-compatible). */
export interface SourceLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export const SILENT_LOGGER: SourceLogger = { warn() {}, info() {} };
