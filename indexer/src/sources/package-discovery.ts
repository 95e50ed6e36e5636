// Package discovery: the walrus package lineage and the WAL package of a deployment, read over gRPC from its
// `System` object when they are not configured (Walrus's testnet preset names no package; its mainnet preset only
// the current walrus package). The facts used (spec, section 3): the System object's type is defined by the
// original walrus package (types keep the id of the version that first defined them); its `package_id` field is
// the current package; the current package's type origins name every version that defined a type (the ids event
// and object types carry); and the walrus package depends on the `wal` package, which defines `wal::WAL`.
import { GrpcTypes, RpcError, SuiGrpcClient } from '@mysten/sui/grpc';
import { normalizeSuiAddress, parseStructTag } from '@mysten/sui/utils';
import { walrus } from '@open-walrus/sdk';
import { type BackoffPolicy, backoffDelayMs, sleep } from '../util/retry.ts';
import { isRetryableGrpcError } from './grpc.ts';
import type { SourceLogger } from './source.ts';

export interface DiscoveredPackages {
  /** The walrus lineage, original first, current last, the versions between in version order. */
  walrusPackageIds: string[];
  /** The `wal` package (the id `wal::WAL` carries). */
  walPackageId: string;
}

export interface PackageDiscoveryOptions {
  /** The full node (gRPC URL); used for messages, and for the client unless `client` is given. */
  url: string;
  /** The deployment's shared `System` object. */
  systemObjectId: string;
  /** Network name, for messages (`testnet`, `mainnet`). */
  network?: string;
  client?: SuiGrpcClient;
  /** Retries of a failed call (node unavailable, network); default about 5 s in all. */
  retry?: BackoffPolicy;
  log?: SourceLogger;
  signal?: AbortSignal;
}

const DISCOVERY_RETRY: BackoffPolicy = { initialMs: 200, maxMs: 2_000, maxAttempts: 5 };

/** The package ids could not be read from the chain; the message says what to configure instead. */
export class PackageDiscoveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PackageDiscoveryError';
  }
}

/** Addresses of Sui's own packages (std, sui, sui_system), never the WAL package. */
const FRAMEWORK = new Set(['0x1', '0x2', '0x3'].map((id) => normalizeSuiAddress(id)));

const SYSTEM_MASK = ['object_id', 'version', 'object_type', 'contents'];
const PACKAGE_MASK = [
  'object_id',
  'package.storage_id',
  'package.original_id',
  'package.version',
  'package.type_origins',
  'package.linkage',
];

const CONFIGURE =
  'give the ids instead: --package <walrus package ids, original first> and --wal-package <id> ' +
  '(or a --deployment-file)';

/** The object, or undefined when the node has none of that id; transient failures retried. */
async function getObject(
  client: SuiGrpcClient,
  objectId: string,
  paths: string[],
  options: PackageDiscoveryOptions,
): Promise<GrpcTypes.Object | undefined> {
  const policy = options.retry ?? DISCOVERY_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      const { response } = await client.ledgerService.getObject(
        { objectId, readMask: { paths } },
        { abort: options.signal },
      );
      return response.object;
    } catch (error) {
      if (error instanceof RpcError && error.code === 'NOT_FOUND') return undefined;
      if (options.signal?.aborted || !isRetryableGrpcError(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffDelayMs(policy, attempt);
      options.log?.warn(
        { err: error, objectId, source: `grpc:${options.url}`, attempt, delayMs },
        'reading an object for package discovery failed, retrying',
      );
      await sleep(delayMs, options.signal);
    }
  }
}

/** Reads the walrus lineage and the WAL package of the deployment whose `System` object is `systemObjectId`. */
export async function discoverWalrusPackages(options: PackageDiscoveryOptions): Promise<DiscoveredPackages> {
  const { url } = options;
  const where = `grpc:${url}`;
  const network = options.network ?? 'the';
  const systemObjectId = normalizeSuiAddress(options.systemObjectId);
  const client = options.client ?? new SuiGrpcClient({ network: 'custom', baseUrl: url, format: 'binary' });
  const fetch = async (objectId: string, paths: string[]) => {
    try {
      return await getObject(client, objectId, paths, options);
    } catch (error) {
      throw new PackageDiscoveryError(
        `cannot read object ${objectId} from ${where} to discover the walrus package ids: ` +
          `${error instanceof Error ? error.message : String(error)}; check the URL, or ${CONFIGURE}`,
        { cause: error },
      );
    }
  };

  // 1. The System object: its type names the original package, its package_id field the current one.
  const system = await fetch(systemObjectId, SYSTEM_MASK);
  if (system === undefined) {
    throw new PackageDiscoveryError(
      `the ${network} System object ${systemObjectId} was not found on ${where}, so the walrus package ids cannot ` +
        'be discovered. Check that the full node serves that network and that the object id is current ' +
        `(testnet is redeployed now and then: --system-object / --staking-object), or ${CONFIGURE}`,
    );
  }
  const type = system.objectType ?? system.contents?.name;
  const tag = type ? safeStructTag(type) : undefined;
  if (tag === undefined || tag.module !== 'system' || tag.name !== 'System' || tag.typeParams.length > 0) {
    throw new PackageDiscoveryError(
      `object ${systemObjectId} on ${where} is ${type ? `a ${type}` : 'of an unknown type'}, not a walrus ` +
        `::system::System; check --system-object, or ${CONFIGURE}`,
    );
  }
  const contents = system.contents?.value;
  if (contents === undefined) {
    throw new PackageDiscoveryError(`${where} returned the System object ${systemObjectId} without its contents`);
  }
  let fields: walrus.system.System;
  try {
    fields = walrus.system.System.parse(contents);
  } catch (error) {
    throw new PackageDiscoveryError(
      `the System object ${systemObjectId} on ${where} does not decode as walrus::system::System ` +
        `(${error instanceof Error ? error.message : String(error)}); ${CONFIGURE}`,
      { cause: error },
    );
  }
  const original = normalizeSuiAddress(tag.address);
  const current = normalizeSuiAddress(fields.package_id);

  // 2. The current package: which versions defined the types, and its dependencies.
  const packageOf = async (id: string, role: string): Promise<GrpcTypes.Package> => {
    const object = await fetch(id, PACKAGE_MASK);
    if (object?.package === undefined) {
      throw new PackageDiscoveryError(
        `the ${role} package ${id} (named by the System object ${systemObjectId}) was not found on ${where}` +
          `${object ? ' (the object is not a package)' : ''}; ${CONFIGURE}`,
      );
    }
    return object.package;
  };
  const currentPackage = await packageOf(current, 'current walrus');
  const lineageOriginal = normalizeSuiAddress(currentPackage.originalId ?? current);
  if (lineageOriginal !== original) {
    throw new PackageDiscoveryError(
      `the System object ${systemObjectId} is of a type defined by ${original}, but its package_id ${current} ` +
        `belongs to the lineage of ${lineageOriginal}; ${CONFIGURE}`,
    );
  }
  const definers = new Set(currentPackage.typeOrigins.map((origin) => normalizeSuiAddress(origin.packageId ?? '0x0')));
  definers.delete(original);
  definers.delete(current);
  const between: Array<{ id: string; version: bigint }> = [];
  for (const id of definers) {
    const pkg = await packageOf(id, 'walrus');
    between.push({ id, version: pkg.version ?? 0n });
  }
  between.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  const walrusPackageIds = [...new Set([original, ...between.map((p) => p.id), current])];

  // 3. The WAL package: the dependency that defines wal::WAL.
  const candidates = currentPackage.linkage
    .map((link) => normalizeSuiAddress(link.upgradedId ?? link.originalId ?? '0x0'))
    .filter((id) => !FRAMEWORK.has(id));
  const wal: string[] = [];
  for (const id of candidates) {
    const pkg = await packageOf(id, 'dependency of the walrus');
    const origin = pkg.typeOrigins.find((o) => o.moduleName === 'wal' && o.datatypeName === 'WAL');
    if (origin?.packageId) wal.push(normalizeSuiAddress(origin.packageId));
  }
  if (wal.length !== 1) {
    throw new PackageDiscoveryError(
      `cannot tell the WAL package from the dependencies of walrus package ${current} on ${where} ` +
        `(${wal.length === 0 ? 'none defines wal::WAL' : `several define wal::WAL: ${wal.join(', ')}`}); ` +
        'give it with --wal-package <id>',
    );
  }
  options.log?.info(
    { systemObjectId, walrusPackageIds, walPackageId: wal[0], source: where },
    'discovered the walrus package ids from the System object',
  );
  return { walrusPackageIds, walPackageId: wal[0]! };
}

function safeStructTag(type: string): ReturnType<typeof parseStructTag> | undefined {
  try {
    return parseStructTag(type);
  } catch {
    return undefined;
  }
}
