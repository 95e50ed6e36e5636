// Which on-chain deployment the indexer follows. The `Deployment` type, Walrus's presets and the deployment file
// format come from the SDK (`@open-walrus/sdk`); this module only adds the lookup the events pipeline needs and
// the composition of a preset with command-line ids.
import { type Deployment, DeploymentError, loadDeployment, parseDeployment, WALRUS_PRESETS } from '@open-walrus/sdk';
import { normalizeSuiAddress } from '@mysten/sui/utils';

export type DeploymentName = 'local' | 'testnet' | 'mainnet';

/** Ids given on the command line, completing or overriding the preset / deployment file. */
export interface DeploymentOverrides {
  /** Walrus package lineage, original first (placed before the preset's ids). */
  walrusPackageIds?: readonly string[];
  /** The whole walrus lineage, original first (e.g. read from the chain): replaces the preset's ids. */
  walrusLineage?: readonly string[];
  walPackageId?: string;
  systemObjectId?: string;
  stakingObjectId?: string;
  /** A deployment file (our publish output), the base instead of the preset. */
  file?: string;
}

/**
 * The deployment for `name`: the SDK's preset (testnet / mainnet) or a deployment file, completed by the
 * overrides. Fails with the SDK's message naming the missing or malformed field.
 */
export function resolveDeployment(name: DeploymentName, overrides: DeploymentOverrides = {}): Deployment {
  const base: Record<string, unknown> = overrides.file
    ? { ...loadDeployment(overrides.file) }
    : name === 'local'
      ? { network: 'localnet' }
      : { ...WALRUS_PRESETS[name] };
  const presetIds = overrides.walrusLineage ?? (base.walrusPackageIds as string[] | undefined) ?? [];
  const flagIds = (overrides.walrusPackageIds ?? []).map((id) => normalizeSuiAddress(id));
  const merged = {
    ...base,
    walrusPackageIds: [...new Set([...flagIds, ...presetIds.map((id) => normalizeSuiAddress(id))])],
    ...(overrides.walPackageId ? { walPackageId: overrides.walPackageId } : {}),
    ...(overrides.systemObjectId ? { systemObjectId: overrides.systemObjectId } : {}),
    ...(overrides.stakingObjectId ? { stakingObjectId: overrides.stakingObjectId } : {}),
  };
  return parseDeployment(merged, `the ${name} deployment${overrides.file ? ` (${overrides.file})` : ''}`);
}

export { DeploymentError, type Deployment };

/** The walrus package lineage as a lookup: every id (normalised) maps to the original id. */
export interface PackageLineage {
  originalId: string;
  ids: ReadonlySet<string>;
}

/** Lineage lookup from package ids, original first (e.g. `deployment.walrusPackageIds`). */
export function packageLineage(packageIds: readonly string[]): PackageLineage {
  const ids = packageIds.map((id) => normalizeSuiAddress(id));
  const originalId = ids[0];
  if (originalId === undefined) throw new Error('a package lineage needs at least the original package id');
  return { originalId, ids: new Set(ids) };
}
