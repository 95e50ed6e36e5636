import { GrpcTypes } from '@mysten/sui/grpc';
import { zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeCheckpoint, syntheticAddress, syntheticDigest } from '../testing/checkpoints.ts';
import { checkpointTimestampMs, decodeCheckpointFile, encodeCheckpointFile } from './codec.ts';
import { CheckpointDecodeError } from './errors.ts';

const PKG = syntheticAddress('pkg');

function sample(seq: bigint) {
  return makeCheckpoint(
    seq,
    [
      {
        digest: syntheticDigest('tx', seq),
        events: [{ eventType: `${PKG}::events::Thing`, bcs: new Uint8Array([1, 2, 3]), sender: syntheticAddress('s') }],
      },
    ],
    { timestampMs: 1_700_000_000_123n, epoch: 7n },
  );
}

function decodeFailure(bytes: Uint8Array, seq: bigint): CheckpointDecodeError {
  try {
    decodeCheckpointFile(bytes, seq, 'dir:/fixtures');
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointDecodeError);
    return error as CheckpointDecodeError;
  }
  throw new Error('decoding succeeded');
}

describe('checkpoint file codec', () => {
  it('round-trips a checkpoint through protobuf and zstd', () => {
    const original = sample(42n);
    const decoded = decodeCheckpointFile(encodeCheckpointFile(original), 42n, 'test');
    expect(GrpcTypes.Checkpoint.equals(decoded, original)).toBe(true);
    expect(checkpointTimestampMs(decoded)).toBe(1_700_000_000_123n);
    expect([...decoded.transactions[0]!.events!.events[0]!.contents!.value!]).toEqual([1, 2, 3]);
  });

  it('rejects bytes that are not zstd, naming the sequence number and source', () => {
    const error = decodeFailure(GrpcTypes.Checkpoint.toBinary(sample(5n)), 5n);
    expect(error.failure).toBe('not-zstd');
    expect(error.sequenceNumber).toBe(5n);
    expect(error.message).toContain('checkpoint 5 from dir:/fixtures');
  });

  it('rejects a truncated file', () => {
    const file = encodeCheckpointFile(sample(6n));
    const error = decodeFailure(file.subarray(0, Math.floor(file.length / 2)), 6n);
    expect(error.failure).toBe('truncated');
    expect(error.message).toContain('checkpoint 6');
  });

  it('rejects a file missing only its last bytes', () => {
    const file = encodeCheckpointFile(sample(6n));
    expect(decodeFailure(file.subarray(0, file.length - 1), 6n).failure).toBe('truncated');
  });

  it('rejects a zstd file with trailing garbage after the frame', () => {
    const file = Buffer.concat([encodeCheckpointFile(sample(6n)), Buffer.from('garbage!')]);
    expect(decodeFailure(file, 6n).failure).toBe('not-zstd');
  });

  it('rejects a whole file whose content was damaged', () => {
    const file = Buffer.from(encodeCheckpointFile(sample(6n)));
    for (let i = 20; i < 30; i++) file[i] = file[i]! ^ 0x5a;
    expect(decodeFailure(file, 6n).failure).toMatch(/corrupt|not-a-checkpoint/);
  });

  it('rejects an empty file as truncated', () => {
    expect(decodeFailure(new Uint8Array(), 1n).failure).toBe('truncated');
  });

  it('rejects a zstd file holding another protobuf message', () => {
    const foreign = GrpcTypes.GetServiceInfoResponse.toBinary({
      chainId: 'abc',
      chain: 'testnet',
      epoch: 3n,
      checkpointHeight: 9n,
    });
    const error = decodeFailure(zstdCompressSync(foreign), 9n);
    expect(['not-a-checkpoint', 'wrong-sequence-number']).toContain(error.failure);
  });

  it('rejects zstd-compressed garbage that is no protobuf at all', () => {
    const garbage = new Uint8Array(64).fill(0xff);
    expect(decodeFailure(zstdCompressSync(garbage), 3n).failure).toMatch(/not-a-checkpoint|truncated/);
  });

  it('rejects a file whose checkpoint has another sequence number than its name', () => {
    const error = decodeFailure(encodeCheckpointFile(sample(8n)), 9n);
    expect(error.failure).toBe('wrong-sequence-number');
    expect(error.message).toContain('contains checkpoint 8');
  });
});
