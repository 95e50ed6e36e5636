// Reads module ABIs from compiled Move bytecode with @mysten/move-bytecode-template (`deserialize` returns the
// CompiledModule as JSON). Names of constants and parameters are not in bytecode; see sources.ts for those.
import { deserialize } from '@mysten/move-bytecode-template';
import type { Ability, DatatypeAbi, DatatypeRef, FieldAbi, FunctionAbi, MoveType, TypeParameter } from './abi.ts';

/** The parts of the deserialized CompiledModule JSON that the generator reads. */
interface CompiledModuleJson {
  self_module_handle_idx: number;
  module_handles: { address: number; name: number }[];
  datatype_handles: { module: number; name: number; abilities: number; type_parameters: TypeParamJson[] }[];
  function_handles: { module: number; name: number; parameters: number; return_: number; type_parameters: number[] }[];
  signatures: SignatureTokenJson[][];
  identifiers: string[];
  address_identifiers: string[];
  struct_defs: { struct_handle: number; field_information: 'Native' | { Declared: FieldJson[] } }[];
  enum_defs?: { enum_handle: number; variants: { variant_name: number; fields: FieldJson[] }[] }[];
  function_defs: { function: number; visibility: 'Public' | 'Friend' | 'Private'; is_entry: boolean }[];
}

interface TypeParamJson {
  constraints: number;
  is_phantom: boolean;
}

interface FieldJson {
  name: number;
  signature: SignatureTokenJson;
}

type SignatureTokenJson =
  | string
  | { Vector: SignatureTokenJson }
  | { Datatype: number }
  | { DatatypeInstantiation: [number, SignatureTokenJson[]] }
  | { Reference: SignatureTokenJson }
  | { MutableReference: SignatureTokenJson }
  | { TypeParameter: number };

/** A module as read from bytecode, before source-derived names are attached. */
export interface BytecodeModule {
  name: string;
  datatypes: DatatypeAbi[];
  functions: FunctionAbi[];
}

/** Maps a module's (address, module name) to the alias of the package that defines it. */
export type PackageResolver = (address: string, module: string) => string;

const FRAMEWORK_ALIASES: Readonly<Record<string, string>> = {
  '0000000000000000000000000000000000000000000000000000000000000001': 'std',
  '0000000000000000000000000000000000000000000000000000000000000002': 'sui',
};

/**
 * Resolves framework addresses to `std`/`sui`, and every other address by module name: local packages are compiled
 * unpublished, so their modules all sit at 0x0 and only the module name says which package they belong to.
 */
export function resolverFor(moduleOwners: ReadonlyMap<string, string>): PackageResolver {
  return (address, module) => {
    const framework = FRAMEWORK_ALIASES[address.replace(/^0x/, '').padStart(64, '0')];
    if (framework !== undefined) return framework;
    const owner = moduleOwners.get(module);
    if (owner === undefined) {
      throw new Error(
        `bytecode references module ${module} at 0x${address}, which is neither framework (0x1, 0x2) nor in any ` +
          `artifact under move/artifacts; build the package that defines it (npm run move:build).`,
      );
    }
    return owner;
  };
}

export function abilitiesOf(mask: number): Ability[] {
  const out: Ability[] = [];
  if (mask & 0x1) out.push('copy');
  if (mask & 0x2) out.push('drop');
  if (mask & 0x4) out.push('store');
  if (mask & 0x8) out.push('key');
  return out;
}

function typeParamsOf(params: TypeParamJson[]): TypeParameter[] {
  return params.map((p) => ({ phantom: p.is_phantom, constraints: abilitiesOf(p.constraints) }));
}

const PRIMITIVES: Readonly<Record<string, MoveType['kind']>> = {
  Bool: 'bool',
  U8: 'u8',
  U16: 'u16',
  U32: 'u32',
  U64: 'u64',
  U128: 'u128',
  U256: 'u256',
  Address: 'address',
  Signer: 'signer',
};

/** Decodes one compiled module into the generator's ABI shape. */
export function readModule(bytes: Uint8Array, resolve: PackageResolver): BytecodeModule {
  const m = deserialize(bytes) as CompiledModuleJson;
  const ident = (i: number): string => {
    const name = m.identifiers[i];
    if (name === undefined) throw new Error(`identifier index ${i} out of range in a compiled module`);
    return name;
  };
  const selfHandle = m.module_handles[m.self_module_handle_idx]!;
  const moduleName = ident(selfHandle.name);

  const isKey = (handleIndex: number): boolean => (m.datatype_handles[handleIndex]!.abilities & 0x8) !== 0;
  const datatypeRef = (handleIndex: number): DatatypeRef => {
    const handle = m.datatype_handles[handleIndex]!;
    const mod = m.module_handles[handle.module]!;
    const address = m.address_identifiers[mod.address]!;
    const module = ident(mod.name);
    return { pkg: resolve(address, module), module, name: ident(handle.name) };
  };

  const toType = (token: SignatureTokenJson): MoveType => {
    if (typeof token === 'string') {
      const kind = PRIMITIVES[token];
      if (kind === undefined) throw new Error(`unknown signature token ${token} in module ${moduleName}`);
      return { kind } as MoveType;
    }
    if ('Vector' in token) return { kind: 'vector', of: toType(token.Vector) };
    if ('Datatype' in token)
      return { kind: 'datatype', ref: datatypeRef(token.Datatype), typeArgs: [], key: isKey(token.Datatype) };
    if ('DatatypeInstantiation' in token) {
      const [handle, args] = token.DatatypeInstantiation;
      return { kind: 'datatype', ref: datatypeRef(handle), typeArgs: args.map(toType), key: isKey(handle) };
    }
    if ('Reference' in token) return { kind: 'reference', mutable: false, to: toType(token.Reference) };
    if ('MutableReference' in token) return { kind: 'reference', mutable: true, to: toType(token.MutableReference) };
    if ('TypeParameter' in token) return { kind: 'typeParam', index: token.TypeParameter };
    throw new Error(`unknown signature token ${JSON.stringify(token)} in module ${moduleName}`);
  };

  const fieldsOf = (fields: FieldJson[]): FieldAbi[] =>
    fields.map((f) => ({ name: ident(f.name), type: toType(f.signature) }));

  const datatypes: DatatypeAbi[] = [];
  for (const def of m.struct_defs) {
    const handle = m.datatype_handles[def.struct_handle]!;
    if (def.field_information === 'Native') {
      throw new Error(`native struct ${moduleName}::${ident(handle.name)} cannot be described in BCS`);
    }
    datatypes.push({
      kind: 'struct',
      name: ident(handle.name),
      abilities: abilitiesOf(handle.abilities),
      typeParameters: typeParamsOf(handle.type_parameters),
      fields: fieldsOf(def.field_information.Declared),
    });
  }
  for (const def of m.enum_defs ?? []) {
    const handle = m.datatype_handles[def.enum_handle]!;
    datatypes.push({
      kind: 'enum',
      name: ident(handle.name),
      abilities: abilitiesOf(handle.abilities),
      typeParameters: typeParamsOf(handle.type_parameters),
      variants: def.variants.map((v) => ({ name: ident(v.variant_name), fields: fieldsOf(v.fields) })),
    });
  }

  const functions: FunctionAbi[] = m.function_defs.map((def) => {
    const handle = m.function_handles[def.function]!;
    return {
      name: ident(handle.name),
      visibility: def.visibility === 'Public' ? 'public' : def.visibility === 'Friend' ? 'package' : 'private',
      isEntry: def.is_entry,
      typeParameters: handle.type_parameters.map((mask) => ({ phantom: false, constraints: abilitiesOf(mask) })),
      parameters: (m.signatures[handle.parameters] ?? []).map(toType),
      returns: (m.signatures[handle.return_] ?? []).map(toType),
    };
  });

  return { name: moduleName, datatypes, functions };
}

/** The module name of a compiled module, for building the module → package map before full decoding. */
export function moduleNameOf(bytes: Uint8Array): string {
  const m = deserialize(bytes) as CompiledModuleJson;
  return m.identifiers[m.module_handles[m.self_module_handle_idx]!.name]!;
}
