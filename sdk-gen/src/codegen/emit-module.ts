// Emits one TypeScript file per Move module: BCS definitions of its datatypes, call builders for its public and
// entry functions, and its abort-code table.
import {
  FRAMEWORK_ADDRESSES,
  datatypeKey,
  type DatatypeAbi,
  type DatatypeRef,
  type FunctionAbi,
  type ModuleAbi,
  type MoveType,
} from './abi.ts';
import { IMPLICIT_OBJECTS, TX_CONTEXT } from './framework-catalog.ts';
import { camelCase, GENERATED_HEADER, jsdoc, pascalCase, str } from './names.ts';

/** What the emitter may look up about other modules. */
export interface EmitContext {
  /** Every datatype with a BCS definition, by `pkg::module::Name`. */
  datatypes: ReadonlyMap<string, DatatypeAbi>;
}

/** Framework types whose BCS is not the plain struct: they decode to friendlier values (string, null, address). */
const SPECIAL: Readonly<Record<string, string>> = {
  'std::string::String': `export const String = bcs.string({ name: '0x1::string::String' });`,
  'std::ascii::String': `export const String = bcs.string({ name: '0x1::ascii::String' });`,
  'std::option::Option':
    'export function Option<T0 extends BcsType<any>>(T0: T0) {\n' +
    '  return bcs.option(T0).transform({ name: `0x1::option::Option<${T0.name}>` });\n}',
  'sui::object::ID': `export const ID = bcs.Address.transform({ name: '0x2::object::ID' });`,
};

/** The Move type name used as the BCS type's name: `0x2::object::UID`, `walrus::blob::Blob`. */
export function moveTypePrefix(ref: DatatypeRef): string {
  return `${FRAMEWORK_ADDRESSES[ref.pkg] ?? ref.pkg}::${ref.module}::${ref.name}`;
}

export function moduleAlias(pkg: string, module: string): string {
  return `${pkg}_${module}`;
}

export function modulePath(pkg: string, module: string): string {
  return `${pkg}/${module}.ts`;
}

class ModuleEmitter {
  private readonly imports = new Set<string>();
  private readonly runtime = new Set<string>();
  private readonly runtimeTypes = new Set<string>();
  private usesBcs = false;
  private usesBcsType = false;
  private usesIntegers = false;
  private usesTransaction = false;
  private usesTransactionArgument = false;
  private readonly module: ModuleAbi;
  private readonly ctx: EmitContext;

  constructor(module: ModuleAbi, ctx: EmitContext) {
    this.module = module;
    this.ctx = ctx;
  }

  private where(): string {
    return `${this.module.pkg}::${this.module.name}`;
  }

  private ref(ref: DatatypeRef): string {
    if (!this.ctx.datatypes.has(datatypeKey(ref))) {
      throw new Error(
        `${this.where()} uses ${datatypeKey(ref)}, which has no BCS definition: ` +
          (ref.pkg === 'std' || ref.pkg === 'sui'
            ? 'add its layout to sdk-gen/src/codegen/framework-catalog.ts.'
            : 'is its package artifact missing from move/artifacts?'),
      );
    }
    if (ref.pkg === this.module.pkg && ref.module === this.module.name) return ref.name;
    this.imports.add(`${ref.pkg}/${ref.module}`);
    return `${moduleAlias(ref.pkg, ref.module)}.${ref.name}`;
  }

  /** A BCS type expression for `type`; type parameters are the enclosing definition's `T0`, `T1`, ... */
  bcsExpr(type: MoveType): string {
    switch (type.kind) {
      case 'bool':
      case 'u8':
      case 'u16':
      case 'u32':
        this.usesBcs = true;
        return `bcs.${type.kind}()`;
      case 'u64':
      case 'u128':
      case 'u256':
        // Same values and bytes as bcs.u64() and co., read without their detour through hexadecimal strings.
        this.usesIntegers = true;
        return `integers.${type.kind}()`;
      case 'address':
        this.usesBcs = true;
        return 'bcs.Address';
      case 'vector':
        this.usesBcs = true;
        return `bcs.vector(${this.bcsExpr(type.of)})`;
      case 'typeParam':
        return `T${type.index}`;
      case 'datatype': {
        const target = this.ref(type.ref);
        return type.typeArgs.length === 0
          ? target
          : `${target}(${type.typeArgs.map((t) => this.bcsExpr(t)).join(', ')})`;
      }
      case 'signer':
      case 'reference':
        throw new Error(`${this.where()}: a ${type.kind} cannot appear in a stored value`);
    }
  }

  private datatype(dt: DatatypeAbi): string {
    const ref: DatatypeRef = { pkg: this.module.pkg, module: this.module.name, name: dt.name };
    const special = SPECIAL[datatypeKey(ref)];
    const doc = jsdoc(dt.doc ?? `Move type \`${moveTypePrefix(ref)}\`.`);
    if (special !== undefined) {
      this.usesBcs = true;
      if (special.includes('BcsType')) this.usesBcsType = true;
      return doc + special + '\n';
    }
    const params = dt.typeParameters;
    const fullName =
      params.length === 0
        ? str(moveTypePrefix(ref))
        : '`' + moveTypePrefix(ref) + '<' + params.map((_, i) => '${T' + i + '.name}').join(', ') + '>`';
    this.usesBcs = true;
    let body: string;
    if (dt.kind === 'struct') {
      const fields = dt.fields.map((f) => `    ${f.name}: ${this.bcsExpr(f.type)},`).join('\n');
      body = `bcs.struct(${fullName}, {\n${fields}\n  })`;
    } else {
      const variants = dt.variants
        .map((v) => {
          if (v.fields.length === 0) return `    ${v.name}: null,`;
          const fields = v.fields.map((f) => `      ${f.name}: ${this.bcsExpr(f.type)},`).join('\n');
          const variantName =
            params.length === 0 ? str(`${moveTypePrefix(ref)}::${v.name}`) : fullName.replace(/`$/, `::${v.name}\``);
          return `    ${v.name}: bcs.struct(${variantName}, {\n${fields}\n    }),`;
        })
        .join('\n');
      body = `bcs.enum(${fullName}, {\n${variants}\n  })`;
    }
    if (params.length === 0) {
      return (
        `${doc}export const ${dt.name} = ${body.replace(/\n {2}/g, '\n')};\n` +
        `export type ${dt.name} = typeof ${dt.name}.$inferType;\n`
      );
    }
    const generics = params
      .map((p, i) => {
        if (p.phantom) this.runtimeTypes.add('PhantomTypeArgument');
        else this.usesBcsType = true;
        return `T${i} extends ${p.phantom ? 'PhantomTypeArgument' : 'BcsType<any>'}`;
      })
      .join(', ');
    const args = params.map((_, i) => `T${i}: T${i}`).join(', ');
    return `${doc}export function ${dt.name}<${generics}>(${args}) {\n  return ${body};\n}\n`;
  }

  private pureTs(type: MoveType): string | undefined {
    switch (type.kind) {
      case 'bool':
        return 'boolean';
      case 'u8':
      case 'u16':
      case 'u32':
        return 'number';
      case 'u64':
      case 'u128':
      case 'u256':
        return 'number | bigint | string';
      case 'address':
        return 'string';
      case 'vector': {
        const inner = this.pureTs(type.of);
        return inner === undefined ? undefined : `Iterable<${inner}> & { length: number }`;
      }
      case 'reference':
        return this.pureTs(type.to);
      case 'datatype': {
        const key = datatypeKey(type.ref);
        if (key === 'std::string::String' || key === 'std::ascii::String' || key === 'sui::object::ID') return 'string';
        if (key === 'std::option::Option') {
          const inner = this.pureTs(type.typeArgs[0]!);
          return inner === undefined ? undefined : `${inner} | null | undefined`;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** How one parameter is passed: undefined for TxContext (supplied by the runtime). */
  private parameter(type: MoveType, fn: FunctionAbi): { spec: string; ts?: string } | undefined {
    const inner = type.kind === 'reference' ? type.to : type;
    if (inner.kind === 'datatype') {
      const key = datatypeKey(inner.ref);
      if (key === TX_CONTEXT) return undefined;
      const implicit = IMPLICIT_OBJECTS[key];
      if (implicit !== undefined) return { spec: `{ kind: 'implicit', object: ${str(implicit)} }` };
    }
    const ts = this.pureTs(type);
    if (ts !== undefined) {
      this.runtimeTypes.add('PureInput');
      return { spec: `{ kind: 'pure', bcs: ${this.bcsExpr(inner)} }`, ts: `PureInput<${ts}>` };
    }
    const isObject =
      (inner.kind === 'datatype' && inner.key === true) ||
      (inner.kind === 'typeParam' && (fn.typeParameters[inner.index]?.constraints.includes('key') ?? false));
    if (isObject) {
      this.runtimeTypes.add('ObjectInput');
      return { spec: `{ kind: 'object' }`, ts: 'ObjectInput' };
    }
    this.usesTransactionArgument = true;
    return { spec: `{ kind: 'argument' }`, ts: 'TransactionArgument' };
  }

  private builder(fn: FunctionAbi): string {
    this.usesTransaction = true;
    this.runtime.add('normalizeMoveArguments');
    const builderName = camelCase(fn.name);
    const typeName = pascalCase(fn.name);
    const names = fn.parameterNames?.length === fn.parameters.length ? fn.parameterNames.map(camelCase) : undefined;
    const specs: string[] = [];
    const explicit: { name: string; ts: string }[] = [];
    fn.parameters.forEach((type, i) => {
      const param = this.parameter(type, fn);
      if (param === undefined) return;
      specs.push(param.spec);
      if (param.ts !== undefined) explicit.push({ name: names?.[i] ?? `arg${i}`, ts: param.ts });
    });
    if (new Set(explicit.map((e) => e.name)).size !== explicit.length) {
      explicit.forEach((e, i) => (e.name = `arg${i}`));
    }
    const generic = fn.typeParameters.length > 0;
    const where = `${this.module.pkg}::${this.module.name}::${fn.name}`;
    const lines: string[] = [];
    if (explicit.length > 0) {
      lines.push(`export interface ${typeName}Arguments {`);
      for (const e of explicit) lines.push(`  ${e.name}: ${e.ts};`);
      lines.push('}');
    }
    lines.push(`export interface ${typeName}Options {`);
    lines.push('  /** Package id to call: the current (latest) id of the package, from the Deployment. */');
    lines.push('  package: string;');
    if (explicit.length > 0) {
      lines.push(`  arguments: ${typeName}Arguments | [${explicit.map((e) => `${e.name}: ${e.ts}`).join(', ')}];`);
    } else {
      lines.push('  arguments?: [];');
    }
    if (generic) lines.push(`  typeArguments: [${fn.typeParameters.map((_, i) => `T${i}: string`).join(', ')}];`);
    lines.push('}');
    const header = fn.isEntry ? (fn.visibility === 'public' ? 'public entry' : 'entry') : 'public';
    const signature = `\`${header} fun ${this.module.name}::${fn.name}\``;
    const doc = fn.doc ? `${signature}: ${fn.doc}` : signature;
    lines.push(jsdoc(doc).trimEnd());
    lines.push(`export function ${builderName}(options: ${typeName}Options) {`);
    lines.push('  return (tx: Transaction) =>');
    lines.push('    tx.moveCall({');
    lines.push(`      target: \`\${options.package}::${this.module.name}::${fn.name}\`,`);
    lines.push(`      arguments: normalizeMoveArguments(tx, options.arguments, {`);
    lines.push(`        function: ${str(where)},`);
    lines.push(`        parameters: [${specs.join(', ')}],`);
    lines.push(`        names: [${explicit.map((e) => str(e.name)).join(', ')}],`);
    lines.push('      }),');
    if (generic) lines.push('      typeArguments: options.typeArguments,');
    lines.push('    });');
    lines.push('}');
    return lines.join('\n') + '\n';
  }

  private errors(): string {
    this.runtimeTypes.add('ErrorTable');
    const byCode = new Map<number, { names: string[]; docs: string[] }>();
    for (const e of [...this.module.errors].sort((a, b) => a.code - b.code || a.name.localeCompare(b.name))) {
      const entry = byCode.get(e.code) ?? { names: [], docs: [] };
      entry.names.push(e.name);
      if (e.doc) entry.docs.push(e.doc);
      byCode.set(e.code, entry);
    }
    const rows = [...byCode.entries()].map(([code, e]) => {
      const doc = e.docs.length > 0 ? `, doc: ${str(e.docs.join(' / '))}` : '';
      return `  ${code}: { name: ${str(e.names.join(' / '))}${doc} },`;
    });
    return (
      jsdoc(`Abort codes of \`${this.module.pkg}::${this.module.name}\`, by code (names from the Move sources).`) +
      `export const ERROR_CODES: ErrorTable = {${rows.length > 0 ? '\n' + rows.join('\n') + '\n' : ''}};\n`
    );
  }

  emit(callable: FunctionAbi[], withErrors: boolean): string {
    const sections: string[] = [];
    for (const dt of orderDatatypes(this.module)) sections.push(this.datatype(dt));
    for (const fn of callable) sections.push(this.builder(fn));
    if (withErrors) sections.push(this.errors());

    const head: string[] = [GENERATED_HEADER];
    head.push(`// Move module ${moveModuleName(this.module)}.`);
    if (this.usesBcs || this.usesBcsType) {
      head.push(
        `import { ${[this.usesBcs ? 'bcs' : '', this.usesBcsType ? 'type BcsType' : ''].filter(Boolean).join(', ')} } from '@mysten/sui/bcs';`,
      );
    }
    if (this.usesTransaction) {
      const t = ['Transaction', ...(this.usesTransactionArgument ? ['TransactionArgument'] : [])];
      head.push(`import type { ${t.join(', ')} } from '@mysten/sui/transactions';`);
    }
    const moveCallImports = [...this.runtime].sort();
    const moveCallTypes = ['ObjectInput', 'PureInput'].filter((t) => this.runtimeTypes.has(t));
    if (moveCallImports.length > 0 || moveCallTypes.length > 0) {
      const items = [...moveCallImports, ...moveCallTypes.map((t) => `type ${t}`)];
      head.push(`import { ${items.join(', ')} } from '../../runtime/move-call.ts';`);
    }
    if (this.usesIntegers) head.push(`import * as integers from '../../runtime/integers.ts';`);
    const sharedTypes = ['ErrorTable', 'PhantomTypeArgument'].filter((t) => this.runtimeTypes.has(t));
    if (sharedTypes.length > 0) head.push(`import type { ${sharedTypes.join(', ')} } from '../../runtime/types.ts';`);
    for (const imp of [...this.imports].sort()) {
      const [pkg, module] = imp.split('/') as [string, string];
      head.push(`import * as ${moduleAlias(pkg, module)} from '../${modulePath(pkg, module)}';`);
    }
    return head.join('\n') + '\n\n' + sections.join('\n');
  }
}

function moveModuleName(module: ModuleAbi): string {
  return `${FRAMEWORK_ADDRESSES[module.pkg] ?? module.pkg}::${module.name}`;
}

/** Datatypes in dependency order (a definition before its users), ties broken by name: stable output. */
export function orderDatatypes(module: ModuleAbi): DatatypeAbi[] {
  const byName = new Map(module.datatypes.map((d) => [d.name, d]));
  const done = new Set<string>();
  const out: DatatypeAbi[] = [];
  const localDeps = (type: MoveType, acc: Set<string>) => {
    if (type.kind === 'vector') localDeps(type.of, acc);
    else if (type.kind === 'reference') localDeps(type.to, acc);
    else if (type.kind === 'datatype') {
      if (type.ref.pkg === module.pkg && type.ref.module === module.name) acc.add(type.ref.name);
      type.typeArgs.forEach((t) => localDeps(t, acc));
    }
  };
  const visit = (dt: DatatypeAbi) => {
    if (done.has(dt.name)) return;
    done.add(dt.name);
    const deps = new Set<string>();
    const fields = dt.kind === 'struct' ? dt.fields : dt.variants.flatMap((v) => v.fields);
    fields.forEach((f) => localDeps(f.type, deps));
    for (const dep of [...deps].sort()) {
      const target = byName.get(dep);
      if (target) visit(target);
    }
    out.push(dt);
  };
  [...module.datatypes].sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  return out;
}

/**
 * Functions a transaction may call, sorted by name: public and entry ones, except those returning a reference
 * (a programmable transaction cannot receive a reference, so such a call always fails).
 */
export function callableFunctions(module: ModuleAbi): FunctionAbi[] {
  return module.functions
    .filter((f) => f.visibility === 'public' || f.isEntry)
    .filter((f) => f.returns.every((r) => r.kind !== 'reference'))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function emitModule(module: ModuleAbi, ctx: EmitContext, framework: boolean): string {
  const callable = framework ? [] : callableFunctions(module);
  const builderNames = new Set(callable.map((f) => camelCase(f.name)));
  const typeNames = new Set<string>(['ERROR_CODES', ...module.datatypes.map((d) => d.name)]);
  for (const fn of callable) {
    for (const t of [`${pascalCase(fn.name)}Options`, `${pascalCase(fn.name)}Arguments`]) {
      if (typeNames.has(t)) throw new Error(`${moveModuleName(module)}: generated name ${t} collides with a Move type`);
    }
  }
  if (builderNames.size !== callable.length)
    throw new Error(`${moveModuleName(module)}: two functions map to one builder name`);
  return new ModuleEmitter(module, ctx).emit(callable, !framework);
}
