// From a checkpoint to the handlers' transaction views: picks the events and object changes of our types and
// decodes them with the SDK's generated BCS types (through its type registry). Objects of other types are left
// out before decoding, so the cost is proportional to our share of the checkpoint.
import type { GrpcTypes } from '@mysten/sui/grpc';
import type { TypeRegistry } from '@open-walrus/sdk';
import { checkpointTimestampMs } from '../checkpoint/codec.ts';
import type { ChangeOrigin, Holder } from './changes.ts';
import {
  EVENTS,
  type ObjectChangeView,
  type ObjectOperation,
  shortTypeName,
  type TransactionView,
  TYPES,
} from './transaction-view.ts';

type Checkpoint = GrpcTypes.Checkpoint;
type ChangedObject = GrpcTypes.ChangedObject;
type Owner = GrpcTypes.Owner;

const OBJECT_TYPES = new Set<string>(Object.values(TYPES));
const EVENT_TYPES = new Set<string>(Object.values(EVENTS));
/** Types whose contents before the transaction a handler reads (deletions, joins). */
const INPUT_TYPES = new Set<string>([TYPES.blob, TYPES.stakedWal]);
/** Singleton state where only the last version of a checkpoint matters (per epoch). */
const SINGLETON_TYPES = new Set<string>([TYPES.systemInnerField, TYPES.stakingInnerField]);

const shortNames = new WeakMap<TypeRegistry, Map<string, string>>();

/** `shortTypeName` of a full tag, memoised per registry (tags repeat in every checkpoint). */
function shortName(registry: TypeRegistry, tag: string): string {
  let cache = shortNames.get(registry);
  if (cache === undefined) {
    cache = new Map();
    shortNames.set(registry, cache);
  }
  let name = cache.get(tag);
  if (name === undefined) {
    name = shortTypeName(registry.canonicalTypeTag(tag), registry.packageAliasOf);
    cache.set(tag, name);
  }
  return name;
}

/**
 * Indexes `i` of transactions whose change of a singleton (System / Staking inner state) is superseded by a later
 * transaction of the same checkpoint before any epoch starts: decoding those versions changes no row.
 */
function supersededSingletonChanges(checkpoint: Checkpoint, registry: TypeRegistry): Set<string> {
  const skip = new Set<string>();
  // Singletons changed by a later transaction, with no epoch start between here and there.
  const changedLater = new Set<string>();
  for (let i = checkpoint.transactions.length - 1; i >= 0; i--) {
    const tx = checkpoint.transactions[i]!;
    for (const change of tx.effects?.changedObjects ?? []) {
      if (change.objectId === undefined || change.objectType === undefined) continue;
      if (!SINGLETON_TYPES.has(shortName(registry, change.objectType))) continue;
      if (changedLater.has(change.objectId)) skip.add(`${i}:${change.objectId}`);
      changedLater.add(change.objectId);
    }
    // The versions before an epoch start are the last ones of the previous epoch: keep them.
    const startsEpoch = (tx.events?.events ?? []).some(
      (e) => e.eventType !== undefined && shortName(registry, e.eventType) === EVENTS.epochChangeStart,
    );
    if (startsEpoch) changedLater.clear();
  }
  return skip;
}

// Enum values of sui.rpc.v2 (protobuf-ts numbers); named here because the generated enums are not re-exported
// as values by @mysten/sui/grpc's type namespace.
const OWNER_ADDRESS = 1;
const OWNER_OBJECT = 2;
const OWNER_SHARED = 3;
const OWNER_IMMUTABLE = 4;
const OWNER_CONSENSUS_ADDRESS = 5;
const INPUT_EXISTS = 2;
const OUTPUT_OBJECT_WRITE = 2;
const ID_CREATED = 2;
const ID_DELETED = 3;

export class WalrusDecodeError extends Error {
  constructor(message: string, checkpoint: bigint, txDigest: string | undefined) {
    super(`${message} (checkpoint ${checkpoint}, transaction ${txDigest ?? 'unknown'})`);
    this.name = 'WalrusDecodeError';
  }
}

export function holderOf(owner: Owner | undefined): Holder | undefined {
  switch (owner?.kind) {
    case OWNER_ADDRESS:
    case OWNER_CONSENSUS_ADDRESS:
      return { ownerKind: 'address', owner: owner.address ?? null };
    case OWNER_OBJECT:
      return { ownerKind: 'object', owner: owner.address ?? null };
    case OWNER_SHARED:
      return { ownerKind: 'shared', owner: null };
    case OWNER_IMMUTABLE:
      return { ownerKind: 'immutable', owner: null };
    default:
      return undefined;
  }
}

export function operationOf(change: ChangedObject): ObjectOperation {
  if (change.idOperation === ID_CREATED) return 'created';
  if (change.idOperation === ID_DELETED) return 'deleted';
  const existed = change.inputState === INPUT_EXISTS;
  const exists = change.outputState === OUTPUT_OBJECT_WRITE;
  if (existed && exists) return 'mutated';
  if (exists) return 'unwrapped';
  return existed ? 'wrapped' : 'deleted';
}

/** The walrus view of every transaction of `checkpoint` that touches our events or objects. */
export function transactionViews(checkpoint: Checkpoint, registry: TypeRegistry): TransactionView[] {
  const sequence = checkpoint.sequenceNumber ?? checkpoint.summary?.sequenceNumber ?? 0n;
  const timestampMs = checkpointTimestampMs(checkpoint);
  const contents = new Map<string, GrpcTypes.Object>();
  const remember = (o: GrpcTypes.Object) => {
    if (o.objectId !== undefined && o.version !== undefined) contents.set(`${o.objectId}:${o.version}`, o);
  };
  for (const o of checkpoint.objects?.objects ?? []) remember(o);
  const short = (tag: string) => shortName(registry, tag);
  const superseded = supersededSingletonChanges(checkpoint, registry);

  const views: TransactionView[] = [];
  for (const [txIndex, tx] of checkpoint.transactions.entries()) {
    for (const o of tx.objects?.objects ?? []) remember(o);
    const origin: ChangeOrigin = { checkpoint: sequence, txDigest: tx.digest ?? '', timestampMs };
    const decode = (tag: string, bytes: Uint8Array | undefined, what: string): unknown => {
      if (bytes === undefined)
        throw new WalrusDecodeError(`${what} of type ${tag} has no BCS contents`, sequence, tx.digest);
      try {
        return registry.decode(tag, bytes);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new WalrusDecodeError(`cannot decode ${what} as ${tag}: ${message}`, sequence, tx.digest);
      }
    };

    const events = [];
    for (const [index, event] of (tx.events?.events ?? []).entries()) {
      if (event.eventType === undefined) continue;
      const type = short(event.eventType);
      if (!EVENT_TYPES.has(type)) continue;
      events.push({ type, value: decode(event.eventType, event.contents?.value, `event ${index}`) });
    }

    const objects: ObjectChangeView[] = [];
    for (const change of tx.effects?.changedObjects ?? []) {
      const id = change.objectId;
      if (id === undefined) continue;
      const output = change.outputVersion === undefined ? undefined : contents.get(`${id}:${change.outputVersion}`);
      const input = change.inputVersion === undefined ? undefined : contents.get(`${id}:${change.inputVersion}`);
      const tag = change.objectType ?? output?.objectType ?? input?.objectType;
      if (tag === undefined) continue;
      const type = short(tag);
      if (!OBJECT_TYPES.has(type) || superseded.has(`${txIndex}:${id}`)) continue;
      const operation = operationOf(change);
      const view: ObjectChangeView = { objectId: id, type, operation };
      const holder = holderOf(change.outputOwner ?? output?.owner);
      const inputHolder = holderOf(change.inputOwner ?? input?.owner);
      if (holder !== undefined && operation !== 'deleted' && operation !== 'wrapped') view.holder = holder;
      if (inputHolder !== undefined) view.inputHolder = inputHolder;
      if (output?.contents !== undefined && operation !== 'deleted' && operation !== 'wrapped') {
        view.value = decode(tag, output.contents.value, `object ${id}`);
      }
      if (input?.contents !== undefined && INPUT_TYPES.has(type)) {
        view.input = decode(tag, input.contents.value, `input object ${id}`);
      }
      objects.push(view);
    }
    if (events.length > 0 || objects.length > 0) views.push({ origin, events, objects });
  }
  return views;
}
