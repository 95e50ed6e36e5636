// Test support: a deterministic sample value for any generated Move type, in decoded form (u64 and wider as
// strings, addresses normalized, Option as value-or-null), so that decode(encode(v)) equals v.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { DatatypeAbi, FieldAbi, MoveType } from '../codegen/abi.ts';
import { frameworkPackages } from '../codegen/framework-catalog.ts';
import { readGeneratorInput, readPackages } from '../codegen/generate.ts';
import { REPO_ROOT } from '../move/workspace.ts';

export const SAMPLE_ADDRESS = normalizeSuiAddress('0xa11ce');
export const SAMPLE_ID = normalizeSuiAddress('0xb0b');

/** Every datatype's ABI (framework catalog and our artifacts), by `pkg::module::Name`. */
export const DATATYPE_ABIS: ReadonlyMap<string, DatatypeAbi> = (() => {
  const abis = new Map<string, DatatypeAbi>();
  for (const p of [...frameworkPackages(), ...readPackages(readGeneratorInput(REPO_ROOT))]) {
    for (const m of p.modules) for (const d of m.datatypes) abis.set(`${p.alias}::${m.name}::${d.name}`, d);
  }
  return abis;
})();

function fieldsOf(fields: FieldAbi[], args: MoveType[], depth: number): Record<string, unknown> {
  return Object.fromEntries(fields.map((f, i) => [f.name, sample(f.type, args, depth + i + 1)]));
}

function sample(type: MoveType, args: MoveType[], depth: number): unknown {
  switch (type.kind) {
    case 'bool':
      return depth % 2 === 0;
    case 'u8':
    case 'u16':
    case 'u32':
      return 7 + depth;
    case 'u64':
    case 'u128':
    case 'u256':
      return String(1000 + depth);
    case 'address':
      return SAMPLE_ADDRESS;
    case 'vector':
      return [sample(type.of, args, depth + 1), sample(type.of, args, depth + 2)];
    case 'typeParam':
      return sample(args[type.index]!, [], depth);
    case 'datatype': {
      const key = `${type.ref.pkg}::${type.ref.module}::${type.ref.name}`;
      const resolved = type.typeArgs.map((t) => (t.kind === 'typeParam' ? args[t.index]! : t));
      if (key === 'std::string::String' || key === 'std::ascii::String') return `text${depth}`;
      if (key === 'sui::object::ID') return SAMPLE_ID;
      if (key === 'std::option::Option') return sample(resolved[0]!, [], depth + 1);
      const abi = DATATYPE_ABIS.get(key);
      if (abi === undefined) throw new Error(`no ABI for ${key}`);
      if (abi.kind === 'enum') {
        // The last variant: usually the one with the most fields.
        const variant = abi.variants[abi.variants.length - 1]!;
        return { [variant.name]: variant.fields.length === 0 ? true : fieldsOf(variant.fields, resolved, depth) };
      }
      return fieldsOf(abi.fields, resolved, depth);
    }
    default:
      throw new Error(`no sample value for a ${type.kind}`);
  }
}

/** A sample value of `type`; type parameters are instantiated from the datatype's own type arguments. */
export function sampleValue(type: MoveType): unknown {
  return sample(type, type.kind === 'datatype' ? type.typeArgs : [], 0);
}

/** Decoded enums carry `$kind` (the variant's name) next to the variant; checks it and removes it. */
export function withoutEnumKinds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEnumKinds);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const kind = (value as { $kind?: unknown }).$kind;
  if (kind !== undefined) {
    const variants = entries.map(([k]) => k).filter((k) => k !== '$kind');
    if (variants.length !== 1 || variants[0] !== kind)
      throw new Error(`enum value ${JSON.stringify(variants)} has $kind ${String(kind)}`);
  }
  return Object.fromEntries(entries.filter(([k]) => k !== '$kind').map(([k, v]) => [k, withoutEnumKinds(v)]));
}
