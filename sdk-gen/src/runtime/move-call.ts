// Runtime support for the generated call builders: turns the caller's arguments (object ids, plain values or
// transaction arguments) into `moveCall` arguments, encoding pure values with the parameter's BCS type.
import type { BcsType } from '@mysten/sui/bcs';
import type { Transaction, TransactionArgument, TransactionObjectArgument } from '@mysten/sui/transactions';

/** An object parameter: its id, or an argument already in the transaction (an input or a previous result). */
export type ObjectInput = string | TransactionObjectArgument;

/** A pure parameter: the plain value (encoded with the parameter's BCS type) or a transaction argument. */
export type PureInput<T> = T | TransactionArgument;

/** How one Move parameter is supplied. */
export type ParameterSpec =
  /** An object: an id becomes `tx.object(id)`. */
  | { kind: 'object' }
  /** A pure value, encoded with `bcs`. */
  | { kind: 'pure'; bcs: BcsType<any, any> }
  /** A value that can only come from another command (a non-object struct, a vector of objects, ...). */
  | { kind: 'argument' }
  /** A well-known shared object the builder supplies itself. */
  | { kind: 'implicit'; object: 'clock' | 'random' | 'denyList' };

/** Where a call goes and how its parameters are supplied; `names` lists the caller-supplied parameters in order. */
export interface CallSpec {
  /** `module::function`, for error messages. */
  function: string;
  parameters: ParameterSpec[];
  names: string[];
}

/** True for values that already are transaction arguments (inputs, results, or thunks producing them). */
export function isTransactionArgument(value: unknown): value is TransactionArgument {
  if (typeof value === 'function') return true;
  return typeof value === 'object' && value !== null && '$kind' in value;
}

function supplied(args: unknown, spec: CallSpec): unknown[] {
  if (args === undefined) {
    if (spec.names.length === 0) return [];
    throw new Error(`${spec.function}: arguments are missing; expected ${spec.names.join(', ')}.`);
  }
  if (Array.isArray(args)) {
    if (args.length !== spec.names.length) {
      throw new Error(
        `${spec.function}: expected ${spec.names.length} argument(s) (${spec.names.join(', ')}), got ${args.length}.`,
      );
    }
    return args;
  }
  const record = args as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((k) => !spec.names.includes(k));
  if (unknownKeys.length > 0) {
    throw new Error(
      `${spec.function}: unknown argument(s) ${unknownKeys.join(', ')}; expected ${spec.names.join(', ')}.`,
    );
  }
  return spec.names.map((name) => {
    if (!(name in record)) throw new Error(`${spec.function}: argument ${name} is missing.`);
    return record[name];
  });
}

/** Builds the `arguments` of a `moveCall` from what the caller gave (a tuple or an object keyed by name). */
export function normalizeMoveArguments(tx: Transaction, args: unknown, spec: CallSpec): TransactionArgument[] {
  const values = supplied(args, spec);
  let next = 0;
  return spec.parameters.map((param): TransactionArgument => {
    if (param.kind === 'implicit') {
      if (param.object === 'clock') return tx.object.clock();
      if (param.object === 'random') return tx.object.random();
      return tx.object.denyList();
    }
    const name = spec.names[next]!;
    const value = values[next++];
    if (isTransactionArgument(value)) return value;
    switch (param.kind) {
      case 'object':
        if (typeof value !== 'string') {
          throw new Error(`${spec.function}: argument ${name} must be an object id or a transaction argument.`);
        }
        return tx.object(value);
      case 'pure':
        try {
          return tx.pure(param.bcs.serialize(value));
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          throw new Error(`${spec.function}: argument ${name} is not a valid ${param.bcs.name}: ${reason}`);
        }
      case 'argument':
        throw new Error(
          `${spec.function}: argument ${name} must be a transaction argument (the result of another command).`,
        );
    }
  });
}
