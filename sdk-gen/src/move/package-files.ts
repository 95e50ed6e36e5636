// Reads a Move package folder into the in-memory file map the WASM compiler takes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders of a package that the compiler needs; build output and docs are left out. */
const PACKAGE_DIRS = ['sources', 'tests', 'examples'];

function walk(root: string, dir: string, out: Record<string, string>): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(root, path, out);
    else if (name.endsWith('.move')) out[relative(root, path)] = readFileSync(path, 'utf8');
  }
}

/** `Move.toml`, `Move.lock` (if any) and every `.move` file under sources/, tests/ and examples/. */
export function readPackageFiles(packageDir: string, opts: { withTests?: boolean } = {}): Record<string, string> {
  const manifest = join(packageDir, 'Move.toml');
  if (!existsSync(manifest)) throw new Error(`${packageDir} is not a Move package: Move.toml is missing`);
  const files: Record<string, string> = { 'Move.toml': readFileSync(manifest, 'utf8') };
  const lock = join(packageDir, 'Move.lock');
  if (existsSync(lock)) files['Move.lock'] = readFileSync(lock, 'utf8');
  for (const sub of PACKAGE_DIRS) {
    if (sub !== 'sources' && opts.withTests === false) continue;
    const dir = join(packageDir, sub);
    if (existsSync(dir)) walk(packageDir, dir, files);
  }
  return files;
}

/** The `name` of a Move.toml's [package] table. */
export function packageName(manifestText: string): string {
  const match = /^\s*name\s*=\s*"([^"]+)"/m.exec(manifestText);
  if (!match) throw new Error('Move.toml has no [package] name');
  return match[1]!;
}
