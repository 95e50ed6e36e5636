// The synthetic network's object store and transaction recorder: objects with Sui-like ids, owners and lamport
// versions; a transaction records every object it creates, mutates, deletes or wraps (with the contents before
// and after) and the events it emits. Values are in the decoded form of the SDK's BCS types.
import { createHash } from 'node:crypto';
import { toBase58 } from '@mysten/sui/utils';

export type SyntheticOwner =
  | { kind: 'address'; address: string }
  | { kind: 'object'; parent: string }
  | { kind: 'shared'; initialVersion: bigint }
  | { kind: 'immutable' };

export interface StoredObject {
  id: string;
  /** Full Move type tag. */
  type: string;
  owner: SyntheticOwner;
  version: bigint;
  // Decoded-form Move values are open records; the simulation builds them field by field.
  value: any;
}

export type ObjectChangeKind = 'created' | 'mutated' | 'deleted' | 'wrapped';

export interface RecordedChange {
  kind: ObjectChangeKind;
  before?: StoredObject;
  after?: StoredObject;
}

export interface RecordedEvent {
  /** Full Move type tag of the event struct. */
  type: string;
  /** Module of the function the transaction called. */
  module: string;
  value: Record<string, unknown>;
}

export interface RecordedTransaction {
  digest: string;
  sender: string;
  events: RecordedEvent[];
  changes: RecordedChange[];
  lamportVersion: bigint;
}

/** 32 deterministic bytes for `label`, as 0x-hex (object ids, addresses). */
export function syntheticId(seed: number, label: string): string {
  return `0x${createHash('sha256').update(`open-walrus synthetic ${seed} ${label}`).digest('hex')}`;
}

/** A deterministic base58 digest (transactions, objects). */
export function syntheticDigest(seed: number, label: string): string {
  return toBase58(createHash('sha256').update(`open-walrus synthetic digest ${seed} ${label}`).digest());
}

export class Ledger {
  readonly seed: number;
  readonly objects = new Map<string, StoredObject>();
  private lamport = 0n;
  private ids = 0;
  private txs = 0;

  constructor(seed: number) {
    this.seed = seed;
  }

  newId(): string {
    return syntheticId(this.seed, `object ${this.ids++}`);
  }

  get(id: string): StoredObject {
    const object = this.objects.get(id);
    if (object === undefined) throw new Error(`synthetic ledger: object ${id} does not exist`);
    return object;
  }

  /** Runs `build` as one transaction and applies it to the store. */
  transaction(sender: string, build: (tx: TransactionBuilder) => void): RecordedTransaction {
    const builder = new TransactionBuilder(this);
    build(builder);
    this.lamport += 1n;
    const version = this.lamport;
    const changes: RecordedChange[] = [];
    for (const [id, change] of builder.changes) {
      if (change.after !== undefined) {
        const after = { ...change.after, version };
        if (after.owner.kind === 'shared' && change.before === undefined)
          after.owner = { kind: 'shared', initialVersion: version };
        this.objects.set(id, after);
        changes.push({
          kind: change.before === undefined ? 'created' : 'mutated',
          ...(change.before && { before: change.before }),
          after,
        });
      } else if (change.before !== undefined) {
        this.objects.delete(id);
        changes.push({ kind: change.wrapped ? 'wrapped' : 'deleted', before: change.before });
      }
      // Created and destroyed in the same transaction: invisible in the effects, as on Sui.
    }
    return {
      digest: syntheticDigest(this.seed, `tx ${this.txs++}`),
      sender,
      events: builder.events,
      changes,
      lamportVersion: version,
    };
  }
}

interface PendingChange {
  before?: StoredObject;
  after?: StoredObject;
  wrapped?: boolean;
}

export class TransactionBuilder {
  readonly changes = new Map<string, PendingChange>();
  readonly events: RecordedEvent[] = [];
  private readonly ledger: Ledger;

  constructor(ledger: Ledger) {
    this.ledger = ledger;
  }

  private current(id: string): StoredObject | undefined {
    const change = this.changes.get(id);
    if (change !== undefined) return change.after;
    return this.ledger.objects.get(id);
  }

  private entry(id: string): PendingChange {
    let change = this.changes.get(id);
    if (change === undefined) {
      const before = this.ledger.objects.get(id);
      change = before === undefined ? {} : { before };
      this.changes.set(id, change);
    }
    return change;
  }

  /** Creates an object; `value(id)` builds its contents (the id is usually the value's UID). */
  create(type: string, owner: SyntheticOwner, value: (id: string) => unknown, id = this.ledger.newId()): string {
    const change = this.entry(id);
    change.after = { id, type, owner, version: 0n, value: value(id) };
    return id;
  }

  /** Reads an object as this transaction currently sees it. */
  read(id: string): any {
    const object = this.current(id);
    if (object === undefined) throw new Error(`synthetic transaction: object ${id} does not exist`);
    return object.value;
  }

  /** Mutates an object: `update` changes a deep copy of its value in place. */
  mutate(id: string, update: (value: any) => void, owner?: SyntheticOwner): void {
    const object = this.current(id);
    if (object === undefined) throw new Error(`synthetic transaction: cannot mutate missing object ${id}`);
    const value = structuredClone(object.value);
    update(value);
    this.entry(id).after = { ...object, value, ...(owner && { owner }) };
  }

  delete(id: string): void {
    const change = this.entry(id);
    delete change.after;
  }

  /** Removes the object from the store because another object now contains it. */
  wrap(id: string): void {
    const change = this.entry(id);
    delete change.after;
    change.wrapped = true;
  }

  emit(type: string, module: string, value: Record<string, unknown>): void {
    this.events.push({ type, module, value });
  }
}
