// The generator: committed Move artifacts (+ the Move sources for names) in, a map of TypeScript files out.
// Pure apart from `readGeneratorInput`; the output depends only on the input, in a stable order.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MoveArtifact } from '../move/compile.ts';
import { datatypeKey, type DatatypeAbi, type ModuleAbi, type PackageAbi } from './abi.ts';
import { moduleNameOf, readModule, resolverFor } from './bytecode.ts';
import { emitModule, modulePath } from './emit-module.ts';
import { emitIndexes, emitRegistry } from './emit-registry.ts';
import { frameworkPackages } from './framework-catalog.ts';
import { readSourceModules, type SourceModule } from './sources.ts';

/** Our packages, in dependency order; each is generated when its artifact exists. */
export const SDK_PACKAGES = ['wal', 'walrus'] as const;

export interface PackageInput {
  alias: string;
  artifact: MoveArtifact;
  /** Modules parsed from the package's Move sources, for constant names, parameter names and docs. */
  sources: Map<string, SourceModule>;
}

export interface GeneratorInput {
  packages: PackageInput[];
}

export function readGeneratorInput(repoRoot: string): GeneratorInput {
  const packages: PackageInput[] = [];
  for (const alias of SDK_PACKAGES) {
    const path = join(repoRoot, 'move', 'artifacts', `${alias}.json`);
    if (!existsSync(path)) continue;
    packages.push({
      alias,
      artifact: JSON.parse(readFileSync(path, 'utf8')) as MoveArtifact,
      sources: readSourceModules(join(repoRoot, 'move', alias, 'sources')),
    });
  }
  return { packages };
}

/** Decodes every artifact's modules and attaches source-derived names and docs. */
export function readPackages(input: GeneratorInput): PackageAbi[] {
  const decoded = input.packages.map((p) => ({
    ...p,
    bytes: p.artifact.modules.map((m) => Uint8Array.from(Buffer.from(m, 'base64'))),
  }));
  const owners = new Map<string, string>();
  for (const p of decoded) {
    for (const bytes of p.bytes) {
      const name = moduleNameOf(bytes);
      const previous = owners.get(name);
      if (previous !== undefined) {
        throw new Error(`module ${name} is defined by both ${previous} and ${p.alias}; module names must be unique`);
      }
      owners.set(name, p.alias);
    }
  }
  const resolve = resolverFor(owners);
  return decoded.map((p) => ({
    alias: p.alias,
    framework: false,
    modules: p.bytes
      .map((bytes): ModuleAbi => {
        const m = readModule(bytes, resolve);
        const source = p.sources.get(m.name);
        return {
          pkg: p.alias,
          name: m.name,
          datatypes: m.datatypes.map((d) => ({ ...d, doc: source?.datatypeDocs.get(d.name) })),
          functions: m.functions.map((f) => {
            const s = source?.functions.get(f.name);
            const names = s?.parameterNames.length === f.parameters.length ? s.parameterNames : undefined;
            return { ...f, parameterNames: names, doc: s?.doc };
          }),
          // Bytecode keeps abort codes only as values in the constant pool; their names come from the sources.
          errors: source?.errors ?? [],
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

/** Generated files, keyed by path relative to sdk-gen/src/generated, sorted by path. */
export function generate(input: GeneratorInput): Map<string, string> {
  const packages = [...frameworkPackages(), ...readPackages(input)];
  const datatypes = new Map<string, DatatypeAbi>();
  for (const p of packages) {
    for (const m of p.modules) {
      for (const d of m.datatypes) datatypes.set(datatypeKey({ pkg: p.alias, module: m.name, name: d.name }), d);
    }
  }
  const files = new Map<string, string>();
  for (const p of packages) {
    for (const m of p.modules) files.set(modulePath(p.alias, m.name), emitModule(m, { datatypes }, p.framework));
  }
  files.set('registry.ts', emitRegistry(packages));
  for (const [path, text] of emitIndexes(packages)) files.set(path, text);
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
