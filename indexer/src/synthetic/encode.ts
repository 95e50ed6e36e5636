// Recorded synthetic transactions → a `sui.rpc.v2.Checkpoint`, the message every real source yields: events and
// object contents as BCS (serialised with the SDK's generated types, looked up by type tag), effects with
// input / output states, versions, owners and id operations, and every input and output object version in the
// checkpoint's object set.
import { GrpcTypes } from '@mysten/sui/grpc';
import type { TypeRegistry } from '@open-walrus/sdk';
import { type RecordedTransaction, type StoredObject, syntheticDigest, type SyntheticOwner } from './ledger.ts';

// sui.rpc.v2 enum numbers (see effects.proto / owner.proto).
const OWNER = { address: 1, object: 2, shared: 3, immutable: 4 } as const;
const INPUT_DOES_NOT_EXIST = 1;
const INPUT_EXISTS = 2;
const OUTPUT_DOES_NOT_EXIST = 1;
const OUTPUT_OBJECT_WRITE = 2;
const ID_NONE = 1;
const ID_CREATED = 2;
const ID_DELETED = 3;

export class SyntheticEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntheticEncodeError';
  }
}

/** BCS bytes of `value` as the Move type `typeTag`, through the SDK's generated types. */
export function bcsBytes(registry: TypeRegistry, typeTag: string, value: unknown): Uint8Array {
  const type = registry.decoderFor(typeTag);
  if (type === undefined) {
    throw new SyntheticEncodeError(
      `the SDK has no generated BCS type for ${typeTag}; build the Move package and regenerate the SDK ` +
        '(npm run move:build -- walrus, then the SDK generator) before generating a synthetic network',
    );
  }
  try {
    return type.serialize(value).toBytes();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new SyntheticEncodeError(`cannot serialise a ${typeTag} with the SDK's type: ${message}`);
  }
}

function owner(o: SyntheticOwner): GrpcTypes.Owner {
  switch (o.kind) {
    case 'address':
      return { kind: OWNER.address, address: o.address };
    case 'object':
      return { kind: OWNER.object, address: o.parent };
    case 'shared':
      return { kind: OWNER.shared, version: o.initialVersion };
    case 'immutable':
      return { kind: OWNER.immutable };
  }
}

function objectDigest(seed: number, object: StoredObject): string {
  return syntheticDigest(seed, `object ${object.id} ${object.version}`);
}

/**
 * The BCS bytes of the latest version of each object, kept across checkpoints: an object's output in one
 * transaction is its input in the next, and large shared state would otherwise be serialised twice.
 */
export type ContentsCache = Map<string, { version: bigint; bytes: Uint8Array }>;

export interface CheckpointInput {
  sequenceNumber: bigint;
  timestampMs: bigint;
  transactions: RecordedTransaction[];
}

/** Encodes one checkpoint. `walrusPackageId` is the package the recorded events' functions belong to. */
export function encodeSyntheticCheckpoint(
  input: CheckpointInput,
  registry: TypeRegistry,
  seed: number,
  walrusPackageId: string,
  cache: ContentsCache = new Map(),
): GrpcTypes.Checkpoint {
  const objects = new Map<string, GrpcTypes.Object>();
  const encodeObject = (object: StoredObject): GrpcTypes.Object => {
    const key = `${object.id}:${object.version}`;
    const cached = cache.get(object.id);
    let bytes: Uint8Array;
    if (cached !== undefined && cached.version === object.version) bytes = cached.bytes;
    else {
      bytes = bcsBytes(registry, object.type, object.value);
      if (cached === undefined || cached.version < object.version)
        cache.set(object.id, { version: object.version, bytes });
    }
    // Plain messages (no `create`): these are the hot ones and have no repeated fields to default.
    const encoded: GrpcTypes.Object = {
      objectId: object.id,
      version: object.version,
      digest: objectDigest(seed, object),
      owner: owner(object.owner),
      objectType: object.type,
      contents: { name: object.type, value: bytes },
    };
    objects.set(key, encoded);
    return encoded;
  };
  const seconds = input.timestampMs / 1000n;
  const nanos = Number(input.timestampMs % 1000n) * 1_000_000;
  const transactions: GrpcTypes.ExecutedTransaction[] = input.transactions.map((tx) => {
    const changedObjects: GrpcTypes.ChangedObject[] = tx.changes.map((change) => {
      const { before, after } = change;
      if (before !== undefined) encodeObject(before);
      if (after !== undefined) encodeObject(after);
      const subject = (after ?? before)!;
      const changed: GrpcTypes.ChangedObject = {
        objectId: subject.id,
        objectType: subject.type,
        inputState: before === undefined ? INPUT_DOES_NOT_EXIST : INPUT_EXISTS,
        ...(before !== undefined && {
          inputVersion: before.version,
          inputDigest: objectDigest(seed, before),
          inputOwner: owner(before.owner),
        }),
        outputState: after === undefined ? OUTPUT_DOES_NOT_EXIST : OUTPUT_OBJECT_WRITE,
        ...(after !== undefined && {
          outputVersion: after.version,
          outputDigest: objectDigest(seed, after),
          outputOwner: owner(after.owner),
        }),
        idOperation: change.kind === 'created' ? ID_CREATED : change.kind === 'deleted' ? ID_DELETED : ID_NONE,
      };
      return changed;
    });
    const events: GrpcTypes.Event[] = tx.events.map((event, index): GrpcTypes.Event => ({
      packageId: walrusPackageId,
      module: event.module,
      sender: tx.sender,
      eventType: event.type,
      contents: { name: event.type, value: bcsBytes(registry, event.type, event.value) },
      checkpoint: input.sequenceNumber,
      transactionDigest: tx.digest,
      eventIndex: index,
    }));
    // Plain messages with their repeated fields spelled out: `create` would deep-copy every object change.
    const executed: GrpcTypes.ExecutedTransaction = {
      digest: tx.digest,
      transaction: GrpcTypes.Transaction.create({ sender: tx.sender, digest: tx.digest }),
      signatures: [],
      effects: {
        transactionDigest: tx.digest,
        status: { success: true },
        lamportVersion: tx.lamportVersion,
        dependencies: [],
        changedObjects,
        unchangedConsensusObjects: [],
        unchangedLoadedRuntimeObjects: [],
      },
      events: { events },
      checkpoint: input.sequenceNumber,
      timestamp: { seconds, nanos },
      balanceChanges: [],
    };
    return executed;
  });
  return {
    sequenceNumber: input.sequenceNumber,
    digest: syntheticDigest(seed, `checkpoint ${input.sequenceNumber}`),
    summary: GrpcTypes.CheckpointSummary.create({
      sequenceNumber: input.sequenceNumber,
      epoch: 0n,
      timestamp: { seconds, nanos },
    }),
    transactions,
    objects: { objects: [...objects.values()] },
  };
}
