// Move type tags of events: which package and module define them, and the upgrade-stable name (every lineage
// package id replaced by the original id).
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { PackageLineage } from '../../config/deployment.ts';

const ADDRESS = /0x[0-9a-fA-F]+/g;

export interface StructTagHead {
  address: string;
  module: string;
  name: string;
}

/** Address, module and name of the outermost struct of a type tag (`0x..::m::N<...>`); undefined if malformed. */
export function structTagHead(typeTag: string): StructTagHead | undefined {
  const end = typeTag.indexOf('<');
  const head = end < 0 ? typeTag : typeTag.slice(0, end);
  const parts = head.split('::');
  if (parts.length !== 3 || !parts[0]!.startsWith('0x') || !parts[1] || !parts[2]) return undefined;
  return { address: normalizeSuiAddress(parts[0]!), module: parts[1], name: parts[2] };
}

/** The type tag with normalised addresses, lineage ids replaced by the original package id. */
export function originalTypeName(typeTag: string, lineage: PackageLineage): string {
  return typeTag.replace(ADDRESS, (address) => {
    const normalized = normalizeSuiAddress(address);
    return lineage.ids.has(normalized) ? lineage.originalId : normalized;
  });
}
