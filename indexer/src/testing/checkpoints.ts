// Synthetic checkpoints for tests and benchmarks, built with the real encoders (`GrpcTypes.Checkpoint.create`,
// protobuf, zstd): never hand-typed bytes. The event payloads come from an `EventPayloadSource`, so the walrus
// domain generator can replace the generic payloads with real, contract-following events.
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress, toBase58 } from '@mysten/sui/utils';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Checkpoint, checkpointFileName, encodeCheckpointFile, timestampFromMs } from '../checkpoint/codec.ts';

export interface SyntheticEvent {
  /** Full type tag, e.g. `0x..::events::BlobRegistered`. */
  eventType: string;
  bcs: Uint8Array;
  sender: string;
  /** Package id of the called module (defaults to the type's package). */
  packageId?: string;
}

export interface SyntheticTransaction {
  digest: string;
  events: SyntheticEvent[];
}

/** A deterministic transaction digest (base58 of 32 bytes) for a position in the synthetic chain. */
export function syntheticDigest(...parts: Array<string | number | bigint>): string {
  return toBase58(createHash('sha256').update(parts.join('/')).digest());
}

/** A deterministic address for a label. */
export function syntheticAddress(label: string): string {
  return normalizeSuiAddress(createHash('sha256').update(label).digest('hex'));
}

/** Genesis time of the synthetic chain; checkpoint n is `n * 250 ms` later. */
export const SYNTHETIC_GENESIS_MS = 1_767_225_600_000n;

export function makeCheckpoint(
  sequenceNumber: bigint,
  transactions: readonly SyntheticTransaction[],
  options: { timestampMs?: bigint; epoch?: bigint } = {},
): Checkpoint {
  const timestampMs = options.timestampMs ?? SYNTHETIC_GENESIS_MS + sequenceNumber * 250n;
  return GrpcTypes.Checkpoint.create({
    sequenceNumber,
    digest: syntheticDigest('checkpoint', sequenceNumber),
    summary: {
      sequenceNumber,
      epoch: options.epoch ?? 0n,
      timestamp: timestampFromMs(timestampMs),
    },
    transactions: transactions.map((tx, index) => ({
      digest: tx.digest,
      checkpoint: sequenceNumber,
      transactionIndex: BigInt(index),
      events: {
        events: tx.events.map((event) => {
          const packageId = event.packageId ?? event.eventType.split('::')[0]!;
          return {
            packageId,
            module: 'events',
            sender: event.sender,
            eventType: event.eventType,
            contents: { name: event.eventType, value: event.bcs },
          };
        }),
      },
    })),
  });
}

/** Writes `{seq}.binpb.zst` files; returns the number of bytes written. */
export async function writeCheckpointFiles(directory: string, checkpoints: Iterable<Checkpoint>): Promise<number> {
  await mkdir(directory, { recursive: true });
  let bytes = 0;
  for (const checkpoint of checkpoints) {
    const file = encodeCheckpointFile(checkpoint);
    bytes += file.length;
    await writeFile(join(directory, checkpointFileName(checkpoint.sequenceNumber!)), file);
  }
  return bytes;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Produces the events of one synthetic transaction. */
export type EventPayloadSource = (sequenceNumber: bigint, txIndex: number) => SyntheticEvent[];

export interface GenericPayloadOptions {
  /** Package whose `events` module "emits" the events. */
  packageId: string;
  /** A package outside the lineage whose events must be ignored (0 = none). */
  foreignPackageId?: string;
  eventsPerTransaction: number;
  /** Distinct event type names (`GenericEvent0..n-1`). */
  typeCount?: number;
  seed?: number;
}

/**
 * Generic payloads: `GenericEvent{k}` types with random-length BCS vectors, a few senders, and (optionally) one
 * event of a foreign package per transaction. Synthetic: stands in until the walrus domain generator exists.
 */
export function genericEventPayloads(options: GenericPayloadOptions): EventPayloadSource {
  const random = seededRandom(options.seed ?? 1);
  const typeCount = options.typeCount ?? 8;
  const senders = Array.from({ length: 16 }, (_, i) => syntheticAddress(`sender-${i}`));
  const packageId = normalizeSuiAddress(options.packageId);
  return () => {
    const events: SyntheticEvent[] = [];
    for (let i = 0; i < options.eventsPerTransaction; i++) {
      const bcs = new Uint8Array(32 + Math.floor(random() * 96));
      for (let b = 0; b < bcs.length; b++) bcs[b] = Math.floor(random() * 256);
      events.push({
        eventType: `${packageId}::events::GenericEvent${Math.floor(random() * typeCount)}`,
        bcs,
        sender: senders[Math.floor(random() * senders.length)]!,
      });
    }
    if (options.foreignPackageId) {
      events.push({
        eventType: `${normalizeSuiAddress(options.foreignPackageId)}::events::Foreign`,
        bcs: new Uint8Array([1, 2, 3]),
        sender: senders[0]!,
      });
    }
    return events;
  };
}

/** Checkpoints `from..from+count-1`, each with `transactionsPerCheckpoint` transactions from `payloads`. */
export function* syntheticCheckpoints(options: {
  from?: bigint;
  count: number;
  transactionsPerCheckpoint: number;
  payloads: EventPayloadSource;
}): Generator<Checkpoint> {
  const from = options.from ?? 0n;
  for (let i = 0; i < options.count; i++) {
    const seq = from + BigInt(i);
    const transactions: SyntheticTransaction[] = [];
    for (let t = 0; t < options.transactionsPerCheckpoint; t++) {
      transactions.push({ digest: syntheticDigest('tx', seq, t), events: options.payloads(seq, t) });
    }
    yield makeCheckpoint(seq, transactions);
  }
}
