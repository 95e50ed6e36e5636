// The framework catalog is recorded by hand; this checks it against the framework's Move sources (field names in
// order and each field's type constructor) whenever the sources are on this machine.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAMEWORK_CACHE, isFrameworkDir } from '../move/framework.ts';
import type { DatatypeAbi, MoveType } from './abi.ts';
import { frameworkPackages } from './framework-catalog.ts';
import { readMoveFiles } from './sources.ts';

const FRAMEWORK_DIR = process.env.SUI_FRAMEWORK_DIR ?? DEFAULT_FRAMEWORK_CACHE;
const available = isFrameworkDir(FRAMEWORK_DIR);

interface SourceStruct {
  typeParams: string[];
  fields: { name: string; base: string }[];
}

/** Splits at top-level commas (not inside <>). */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '<') depth++;
    if (ch === '>') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The type constructor of a field type as written: `Balance<T>` → `Balance`, `vector<u8>` → `vector`. */
function baseOf(type: string): string {
  const name = type.trim().split('<')[0]!.trim();
  return name.split('::').at(-1)!;
}

/** Struct declarations of one framework package's sources, keyed by `module::Name`. */
function sourceStructs(dir: string): Map<string, SourceStruct> {
  const out = new Map<string, SourceStruct>();
  for (const [, raw] of readMoveFiles(dir)) {
    const text = raw.replace(/\/\/[^\n]*/g, '');
    const module = /module\s+\w+::(\w+)/.exec(text)?.[1];
    if (!module) continue;
    const pattern = /(?:public\s+)?struct\s+(\w+)\s*(<[^{(;]*?>)?\s*(?:has[^{(;]*)?([{(])([^})]*)[})]/g;
    for (const m of text.matchAll(pattern)) {
      const typeParams = splitTop((m[2] ?? '').slice(1, -1)).map((p) =>
        p
          .replace(/^phantom\s+/, '')
          .split(':')[0]!
          .trim(),
      );
      const body = splitTop(m[4]!);
      const fields =
        m[3] === '('
          ? body.map((type, i) => ({ name: `pos${i}`, base: baseOf(type) }))
          : body.map((f) => ({ name: f.split(':')[0]!.trim(), base: baseOf(f.slice(f.indexOf(':') + 1)) }));
      out.set(`${module}::${m[1]}`, { typeParams: typeParams.filter(Boolean), fields });
    }
  }
  return out;
}

function catalogBase(type: MoveType, typeParams: string[]): string {
  if (type.kind === 'datatype') return type.ref.name;
  if (type.kind === 'typeParam') return typeParams[type.index] ?? `T${type.index}`;
  return type.kind;
}

function fieldsOf(d: DatatypeAbi) {
  return d.kind === 'struct' ? d.fields : [];
}

describe.skipIf(!available)(`the framework catalog (against the sources in ${FRAMEWORK_DIR})`, () => {
  const sources: Record<string, Map<string, SourceStruct>> = {
    std: available ? sourceStructs(join(FRAMEWORK_DIR, 'move-stdlib', 'sources')) : new Map(),
    sui: available ? sourceStructs(join(FRAMEWORK_DIR, 'sui-framework', 'sources')) : new Map(),
  };
  const entries = frameworkPackages().flatMap((p) =>
    p.modules.flatMap((m) => m.datatypes.map((d) => [`${p.alias}::${m.name}::${d.name}`, p.alias, m.name, d] as const)),
  );

  it.each(entries)('%s has the fields of its Move declaration, in order', (_key, alias, module, datatype) => {
    const declared = sources[alias]!.get(`${module}::${datatype.name}`);
    expect(declared, `no struct ${datatype.name} in ${alias}::${module}`).toBeDefined();
    expect(declared!.typeParams.length).toBe(datatype.typeParameters.length);
    // Empty structs compile to one `dummy_field: bool`.
    const expected = declared!.fields.length === 0 ? [{ name: 'dummy_field', base: 'bool' }] : declared!.fields;
    const actual = fieldsOf(datatype).map((f) => ({ name: f.name, base: catalogBase(f.type, declared!.typeParams) }));
    expect(actual).toEqual(expected);
  });
});
