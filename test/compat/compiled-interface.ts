// Reads the interface of compiled Move packages (the committed move/artifacts/<package>.json, base64 modules) with
// @mysten/move-bytecode-template, in the canonical text of type-text.ts: public functions, struct and enum layouts,
// and which modules call `sui::event::emit`. Abort-code names are not in bytecode; they are read from the sources.
import { deserialize } from '@mysten/move-bytecode-template';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Ability } from './spec-interface.ts';
import {
  type CanonicalSignature,
  type TypeNode,
  renderReturns,
  renderType,
  renderTypeParameter,
  sortAbilities,
} from './type-text.ts';

type Token =
  | string
  | { Vector: Token }
  | { Datatype: number }
  | { DatatypeInstantiation: [number, Token[]] }
  | { Reference: Token }
  | { MutableReference: Token }
  | { TypeParameter: number };

interface FieldJson {
  name: number;
  signature: Token;
}

/** The parts of the deserialized CompiledModule JSON read here. */
interface ModuleJson {
  self_module_handle_idx: number;
  module_handles: { address: number; name: number }[];
  datatype_handles: {
    module: number;
    name: number;
    abilities: number;
    type_parameters: { constraints: number; is_phantom: boolean }[];
  }[];
  function_handles: { module: number; name: number; parameters: number; return_: number; type_parameters: number[] }[];
  signatures: Token[][];
  identifiers: string[];
  address_identifiers: string[];
  struct_defs: { struct_handle: number; field_information: 'Native' | { Declared: FieldJson[] } }[];
  enum_defs?: { enum_handle: number; variants: { variant_name: number; fields: FieldJson[] }[] }[];
  function_defs: { function: number; visibility: 'Public' | 'Friend' | 'Private'; is_entry: boolean }[];
}

/** A struct or enum as compiled. Fields are `name: Type`; enum variants carry their own fields. */
export interface CompiledDatatype {
  name: string;
  kind: 'struct' | 'enum';
  abilities: Ability[];
  phantomTypeParameters: boolean[];
  fields: string[];
  variants: { name: string; fields: string[] }[];
}

export interface CompiledModule {
  name: string;
  datatypes: Map<string, CompiledDatatype>;
  /** Every function defined in the module, whatever its visibility. */
  functions: Map<string, CanonicalSignature>;
  /** True when the module calls `0x2::event::emit`. */
  emitsEvents: boolean;
}

const ABILITY_BITS: readonly [number, Ability][] = [
  [0x1, 'copy'],
  [0x2, 'drop'],
  [0x4, 'store'],
  [0x8, 'key'],
];

function abilitiesOf(bits: number): Ability[] {
  return sortAbilities(ABILITY_BITS.filter(([bit]) => (bits & bit) !== 0).map(([, ability]) => ability));
}

/** Names generic parameters as the spec does: `T` for a single one, `T0`, `T1`, ... otherwise. */
function typeParameterName(index: number, count: number): string {
  return count === 1 ? 'T' : `T${index}`;
}

const PRIMITIVE_TOKENS: Readonly<Record<string, string>> = {
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

/** `items[index]`, or an error naming the bytecode table that has no such entry. */
function at<T>(items: readonly T[], index: number, table: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`Bytecode table ${table} has no entry ${index}; the artifact is corrupt.`);
  return item;
}

function readModule(json: ModuleJson): CompiledModule {
  const id = (index: number): string => at(json.identifiers, index, 'identifiers');
  const moduleName = (handleIndex: number): string => id(at(json.module_handles, handleIndex, 'module_handles').name);
  const datatypeName = (index: number): string => {
    const handle = at(json.datatype_handles, index, 'datatype_handles');
    return `${moduleName(handle.module)}::${id(handle.name)}`;
  };
  const toNode = (token: Token, typeParameterCount: number): TypeNode => {
    if (typeof token === 'string') {
      const primitive = PRIMITIVE_TOKENS[token];
      if (primitive === undefined)
        throw new Error(`Unknown signature token "${token}" in bytecode; extend PRIMITIVE_TOKENS.`);
      return { kind: 'named', name: primitive, args: [] };
    }
    if ('Vector' in token) return { kind: 'named', name: 'vector', args: [toNode(token.Vector, typeParameterCount)] };
    if ('Reference' in token) return { kind: 'ref', mutable: false, to: toNode(token.Reference, typeParameterCount) };
    if ('MutableReference' in token) {
      return { kind: 'ref', mutable: true, to: toNode(token.MutableReference, typeParameterCount) };
    }
    if ('TypeParameter' in token) {
      return { kind: 'named', name: typeParameterName(token.TypeParameter, typeParameterCount), args: [] };
    }
    if ('Datatype' in token) return { kind: 'named', name: datatypeName(token.Datatype), args: [] };
    const [index, args] = token.DatatypeInstantiation;
    return { kind: 'named', name: datatypeName(index), args: args.map((arg) => toNode(arg, typeParameterCount)) };
  };
  const render = (token: Token, typeParameterCount: number): string => renderType(toNode(token, typeParameterCount));
  const renderFields = (fields: FieldJson[], typeParameterCount: number): string[] =>
    fields.map((field) => `${id(field.name)}: ${render(field.signature, typeParameterCount)}`);

  const datatypes = new Map<string, CompiledDatatype>();
  for (const definition of json.struct_defs) {
    const handle = at(json.datatype_handles, definition.struct_handle, 'datatype_handles');
    const count = handle.type_parameters.length;
    const declared = definition.field_information === 'Native' ? [] : definition.field_information.Declared;
    datatypes.set(id(handle.name), {
      name: id(handle.name),
      kind: 'struct',
      abilities: abilitiesOf(handle.abilities),
      phantomTypeParameters: handle.type_parameters.map((parameter) => parameter.is_phantom),
      fields: renderFields(declared, count),
      variants: [],
    });
  }
  for (const definition of json.enum_defs ?? []) {
    const handle = at(json.datatype_handles, definition.enum_handle, 'datatype_handles');
    const count = handle.type_parameters.length;
    datatypes.set(id(handle.name), {
      name: id(handle.name),
      kind: 'enum',
      abilities: abilitiesOf(handle.abilities),
      phantomTypeParameters: handle.type_parameters.map((parameter) => parameter.is_phantom),
      fields: [],
      variants: definition.variants.map((variant) => ({
        name: id(variant.variant_name),
        fields: renderFields(variant.fields, count),
      })),
    });
  }

  const functions = new Map<string, CanonicalSignature>();
  for (const definition of json.function_defs) {
    const handle = at(json.function_handles, definition.function, 'function_handles');
    const count = handle.type_parameters.length;
    const visibility =
      definition.visibility === 'Public'
        ? definition.is_entry
          ? 'public entry'
          : 'public'
        : definition.is_entry
          ? 'entry'
          : definition.visibility === 'Friend'
            ? 'package'
            : 'private';
    functions.set(id(handle.name), {
      name: id(handle.name),
      visibility,
      typeParameters: handle.type_parameters.map((bits, index) =>
        renderTypeParameter(typeParameterName(index, count), abilitiesOf(bits)),
      ),
      parameters: at(json.signatures, handle.parameters, 'signatures').map((token) => render(token, count)),
      returns: renderReturns(at(json.signatures, handle.return_, 'signatures').map((token) => render(token, count))),
    });
  }

  const emitsEvents = json.function_handles.some((handle) => {
    const module = at(json.module_handles, handle.module, 'module_handles');
    return (
      /^0*2$/.test(at(json.address_identifiers, module.address, 'address_identifiers')) &&
      id(module.name) === 'event' &&
      id(handle.name) === 'emit'
    );
  });

  return { name: moduleName(json.self_module_handle_idx), datatypes, functions, emitsEvents };
}

/** Reads every module of a committed artifact file (`{ modules: string[] }`, base64 bytecode). */
export function readArtifactModules(artifactPath: string): Map<string, CompiledModule> {
  let artifact: { modules?: unknown };
  try {
    artifact = JSON.parse(readFileSync(artifactPath, 'utf8')) as { modules?: unknown };
  } catch (error) {
    throw new Error(`Cannot read the Move artifact ${artifactPath} (${String(error)}); run \`npm run move:build\`.`);
  }
  if (!Array.isArray(artifact.modules)) throw new Error(`${artifactPath} has no "modules" array; rebuild it.`);
  const modules = new Map<string, CompiledModule>();
  for (const [index, encoded] of artifact.modules.entries()) {
    if (typeof encoded !== 'string') throw new Error(`${artifactPath}: module #${index} is not a base64 string.`);
    const compiled = readModule(deserialize(Buffer.from(encoded, 'base64')) as ModuleJson);
    modules.set(compiled.name, compiled);
  }
  return modules;
}

/** An error constant as declared in Move source: `const EName: u64 = N;`. */
export interface SourceErrorConstant {
  module: string;
  name: string;
  type: string;
  value: string;
  file: string;
}

function moveFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((entry) => {
      const path = join(directory, entry);
      if (statSync(path).isDirectory()) return moveFiles(path);
      return entry.endsWith('.move') ? [path] : [];
    });
}

/** Reads every `const E...` declared in the `.move` files under `sourcesDirectory`, by module. */
export function readSourceErrorConstants(sourcesDirectory: string): SourceErrorConstant[] {
  return moveFiles(sourcesDirectory).flatMap((file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\/[^\n]*/g, '');
    const module = /\bmodule\s+\w+::(\w+)/.exec(text)?.[1];
    if (module === undefined) throw new Error(`${file} declares no module; cannot attribute its constants.`);
    return [...text.matchAll(/\bconst\s+(E[A-Za-z0-9_]*)\s*:\s*([^=]+?)\s*=\s*([^;]+?)\s*;/g)].map(
      ([, name = '', type = '', value = '']) => ({ module, name, type, value: value.replace(/_/g, ''), file }),
    );
  });
}
