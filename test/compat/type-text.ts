// Canonical text for Move types and function signatures, so the spec's notation and compiled bytecode can be compared
// as strings. Canonical form: `&mut coin::Coin<wal::WAL>`: addresses dropped, every datatype as `module::Name`,
// type parameters by their declared names, tuples of return types as `(A, B)`.
import type { Ability } from './spec-interface.ts';

const PRIMITIVES = new Set(['bool', 'u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'address', 'signer']);

/** A Move type as a small tree, before rendering. */
export type TypeNode =
  { kind: 'ref'; mutable: boolean; to: TypeNode } | { kind: 'named'; name: string; args: TypeNode[] };

/** Renders a type tree in canonical form. */
export function renderType(node: TypeNode): string {
  if (node.kind === 'ref') return `${node.mutable ? '&mut ' : '&'}${renderType(node.to)}`;
  return node.args.length === 0 ? node.name : `${node.name}<${node.args.map(renderType).join(', ')}>`;
}

/** Renders a list of return types: nothing, one type, or a parenthesised tuple. */
export function renderReturns(types: readonly string[]): string {
  if (types.length === 0) return '()';
  const [only] = types;
  return types.length === 1 && only !== undefined ? only : `(${types.join(', ')})`;
}

/** Splits `text` at commas that are not nested inside `<>` or `()`. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '') parts.push(last);
  return parts;
}

/**
 * Parses a type written in the spec's notation (`&mut Coin<WAL>`, `option::Option<Metadata>`) into canonical form.
 * Short names are qualified with `homes`; `typeParameters` are the generic names in scope (kept as written).
 */
export function canonicalSpecType(
  text: string,
  homes: Readonly<Record<string, string>>,
  typeParameters: readonly string[] = [],
): string {
  const tokens = text.match(/&mut\b|&|<|>|,|[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*/g) ?? [];
  let position = 0;
  const fail = (why: string): never => {
    throw new Error(`Cannot parse spec type "${text}": ${why}. Fix the entry in test/compat/spec-interface.ts.`);
  };
  const next = (): string => tokens[position++] ?? fail('unexpected end');
  const parse = (): TypeNode => {
    const token = next();
    if (token === '&mut' || token === '&') return { kind: 'ref', mutable: token === '&mut', to: parse() };
    const args: TypeNode[] = [];
    if (tokens[position] === '<') {
      position++;
      for (;;) {
        args.push(parse());
        const separator = next();
        if (separator === '>') break;
        if (separator !== ',') fail(`expected "," or ">" but found "${separator}"`);
      }
    }
    return { kind: 'named', name: qualify(token), args };
  };
  const qualify = (name: string): string => {
    if (PRIMITIVES.has(name) || name === 'vector' || typeParameters.includes(name)) return name;
    const segments = name.split('::');
    if (segments.length >= 2) return segments.slice(-2).join('::');
    const home = homes[name];
    if (home === undefined) return fail(`the type name "${name}" has no entry in TYPE_HOMES`);
    return `${home}::${name}`;
  };
  const node = parse();
  if (position !== tokens.length) fail(`unexpected "${tokens[position]}"`);
  return renderType(node);
}

/** A function signature in canonical form; parameter names are not part of it (bytecode does not keep them). */
export interface CanonicalSignature {
  name: string;
  /** `public` for `public fun`, `entry` for a non-public `entry fun`, `public entry`, `package` or `private`. */
  visibility: 'public' | 'entry' | 'public entry' | 'package' | 'private';
  /** Type parameters as `T` or `T: key + store` (constraint abilities in the order copy, drop, store, key). */
  typeParameters: string[];
  parameters: string[];
  returns: string;
}

/** Renders a canonical signature on one line, as it appears in failure messages. */
export function renderSignature(signature: CanonicalSignature): string {
  const generics = signature.typeParameters.length === 0 ? '' : `<${signature.typeParameters.join(', ')}>`;
  return `${signature.visibility} ${signature.name}${generics}(${signature.parameters.join(', ')}): ${signature.returns}`;
}

const ABILITY_ORDER: readonly Ability[] = ['copy', 'drop', 'store', 'key'];

/** Sorts abilities into the canonical order copy, drop, store, key. */
export function sortAbilities(abilities: Iterable<Ability>): Ability[] {
  const set = new Set(abilities);
  return ABILITY_ORDER.filter((ability) => set.has(ability));
}

/** Renders a type parameter with its constraints, e.g. `T: key + store`. */
export function renderTypeParameter(name: string, constraints: readonly Ability[]): string {
  return constraints.length === 0 ? name : `${name}: ${sortAbilities(constraints).join(' + ')}`;
}

/**
 * Parses one Appendix C signature, e.g. `entry migrate_v2(staking: &mut Staking, ctx: &mut TxContext)` or
 * `new<T: store>(value: T, ctx: &mut TxContext): ExtendedField<T>`.
 */
export function parseSpecSignature(text: string, homes: Readonly<Record<string, string>>): CanonicalSignature {
  const trimmed = text.trim();
  const head = /^(entry\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:<([^>]*)>)?\(/.exec(trimmed);
  const close = head === null ? -1 : matchingParenthesis(trimmed, head[0].length - 1);
  const tail = close < 0 ? null : /^(?:\s*:\s*(.+))?$/.exec(trimmed.slice(close + 1));
  if (head === null || tail === null) {
    throw new Error(`Cannot parse spec signature "${text}". Fix it in test/compat/spec-interface.ts.`);
  }
  const [, entry, name = '', generics] = head;
  const parameterText = trimmed.slice(head[0].length, close);
  const returnText = tail[1];
  const typeParameterNames: string[] = [];
  const typeParameters = splitTopLevel(generics ?? '').map((declaration) => {
    const [parameterName = '', constraintText] = declaration.split(':').map((part) => part.trim());
    typeParameterNames.push(parameterName);
    const constraints = (constraintText ?? '')
      .split('+')
      .map((c) => c.trim())
      .filter((c) => c !== '') as Ability[];
    return renderTypeParameter(parameterName, constraints);
  });
  const parameters = splitTopLevel(parameterText).map((parameter) => {
    const colon = parameter.indexOf(':');
    if (colon < 0) throw new Error(`Parameter "${parameter}" of "${text}" has no type. Fix it in spec-interface.ts.`);
    return canonicalSpecType(parameter.slice(colon + 1).trim(), homes, typeParameterNames);
  });
  let returns: string[] = [];
  if (returnText !== undefined) {
    const returned = returnText.trim();
    const inner = returned.startsWith('(') && returned.endsWith(')') ? returned.slice(1, -1) : returned;
    returns = splitTopLevel(inner).map((part) => canonicalSpecType(part, homes, typeParameterNames));
  }
  return {
    name,
    visibility: entry === undefined ? 'public' : 'entry',
    typeParameters,
    parameters,
    returns: renderReturns(returns),
  };
}

/** Index of the `)` that closes the `(` at `open`, or -1 when it is not closed. */
function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
