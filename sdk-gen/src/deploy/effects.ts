// Reading what an executed deployment transaction created, from its effects and the types of changed objects.
import type { SuiClientTypes } from '@mysten/sui/client';
import { normalizeStructTag, normalizeSuiAddress, parseStructTag } from '@mysten/sui/utils';

/** The parts of an executed transaction a deployment step reads. */
export interface ExecutedTransaction {
  digest: string;
  effects: Pick<SuiClientTypes.TransactionEffects, 'changedObjects'>;
  /** Object id -> full Move type, for every changed object. */
  objectTypes: Record<string, string>;
}

/** The transaction of a result, or an error naming the step and the failure (e.g. a Move abort). */
export function successfulTransaction<T extends { digest: string; status: SuiClientTypes.ExecutionStatus }>(
  step: string,
  result: { $kind: 'Transaction'; Transaction: T } | { $kind: 'FailedTransaction'; FailedTransaction: T },
): T {
  if (result.$kind === 'Transaction') return result.Transaction;
  const failed = result.FailedTransaction;
  const error = failed.status.success ? 'unknown failure' : failed.status.error.message;
  throw new Error(`${step} failed in transaction ${failed.digest}: ${error}`);
}

function created(tx: ExecutedTransaction) {
  return tx.effects.changedObjects.filter((o) => o.idOperation === 'Created');
}

/** The id of the package the transaction published; fails unless exactly one was. */
export function publishedPackageId(step: string, tx: ExecutedTransaction): string {
  const packages = created(tx).filter((o) => o.outputState === 'PackageWrite');
  if (packages.length !== 1) {
    throw new Error(
      `${step}: expected transaction ${tx.digest} to publish one package, it published ${packages.length}`,
    );
  }
  return normalizeSuiAddress(packages[0]!.objectId);
}

function sameStructType(actual: string, expected: string): boolean {
  try {
    const a = parseStructTag(normalizeStructTag(actual));
    const e = parseStructTag(normalizeStructTag(expected));
    return a.address === e.address && a.module === e.module && a.name === e.name;
  } catch {
    // Not a struct type (e.g. the `package` marker of a published package): cannot be the object sought.
    return false;
  }
}

/**
 * The id of the one object of struct type `type` (`0x..::module::Name`, type arguments ignored) that the
 * transaction created; fails when there is none or more than one.
 */
export function createdObjectId(step: string, tx: ExecutedTransaction, type: string): string {
  const matches = created(tx).filter((o) => {
    const actual = tx.objectTypes[o.objectId] ?? tx.objectTypes[normalizeSuiAddress(o.objectId)];
    return actual !== undefined && sameStructType(actual, type);
  });
  if (matches.length !== 1) {
    throw new Error(
      `${step}: expected transaction ${tx.digest} to create one ${type}, it created ${matches.length}` +
        (matches.length === 0 ? ' (were object types requested with the effects?)' : ''),
    );
  }
  return normalizeSuiAddress(matches[0]!.objectId);
}
