// The generator's view of a Move package: plain data, independent of where it was read from (bytecode or the
// framework catalog). Everything the emitters need, nothing they have to look up again.

/** Where a datatype lives. `pkg` is a package alias: `wal`, `walrus` (our packages) or `std`, `sui` (framework). */
export interface DatatypeRef {
  pkg: string;
  module: string;
  name: string;
}

export type MoveType =
  | { kind: 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256' | 'address' | 'signer' }
  | { kind: 'vector'; of: MoveType }
  /** `key` is the declared ability of the datatype (known from bytecode handles; absent in catalog entries). */
  | { kind: 'datatype'; ref: DatatypeRef; typeArgs: MoveType[]; key?: boolean }
  | { kind: 'typeParam'; index: number }
  | { kind: 'reference'; mutable: boolean; to: MoveType };

export type Ability = 'copy' | 'drop' | 'store' | 'key';

export interface TypeParameter {
  phantom: boolean;
  constraints: Ability[];
}

export interface FieldAbi {
  name: string;
  type: MoveType;
}

export interface StructAbi {
  kind: 'struct';
  name: string;
  abilities: Ability[];
  typeParameters: TypeParameter[];
  /** In declaration (= BCS) order. */
  fields: FieldAbi[];
  doc?: string;
}

export interface VariantAbi {
  name: string;
  fields: FieldAbi[];
}

export interface EnumAbi {
  kind: 'enum';
  name: string;
  abilities: Ability[];
  typeParameters: TypeParameter[];
  /** In declaration (= BCS tag) order. */
  variants: VariantAbi[];
  doc?: string;
}

export type DatatypeAbi = StructAbi | EnumAbi;

export interface FunctionAbi {
  name: string;
  visibility: 'public' | 'package' | 'private';
  isEntry: boolean;
  typeParameters: TypeParameter[];
  parameters: MoveType[];
  returns: MoveType[];
  /** From the Move sources when they match the bytecode's arity; otherwise absent. */
  parameterNames?: string[];
  doc?: string;
}

export interface ErrorConstant {
  name: string;
  code: number;
  doc?: string;
}

export interface ModuleAbi {
  pkg: string;
  name: string;
  datatypes: DatatypeAbi[];
  functions: FunctionAbi[];
  errors: ErrorConstant[];
}

export interface PackageAbi {
  /** Alias used in generated names and folders: `wal`, `walrus`, `std`, `sui`. */
  alias: string;
  /** True for framework packages (0x1, 0x2), whose ids are fixed on every network. */
  framework: boolean;
  modules: ModuleAbi[];
}

export const FRAMEWORK_ADDRESSES: Readonly<Record<string, string>> = {
  std: '0x1',
  sui: '0x2',
};

export function datatypeKey(ref: DatatypeRef): string {
  return `${ref.pkg}::${ref.module}::${ref.name}`;
}
