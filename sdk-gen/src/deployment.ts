// Where the packages and shared objects of one Walrus deployment live. Generated code never contains an id:
// builders take the package id from here, and the type registry maps every id of the lineage back to the original.
import { readFileSync } from 'node:fs';
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';

export interface Deployment {
  /** Free-form network name (`mainnet`, `testnet`, `localnet`, ...), for messages. */
  network: string;
  /** Id of the `wal` package. */
  walPackageId: string;
  /**
   * Ids of the `walrus` package's upgrade lineage, original first, current last. Types keep the id of the package
   * version that first defined them; calls go to the current (last) id.
   */
  walrusPackageIds: string[];
  /** Shared `System` object. */
  systemObjectId: string;
  /** Shared `Staking` object. */
  stakingObjectId: string;
  /** Shared `ProtectedTreasury` of the `wal` package, when known. */
  walTreasuryObjectId?: string;
  /** Shared `UpgradeManager`, when known. */
  upgradeManagerObjectId?: string;
}

/** What is known of a network before its package ids are looked up: at least its shared objects. */
export type DeploymentPreset = Partial<Deployment> & Pick<Deployment, 'network' | 'systemObjectId' | 'stakingObjectId'>;

/**
 * Walrus's own deployments (spec section 3.3). For mainnet only the current walrus package id is listed there,
 * not the original one; events of types defined by the original version carry that original id, so complete the
 * lineage (`walrusPackageIds`) before decoding mainnet events. For testnet no package id is listed: read it from the
 * System object (`package_id`) and pass it to `deploymentFor`.
 */
export const WALRUS_PRESETS: Readonly<Record<'mainnet' | 'testnet', DeploymentPreset>> = {
  mainnet: {
    network: 'mainnet',
    walPackageId: '0x356a26eb9e012a68958082340d4c4116e7f55615cf27affcff209cf0ae544f59',
    walrusPackageIds: ['0xfdc88f7d7cf30afab2f82e8380d11ee8f70efb90e863d1de8616fae1bb09ea77'],
    systemObjectId: '0x2134d52768ea07e8c43570ef975eb3e4c27a39fa6396bef985b5abc58d03ddd2',
    stakingObjectId: '0x10b9d30c28448939ce6c4d6c6e0ffce4a7f8a4ada8248bdad09ef8b70e4a3904',
  },
  testnet: {
    network: 'testnet',
    systemObjectId: '0x6c2547cbbc38025cf3adac45f63cb0a8d12ecf777cdc75a4971612bf97fdf6af',
    stakingObjectId: '0xbe46180321c30aab2f8b3501e24048377287fa708018a5b7c2792b35fe339ee3',
  },
};

export class DeploymentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeploymentError';
  }
}

function id(value: unknown, field: string, source: string): string {
  if (
    typeof value !== 'string' ||
    !isValidSuiAddress(normalizeSuiAddress(value)) ||
    !/^(0x)?[0-9a-fA-F]+$/.test(value)
  ) {
    throw new DeploymentError(`${source}: ${field} must be a hex Sui object id, got ${JSON.stringify(value)}`);
  }
  return normalizeSuiAddress(value);
}

function optionalId(value: unknown, field: string, source: string): string | undefined {
  return value === undefined ? undefined : id(value, field, source);
}

/** Validates a deployment (from JSON or code); ids come back normalized (0x + 64 hex digits). */
export function parseDeployment(value: unknown, source = 'deployment'): Deployment {
  if (typeof value !== 'object' || value === null) throw new DeploymentError(`${source}: expected an object`);
  const v = value as Record<string, unknown>;
  if (typeof v.network !== 'string' || v.network.length === 0) {
    throw new DeploymentError(`${source}: network must be a non-empty string`);
  }
  if (!Array.isArray(v.walrusPackageIds) || v.walrusPackageIds.length === 0) {
    throw new DeploymentError(
      `${source}: walrusPackageIds must list the walrus package lineage, original first (got ${JSON.stringify(v.walrusPackageIds)})`,
    );
  }
  const lineage = v.walrusPackageIds.map((x, i) => id(x, `walrusPackageIds[${i}]`, source));
  if (new Set(lineage).size !== lineage.length) throw new DeploymentError(`${source}: walrusPackageIds has duplicates`);
  const deployment: Deployment = {
    network: v.network,
    walPackageId: id(v.walPackageId, 'walPackageId', source),
    walrusPackageIds: lineage,
    systemObjectId: id(v.systemObjectId, 'systemObjectId', source),
    stakingObjectId: id(v.stakingObjectId, 'stakingObjectId', source),
  };
  const treasury = optionalId(v.walTreasuryObjectId, 'walTreasuryObjectId', source);
  if (treasury !== undefined) deployment.walTreasuryObjectId = treasury;
  const upgradeManager = optionalId(v.upgradeManagerObjectId, 'upgradeManagerObjectId', source);
  if (upgradeManager !== undefined) deployment.upgradeManagerObjectId = upgradeManager;
  return deployment;
}

/** A preset completed with what it lacks (e.g. package ids read from the chain); fails naming missing fields. */
export function deploymentFor(preset: DeploymentPreset, extra: Partial<Deployment> = {}): Deployment {
  return parseDeployment({ ...preset, ...extra }, `${preset.network} deployment`);
}

/** Reads a deployment file: the JSON our publish step writes (the fields of `Deployment`). */
export function loadDeployment(path: string): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DeploymentError(
      `cannot read deployment file ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseDeployment(json, path);
}

/** The walrus package id calls go to: the newest of the lineage. */
export function currentWalrusPackageId(deployment: Deployment): string {
  return deployment.walrusPackageIds[deployment.walrusPackageIds.length - 1]!;
}

/** The id that types of the walrus package carry in their tags: the original of the lineage. */
export function originalWalrusPackageId(deployment: Deployment): string {
  return deployment.walrusPackageIds[0]!;
}
