// Publication metadata handed to the compiler so it links a dependency at its published address instead of 0x0.
import { normalizeSuiAddress } from '@mysten/sui/utils';

export interface PackagePublication {
  /** Package-manager environment the record is for (the build's, see `BUILD_ENVIRONMENT`). */
  environment: string;
  /** Chain identifier of the network the package lives on, recorded for readers of the file. */
  chainId: string;
  /** Id of the package's current version: what dependents link against. */
  publishedAt: string;
  /** Id of the package's first version: the address its types and modules carry. Defaults to `publishedAt`. */
  originalId?: string;
  /** Package version, 1 for a fresh publish. */
  version?: number;
}

/** A `Published.toml` holding one environment's record, in the layout the Sui package manager writes. */
export function publishedToml(publication: PackagePublication): string {
  if (!/^[A-Za-z0-9_-]+$/.test(publication.environment)) {
    throw new Error(`publication environment ${JSON.stringify(publication.environment)} is not a bare TOML key`);
  }
  if (!/^[0-9A-Za-z]+$/.test(publication.chainId)) {
    throw new Error(`chain id ${JSON.stringify(publication.chainId)} must be alphanumeric (hex or base58)`);
  }
  const version = publication.version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new Error(`package version must be >= 1, got ${version}`);
  const publishedAt = normalizeSuiAddress(publication.publishedAt);
  const originalId = normalizeSuiAddress(publication.originalId ?? publication.publishedAt);
  return [
    `[published.${publication.environment}]`,
    `chain-id = "${publication.chainId}"`,
    `published-at = "${publishedAt}"`,
    `original-id = "${originalId}"`,
    `version = ${version}`,
    '',
  ].join('\n');
}
