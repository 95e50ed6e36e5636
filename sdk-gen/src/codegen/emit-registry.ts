// Emits the registry of every generated datatype (for decoding by type tag) and of every abort-code table,
// plus the index files that re-export the modules as namespaces (`walrus.system.registerBlob`).
import type { PackageAbi } from './abi.ts';
import { moduleAlias, modulePath, orderDatatypes } from './emit-module.ts';
import { camelCase, GENERATED_HEADER, str } from './names.ts';

export function emitRegistry(packages: PackageAbi[]): string {
  const lines: string[] = [GENERATED_HEADER];
  lines.push('// Every generated datatype and abort-code table; see src/registry.ts and src/errors.ts for lookups.');
  lines.push(`import type { BcsType } from '@mysten/sui/bcs';`);
  lines.push(`import type { ErrorTable, GeneratedDatatype } from '../runtime/types.ts';`);
  for (const p of packages) {
    for (const m of p.modules) {
      if (m.datatypes.length === 0 && p.framework) continue;
      lines.push(`import * as ${moduleAlias(p.alias, m.name)} from './${modulePath(p.alias, m.name)}';`);
    }
  }
  lines.push('');
  lines.push('/** Every struct and enum with a BCS definition, framework ones included. */');
  lines.push('export const DATATYPES: readonly GeneratedDatatype[] = [');
  for (const p of packages) {
    for (const m of p.modules) {
      for (const d of orderDatatypes(m)) {
        const target = `${moduleAlias(p.alias, m.name)}.${d.name}`;
        const args = d.typeParameters.map((_, i) => `t[${i}] as BcsType<any>`).join(', ');
        const bcs = d.typeParameters.length === 0 ? `() => ${target}` : `(t) => ${target}(${args})`;
        lines.push(
          `  { pkg: ${str(p.alias)}, module: ${str(m.name)}, name: ${str(d.name)}, kind: ${str(d.kind)}, ` +
            `abilities: [${d.abilities.map(str).join(', ')}], phantoms: [${d.typeParameters.map((t) => t.phantom).join(', ')}], ` +
            `bcs: ${bcs} },`,
        );
      }
    }
  }
  lines.push('];');
  lines.push('');
  lines.push('/** Abort-code tables of our modules, keyed by `package::module` (package alias). */');
  lines.push('export const ERROR_TABLES: Readonly<Record<string, ErrorTable>> = {');
  for (const p of packages) {
    if (p.framework) continue;
    for (const m of p.modules)
      lines.push(`  ${str(`${p.alias}::${m.name}`)}: ${moduleAlias(p.alias, m.name)}.ERROR_CODES,`);
  }
  lines.push('};');
  lines.push('');
  lines.push('/** Module names of our packages, by package alias. */');
  lines.push('export const PACKAGE_MODULES: Readonly<Record<string, readonly string[]>> = {');
  for (const p of packages) {
    if (p.framework) continue;
    lines.push(`  ${p.alias}: [${p.modules.map((m) => str(m.name)).join(', ')}],`);
  }
  lines.push('};');
  return lines.join('\n') + '\n';
}

export function emitIndexes(packages: PackageAbi[]): Map<string, string> {
  const files = new Map<string, string>();
  const root: string[] = [GENERATED_HEADER];
  for (const p of packages) {
    const lines = [GENERATED_HEADER];
    // Module names are snake_case identifiers; only reserved words change (`package` → `_package`).
    for (const m of p.modules) {
      const exportName = camelCase(m.name) === `_${m.name}` ? `_${m.name}` : m.name;
      lines.push(`export * as ${exportName} from './${m.name}.ts';`);
    }
    files.set(`${p.alias}/index.ts`, lines.join('\n') + '\n');
    root.push(`export * as ${p.alias} from './${p.alias}/index.ts';`);
  }
  root.push(`export { DATATYPES, ERROR_TABLES, PACKAGE_MODULES } from './registry.ts';`);
  files.set('index.ts', root.join('\n') + '\n');
  return files;
}
