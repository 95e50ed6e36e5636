// The one checkpoint format of every source: a `sui.rpc.v2.Checkpoint` protobuf, compressed with zstd in files
// and in the checkpoint store (`{seq}.binpb.zst`). Encoding is here too so fixtures and generators produce
// exactly what real stores serve.
import { GrpcTypes } from '@mysten/sui/grpc';
import { constants as zlibConstants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { CheckpointDecodeError } from './errors.ts';

export type Checkpoint = GrpcTypes.Checkpoint;

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;

/** File name of a checkpoint in a directory or checkpoint store. */
export function checkpointFileName(sequenceNumber: bigint): string {
  return `${sequenceNumber}.binpb.zst`;
}

/** Serialises a checkpoint to the protobuf wire format. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  return GrpcTypes.Checkpoint.toBinary(checkpoint);
}

/** Serialises and zstd-compresses a checkpoint: the bytes of a `{seq}.binpb.zst` file (with a content checksum). */
export function encodeCheckpointFile(checkpoint: Checkpoint, level = 3): Buffer {
  return zstdCompressSync(encodeCheckpoint(checkpoint), {
    params: { [zlibConstants.ZSTD_c_compressionLevel]: level, [zlibConstants.ZSTD_c_checksumFlag]: 1 },
  });
}

function hasZstdMagic(bytes: Uint8Array): boolean {
  return ZSTD_MAGIC.every((b, i) => bytes[i] === b);
}

const ZSTD_FRAME_MAGIC = 0xfd2fb528;
const DICTIONARY_ID_BYTES = [0, 1, 2, 4] as const;
const CONTENT_SIZE_BYTES = [0, 2, 4, 8] as const;

/**
 * Walks the zstd frames and block headers (RFC 8878) and says what is wrong, if anything. Node's zstd
 * decompressor returns whatever it could decode from a cut-short input without complaint, so completeness is
 * checked here, structurally.
 */
export function zstdFrameProblem(bytes: Uint8Array): { failure: 'truncated' | 'not-zstd'; detail: string } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const truncated = (where: string) => ({
    failure: 'truncated' as const,
    detail: `the zstd stream ends inside ${where}`,
  });
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes.length - pos < 4) return truncated('a frame header');
    const magic = view.getUint32(pos, true);
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      if (bytes.length - pos < 8) return truncated('a skippable frame');
      pos += 8 + view.getUint32(pos + 4, true);
      if (pos > bytes.length) return truncated('a skippable frame');
      continue;
    }
    if (magic !== ZSTD_FRAME_MAGIC)
      return { failure: 'not-zstd', detail: `bytes at offset ${pos} are not a zstd frame` };
    pos += 4;
    if (pos >= bytes.length) return truncated('a frame header');
    const descriptor = bytes[pos]!;
    pos += 1;
    const singleSegment = (descriptor >> 5) & 1;
    const contentSizeFlag = descriptor >> 6;
    pos += singleSegment ? 0 : 1;
    pos += DICTIONARY_ID_BYTES[descriptor & 3]!;
    pos += contentSizeFlag === 0 ? singleSegment : CONTENT_SIZE_BYTES[contentSizeFlag]!;
    for (;;) {
      if (pos + 3 > bytes.length) return truncated('a block header');
      const header = bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16);
      pos += 3;
      const blockType = (header >> 1) & 3;
      if (blockType === 3) return { failure: 'not-zstd', detail: 'a zstd block has the reserved block type' };
      pos += blockType === 1 ? 1 : header >>> 3;
      if (pos > bytes.length) return truncated('a block');
      if (header & 1) break;
    }
    pos += (descriptor >> 2) & 1 ? 4 : 0;
    if (pos > bytes.length) return truncated('the frame checksum');
  }
  return undefined;
}

/** Decompresses the bytes of a `{seq}.binpb.zst` file; a typed error names `sequenceNumber` and `source`. */
export function decompressCheckpointFile(bytes: Uint8Array, sequenceNumber: bigint, source: string): Uint8Array {
  if (bytes.length < ZSTD_MAGIC.length || !hasZstdMagic(bytes)) {
    const detail = bytes.length === 0 ? 'the file is empty' : 'the bytes do not start with the zstd frame magic';
    throw new CheckpointDecodeError(bytes.length === 0 ? 'truncated' : 'not-zstd', detail, sequenceNumber, source);
  }
  const problem = zstdFrameProblem(bytes);
  if (problem) throw new CheckpointDecodeError(problem.failure, problem.detail, sequenceNumber, source);
  try {
    return zstdDecompressSync(bytes);
  } catch (cause) {
    // The frames are whole, so a failure here is damaged content (a checksum mismatch, a bad block).
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new CheckpointDecodeError('corrupt', `zstd decompression failed (${message})`, sequenceNumber, source, cause);
  }
}

/**
 * Parses protobuf bytes as a `Checkpoint` and checks that it is the checkpoint that was asked for. A message of
 * another type either fails to parse or lacks / disagrees on the sequence number, and is rejected either way.
 */
export function decodeCheckpoint(bytes: Uint8Array, sequenceNumber: bigint, source: string): Checkpoint {
  let checkpoint: Checkpoint;
  try {
    checkpoint = GrpcTypes.Checkpoint.fromBinary(bytes);
  } catch (cause) {
    // The zstd frame was complete, so bytes that fail to parse are another message (or garbage), not a cut.
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new CheckpointDecodeError(
      'not-a-checkpoint',
      `protobuf decoding as sui.rpc.v2.Checkpoint failed (${message})`,
      sequenceNumber,
      source,
      cause,
    );
  }
  return checkCheckpointIdentity(checkpoint, sequenceNumber, source);
}

/** Rejects a decoded message that is not the requested checkpoint (no sequence number, or another one). */
export function checkCheckpointIdentity(checkpoint: Checkpoint, sequenceNumber: bigint, source: string): Checkpoint {
  const found = checkpoint.sequenceNumber ?? checkpoint.summary?.sequenceNumber;
  if (found === undefined) {
    throw new CheckpointDecodeError(
      'not-a-checkpoint',
      'the message has no sequence number, so it is not a sui.rpc.v2.Checkpoint',
      sequenceNumber,
      source,
    );
  }
  if (found !== sequenceNumber) {
    throw new CheckpointDecodeError('wrong-sequence-number', `it contains checkpoint ${found}`, sequenceNumber, source);
  }
  if (checkpoint.sequenceNumber === undefined) checkpoint.sequenceNumber = found;
  return checkpoint;
}

/** Decompresses and decodes a `{seq}.binpb.zst` file, checking it holds checkpoint `sequenceNumber`. */
export function decodeCheckpointFile(bytes: Uint8Array, sequenceNumber: bigint, source: string): Checkpoint {
  return decodeCheckpoint(decompressCheckpointFile(bytes, sequenceNumber, source), sequenceNumber, source);
}

/** Milliseconds since the Unix epoch of a checkpoint's summary timestamp (0 when the summary is absent). */
export function checkpointTimestampMs(checkpoint: Checkpoint): bigint {
  const ts = checkpoint.summary?.timestamp;
  if (!ts) return 0n;
  return ts.seconds * 1000n + BigInt(Math.floor(ts.nanos / 1_000_000));
}

/** The protobuf timestamp for a time in milliseconds since the Unix epoch. */
export function timestampFromMs(ms: bigint): { seconds: bigint; nanos: number } {
  return { seconds: ms / 1000n, nanos: Number(ms % 1000n) * 1_000_000 };
}
