// Typed errors for everything that can go wrong between a checkpoint source and a committed batch. Each one
// names the checkpoint sequence number and the source, so an operator knows which file / request to look at.

/** Base class: a checkpoint (by sequence number) from a named source could not be used. */
export class CheckpointError extends Error {
  readonly sequenceNumber: bigint;
  readonly source: string;
  constructor(message: string, sequenceNumber: bigint, source: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.sequenceNumber = sequenceNumber;
    this.source = source;
  }
}

/** What kind of decode failure: lets callers (and metrics) tell corrupt transport bytes from a foreign message. */
export type DecodeFailure = 'not-zstd' | 'truncated' | 'corrupt' | 'not-a-checkpoint' | 'wrong-sequence-number';

/**
 * The bytes of a checkpoint could not be turned into the checkpoint we asked for: not zstd, cut short, not a
 * `sui.rpc.v2.Checkpoint` protobuf, or a checkpoint with another sequence number than requested.
 */
export class CheckpointDecodeError extends CheckpointError {
  readonly failure: DecodeFailure;
  constructor(failure: DecodeFailure, detail: string, sequenceNumber: bigint, source: string, cause?: unknown) {
    super(
      `checkpoint ${sequenceNumber} from ${source} is unusable (${failure}): ${detail}. ` +
        'Re-download or regenerate this checkpoint; nothing from it was committed.',
      sequenceNumber,
      source,
      { cause },
    );
    this.failure = failure;
  }
}

/** A checkpoint inside the requested range does not exist in the source: the stream would have a gap. */
export class CheckpointMissingError extends CheckpointError {
  constructor(sequenceNumber: bigint, source: string, detail: string) {
    super(
      `checkpoint ${sequenceNumber} is missing from ${source}: ${detail}. ` +
        'The indexer never skips a checkpoint; supply the missing checkpoint or choose another source.',
      sequenceNumber,
      source,
    );
  }
}

/** The source no longer keeps the requested history (a pruned full node or store). */
export class CheckpointPrunedError extends CheckpointError {
  readonly lowestAvailable: bigint;
  constructor(sequenceNumber: bigint, source: string, lowestAvailable: bigint) {
    super(
      `checkpoint ${sequenceNumber} is no longer available from ${source}: its history starts at checkpoint ` +
        `${lowestAvailable}. Use a checkpoint store or an archival full node for older checkpoints, or start at ` +
        `--from ${lowestAvailable} if the earlier history is not needed.`,
      sequenceNumber,
      source,
    );
    this.lowestAvailable = lowestAvailable;
  }
}

/** The stream handed to a pipeline was not the next checkpoint in order (a source bug or a gap). */
export class CheckpointOrderError extends CheckpointError {
  readonly expected: bigint;
  constructor(expected: bigint, received: bigint, source: string) {
    super(
      `expected checkpoint ${expected} from ${source} but received ${received}: checkpoints must arrive in order ` +
        'and without gaps; nothing from this checkpoint on was committed.',
      received,
      source,
    );
    this.expected = expected;
  }
}
