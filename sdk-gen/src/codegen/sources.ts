// What compiled bytecode does not keep: names of constants, names of function parameters and doc comments.
// These are read from the Move sources next to each artifact (move/<pkg>/sources/**.move). The parser is
// deliberately small: it recognises declarations by their first line and never needs a full Move grammar.
// Anything it cannot match is simply absent, and the emitters fall back to positional names (`arg0`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceError {
  name: string;
  code: number;
  doc?: string;
}

export interface SourceFunction {
  parameterNames: string[];
  doc?: string;
}

export interface SourceModule {
  name: string;
  errors: SourceError[];
  functions: Map<string, SourceFunction>;
  datatypeDocs: Map<string, string>;
}

/** Every `.move` file below `dir`, sorted, as [relative path, text]. */
export function readMoveFiles(dir: string): [string, string][] {
  if (!existsSync(dir)) return [];
  const out: [string, string][] = [];
  const walk = (sub: string) => {
    const entries = readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.move')) out.push([rel, readFileSync(join(dir, rel), 'utf8')]);
    }
  };
  walk('');
  return out;
}

/** Lines of `///` doc comment directly above line `index`, skipping attribute lines; and whether it is test-only. */
function leadingDoc(lines: string[], index: number): { doc?: string; testOnly: boolean } {
  const doc: string[] = [];
  let testOnly = false;
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line.startsWith('#[')) {
      if (/#\[\s*(test_only|test)\b/.test(line)) testOnly = true;
      continue;
    }
    if (line.startsWith('///')) {
      doc.unshift(line.replace(/^\/\/\/\s?/, ''));
      continue;
    }
    break;
  }
  return { doc: doc.length > 0 ? doc.join('\n') : undefined, testOnly };
}

function parseNumber(text: string): number | undefined {
  const clean = text.trim().replace(/_/g, '');
  const value = /^0x[0-9a-fA-F]+$/.test(clean)
    ? Number.parseInt(clean.slice(2), 16)
    : /^\d+$/.test(clean)
      ? Number(clean)
      : NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Splits `text` at commas that are not nested inside <>, (), [] or {}. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if ('<([{'.includes(ch)) depth++;
    else if ('>)]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Parameter names of the function whose `fun` keyword starts at `offset` in `text` (comments already removed). */
function parameterNamesAt(text: string, offset: number): string[] | undefined {
  let i = text.indexOf('fun', offset) + 3;
  while (i < text.length && /[\s\w]/.test(text[i]!)) i++;
  if (text[i] === '<') {
    let depth = 0;
    for (; i < text.length; i++) {
      if (text[i] === '<') depth++;
      else if (text[i] === '>' && --depth === 0) break;
    }
    i++;
    while (i < text.length && /\s/.test(text[i]!)) i++;
  }
  if (text[i] !== '(') return undefined;
  let depth = 0;
  const start = i + 1;
  for (; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) break;
  }
  const names: string[] = [];
  for (const param of splitTopLevel(text.slice(start, i))) {
    const match = /^(?:mut\s+)?(\w+)\s*:/.exec(param);
    if (!match) return undefined;
    names.push(match[1]!);
  }
  return names;
}

function stripLineComments(line: string): string {
  const at = line.indexOf('//');
  return at === -1 ? line : line.slice(0, at);
}

/** Parses one file's modules. Test-only modules and test-only items are skipped: they never reach bytecode. */
export function parseMoveSource(text: string): SourceModule[] {
  const lines = text.split('\n');
  const modules: SourceModule[] = [];
  let current: SourceModule | undefined;
  let currentSkipped = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const moduleMatch = /^\s*module\s+\w+::(\w+)\s*[;{]/.exec(line);
    if (moduleMatch) {
      currentSkipped = leadingDoc(lines, n).testOnly;
      current = { name: moduleMatch[1]!, errors: [], functions: new Map(), datatypeDocs: new Map() };
      if (!currentSkipped) modules.push(current);
      continue;
    }
    if (!current || currentSkipped) continue;
    const constMatch = /^\s*const\s+(E\w*)\s*:\s*u64\s*=\s*([^;]+);/.exec(line);
    if (constMatch) {
      const { doc, testOnly } = leadingDoc(lines, n);
      const code = parseNumber(constMatch[2]!);
      if (!testOnly && code !== undefined) current.errors.push({ name: constMatch[1]!, code, doc });
      continue;
    }
    const typeMatch = /^\s*(?:public\s+)?(?:struct|enum)\s+(\w+)/.exec(line);
    if (typeMatch) {
      const { doc } = leadingDoc(lines, n);
      if (doc) current.datatypeDocs.set(typeMatch[1]!, doc);
      continue;
    }
    const funMatch = /^\s*(?:public(?:\s*\(\s*\w+\s*\))?\s+)?(?:entry\s+)?(?:native\s+)?fun\s+(\w+)/.exec(line);
    if (funMatch) {
      const { doc, testOnly } = leadingDoc(lines, n);
      if (testOnly) continue;
      // Join the signature's lines (up to 40, comments removed) so multi-line parameter lists parse.
      const signature = lines
        .slice(n, n + 40)
        .map(stripLineComments)
        .join('\n');
      const names = parameterNamesAt(signature, signature.search(/\bfun\s/));
      if (names) current.functions.set(funMatch[1]!, { parameterNames: names, doc });
    }
  }
  return modules;
}

/** All modules declared in a package's sources, by module name. */
export function readSourceModules(sourcesDir: string): Map<string, SourceModule> {
  const out = new Map<string, SourceModule>();
  for (const [, text] of readMoveFiles(sourcesDir)) {
    for (const module of parseMoveSource(text)) out.set(module.name, module);
  }
  return out;
}
