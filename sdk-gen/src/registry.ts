// Decoding by Move type tag: events, objects and dynamic fields (`0x2::dynamic_field::Field<K, V>`) of a deployment.
// Every package id of the walrus lineage resolves to the same generated types, so tags carrying an upgraded
// package's id decode like tags carrying the original one.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import * as integers from './runtime/integers.ts';
import { normalizeStructTag, normalizeSuiAddress, parseStructTag } from '@mysten/sui/utils';
import { type Deployment, originalWalrusPackageId } from './deployment.ts';
import { DATATYPES } from './generated/registry.ts';
import type { GeneratedDatatype, PhantomTypeArgument } from './runtime/types.ts';

type StructTag = ReturnType<typeof parseStructTag>;

export class UnknownTypeError extends Error {
  readonly typeTag: string;
  constructor(typeTag: string, reason: string) {
    super(`cannot decode ${typeTag}: ${reason}`);
    this.name = 'UnknownTypeError';
    this.typeTag = typeTag;
  }
}

export interface TypeRegistry {
  /** The BCS type for `typeTag`, or undefined when the tag names a type outside our packages and the catalog. */
  decoderFor(typeTag: string): BcsType<any, any> | undefined;
  /** Decodes `bytes` as `typeTag`; throws UnknownTypeError for types it cannot decode. */
  decode(typeTag: string, bytes: Uint8Array): unknown;
  /** `typeTag` with every package id of our packages replaced by the id types carry (the original one). */
  canonicalTypeTag(typeTag: string): string;
  /** The package alias (`wal`, `walrus`, `std`, `sui`) of an address, or undefined when it is not ours. */
  packageAliasOf(address: string): string | undefined;
}

const PRIMITIVES: Readonly<Record<string, () => BcsType<any, any>>> = {
  bool: () => bcs.bool(),
  u8: () => bcs.u8(),
  u16: () => bcs.u16(),
  u32: () => bcs.u32(),
  u64: integers.u64,
  u128: integers.u128,
  u256: integers.u256,
  address: () => bcs.Address,
};

function addressAliases(deployment: Deployment): Map<string, string> {
  const aliases = new Map<string, string>([
    [normalizeSuiAddress('0x1'), 'std'],
    [normalizeSuiAddress('0x2'), 'sui'],
    [normalizeSuiAddress(deployment.walPackageId), 'wal'],
  ]);
  for (const id of deployment.walrusPackageIds) aliases.set(normalizeSuiAddress(id), 'walrus');
  return aliases;
}

function typeArgString(arg: string | StructTag): string {
  return typeof arg === 'string' ? arg : normalizeStructTag(arg);
}

export function createTypeRegistry(
  deployment: Deployment,
  datatypes: readonly GeneratedDatatype[] = DATATYPES,
): TypeRegistry {
  const aliases = addressAliases(deployment);
  const canonicalAddress: Record<string, string> = {
    wal: normalizeSuiAddress(deployment.walPackageId),
    walrus: normalizeSuiAddress(originalWalrusPackageId(deployment)),
    std: normalizeSuiAddress('0x1'),
    sui: normalizeSuiAddress('0x2'),
  };
  const byKey = new Map(datatypes.map((d) => [`${d.pkg}::${d.module}::${d.name}`, d]));
  const cache = new Map<string, BcsType<any, any> | undefined>();

  const resolveStruct = (tag: StructTag): BcsType<any, any> | undefined => {
    const alias = aliases.get(normalizeSuiAddress(tag.address));
    if (alias === undefined) return undefined;
    const entry = byKey.get(`${alias}::${tag.module}::${tag.name}`);
    if (entry === undefined) return undefined;
    if (entry.phantoms.length !== tag.typeParams.length) {
      throw new UnknownTypeError(
        normalizeStructTag(tag),
        `${alias}::${tag.module}::${tag.name} takes ${entry.phantoms.length} type argument(s), the tag has ${tag.typeParams.length}`,
      );
    }
    const args: (BcsType<any, any> | PhantomTypeArgument)[] = [];
    for (const [i, param] of tag.typeParams.entries()) {
      const resolved = resolve(typeArgString(param));
      if (resolved !== undefined) args.push(resolved);
      // A phantom argument only names the type, so a type we cannot decode is still fine there.
      else if (entry.phantoms[i]) args.push({ name: canonical(typeArgString(param)) });
      else return undefined;
    }
    return entry.bcs(args);
  };

  const resolve = (typeTag: string): BcsType<any, any> | undefined => {
    const tag = typeTag.trim();
    if (cache.has(tag)) return cache.get(tag);
    let result: BcsType<any, any> | undefined;
    const primitive = PRIMITIVES[tag];
    const vector = /^vector<(.+)>$/.exec(tag);
    if (primitive) result = primitive();
    else if (vector) {
      const inner = resolve(vector[1]!);
      result = inner === undefined ? undefined : bcs.vector(inner);
    } else if (tag.includes('::')) result = resolveStruct(parseStructTag(tag));
    cache.set(tag, result);
    return result;
  };

  const canonical = (typeTag: string): string => {
    const tag = typeTag.trim();
    const vector = /^vector<(.+)>$/.exec(tag);
    if (vector) return `vector<${canonical(vector[1]!)}>`;
    if (!tag.includes('::')) return tag;
    const rewrite = (t: StructTag): StructTag => {
      const alias = aliases.get(normalizeSuiAddress(t.address));
      return {
        address: alias === undefined ? t.address : canonicalAddress[alias]!,
        module: t.module,
        name: t.name,
        typeParams: t.typeParams.map((p) => (typeof p === 'string' ? canonical(p) : rewrite(p))),
      };
    };
    return normalizeStructTag(rewrite(parseStructTag(tag)));
  };

  return {
    decoderFor: resolve,
    decode(typeTag, bytes) {
      const type = resolve(typeTag);
      if (type === undefined) {
        throw new UnknownTypeError(
          typeTag,
          `no generated type for it in the ${deployment.network} deployment (is its package id in the Deployment's ` +
            'lineage, and is the SDK regenerated with `npm run sdk:gen`?)',
        );
      }
      return type.parse(bytes);
    },
    canonicalTypeTag: canonical,
    packageAliasOf: (address) => aliases.get(normalizeSuiAddress(address)),
  };
}

/** The type tag of one of our types in a deployment: `moveTypeTag(d, 'walrus', 'blob', 'Blob')`. */
export function moveTypeTag(
  deployment: Deployment,
  pkg: 'wal' | 'walrus',
  module: string,
  name: string,
  typeArgs: string[] = [],
): string {
  const address = pkg === 'wal' ? deployment.walPackageId : originalWalrusPackageId(deployment);
  const args = typeArgs.length > 0 ? `<${typeArgs.join(', ')}>` : '';
  return normalizeStructTag(`${address}::${module}::${name}${args}`);
}
