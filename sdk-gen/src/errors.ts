// Explains a failed transaction's Move abort by name: module + abort code → the error constant and its doc.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Deployment } from './deployment.ts';
import { ERROR_TABLES, PACKAGE_MODULES } from './generated/registry.ts';
import type { ErrorTable } from './runtime/types.ts';

/** The abort-code tables consulted: the generated ones unless a caller (or a test) brings its own. */
export interface ErrorCatalog {
  /** By `package::module`, e.g. `walrus::blob`. */
  tables: Readonly<Record<string, ErrorTable>>;
  /** Module names by package alias. */
  modules: Readonly<Record<string, readonly string[]>>;
}

export const GENERATED_ERRORS: ErrorCatalog = { tables: ERROR_TABLES, modules: PACKAGE_MODULES };

/** Where an abort happened, as reported by a node. */
export interface MoveAbortLocation {
  /** Package id of the aborting module, when known. */
  address?: string;
  module: string;
  function?: string;
  code: bigint;
}

export interface MoveAbortExplanation extends MoveAbortLocation {
  /** `walrus::blob` when the module is one of ours. */
  module: string;
  packageAlias?: string;
  /** The error constant's name, e.g. `EInvalidBlobId`, when the code is in the module's table. */
  name?: string;
  doc?: string;
  /** One line for people: what aborted, where, and why. */
  message: string;
}

const ABORT_PATTERN =
  /MoveAbort\(MoveLocation \{ module: ModuleId \{ address: (?:0x)?([0-9a-fA-F]+), name: Identifier\("(\w+)"\) \}, function: \d+, instruction: \d+, function_name: (?:Some\("(\w+)"\)|None) \}, (\d+)\)/;

/** Finds the abort in a node's error text (the `MoveAbort(MoveLocation { ... }, code)` form). */
export function parseMoveAbort(text: string): MoveAbortLocation | undefined {
  const match = ABORT_PATTERN.exec(text);
  if (!match) return undefined;
  const location: MoveAbortLocation = {
    address: normalizeSuiAddress(match[1]!),
    module: match[2]!,
    code: BigInt(match[4]!),
  };
  if (match[3] !== undefined) location.function = match[3];
  return location;
}

function aliasOf(
  location: MoveAbortLocation,
  deployment: Deployment | undefined,
  catalog: ErrorCatalog,
): string | undefined {
  if (location.address !== undefined && deployment !== undefined) {
    const address = normalizeSuiAddress(location.address);
    if (address === normalizeSuiAddress(deployment.walPackageId)) return 'wal';
    if (deployment.walrusPackageIds.some((id) => normalizeSuiAddress(id) === address)) return 'walrus';
    return undefined;
  }
  // Without a deployment, module names decide: they are unique across our packages.
  return Object.entries(catalog.modules).find(([, modules]) => modules.includes(location.module))?.[0];
}

/** Names the abort of `location`; `deployment` (optional) tells our package ids from others. */
export function explainAbort(
  location: MoveAbortLocation,
  deployment?: Deployment,
  catalog: ErrorCatalog = GENERATED_ERRORS,
): MoveAbortExplanation {
  const alias = aliasOf(location, deployment, catalog);
  const where = `${alias ?? location.address ?? '?'}::${location.module}${location.function ? `::${location.function}` : ''}`;
  const explanation: MoveAbortExplanation = { ...location, message: '' };
  if (alias === undefined) {
    explanation.message = `${where} aborted with code ${location.code} (not a module of our packages)`;
    return explanation;
  }
  explanation.packageAlias = alias;
  const table = catalog.tables[`${alias}::${location.module}`];
  const info = location.code <= BigInt(Number.MAX_SAFE_INTEGER) ? table?.[Number(location.code)] : undefined;
  if (table === undefined) {
    explanation.message = `${where} aborted with code ${location.code} (module not in the generated SDK; regenerate it)`;
  } else if (info === undefined) {
    explanation.message = `${where} aborted with code ${location.code}, which is not an error constant of the module`;
  } else {
    explanation.name = info.name;
    if (info.doc !== undefined) explanation.doc = info.doc;
    explanation.message = `${where} aborted with ${info.name} (${location.code})${info.doc ? `: ${info.doc}` : ''}`;
  }
  return explanation;
}

/** The abort of a client's structured `ExecutionError` (`{ $kind: 'MoveAbort', MoveAbort: { abortCode, location } }`). */
function fromExecutionError(error: unknown): MoveAbortLocation | undefined {
  if (typeof error !== 'object' || error === null || !('MoveAbort' in error)) return undefined;
  const abort = (error as { MoveAbort?: { abortCode?: unknown; location?: Record<string, unknown> } }).MoveAbort;
  const module = abort?.location?.module;
  if (typeof module !== 'string' || (typeof abort?.abortCode !== 'string' && typeof abort?.abortCode !== 'number')) {
    return undefined;
  }
  const location: MoveAbortLocation = { module, code: BigInt(abort.abortCode) };
  if (typeof abort.location?.package === 'string') location.address = normalizeSuiAddress(abort.location.package);
  if (typeof abort.location?.functionName === 'string') location.function = abort.location.functionName;
  return location;
}

/**
 * Explains the Move abort inside an error: a client's structured `ExecutionError`, an `Error` or a string carrying
 * the node's `MoveAbort(MoveLocation { ... }, code)` text. Undefined when it is not a Move abort.
 */
export function explainMoveAbort(
  error: unknown,
  deployment?: Deployment,
  catalog: ErrorCatalog = GENERATED_ERRORS,
): MoveAbortExplanation | undefined {
  const structured = fromExecutionError(error);
  if (structured !== undefined) return explainAbort(structured, deployment, catalog);
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const location = parseMoveAbort(text ?? '');
  return location === undefined ? undefined : explainAbort(location, deployment, catalog);
}
