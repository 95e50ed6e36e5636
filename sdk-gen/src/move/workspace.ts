// The Move packages of this repository: where they live and where their committed artifacts go.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageName } from './package-files.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const MOVE_ROOT = join(REPO_ROOT, 'move');
export const ARTIFACTS_DIR = join(MOVE_ROOT, 'artifacts');

export interface MovePackageDir {
  /** Folder name, e.g. `wal`; also the artifact's file name. */
  key: string;
  /** `[package] name` from Move.toml, e.g. `WAL`. */
  name: string;
  dir: string;
}

/** Every package under move/ (one level) and move/examples/ (one level), in build order: `wal`, `walrus`, then examples. */
export function listMovePackages(root: string = MOVE_ROOT): MovePackageDir[] {
  const found: MovePackageDir[] = [];
  const scan = (parent: string, prefix: string) => {
    if (!existsSync(parent)) return;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifest = join(parent, entry.name, 'Move.toml');
      if (!existsSync(manifest)) continue;
      found.push({
        key: prefix + entry.name,
        name: packageName(readFileSync(manifest, 'utf8')),
        dir: join(parent, entry.name),
      });
    }
  };
  scan(root, '');
  scan(join(root, 'examples'), 'examples-');
  const order = (p: MovePackageDir) =>
    p.key === 'wal' ? 0 : p.key === 'walrus' ? 1 : p.key.startsWith('examples-') ? 3 : 2;
  return found.sort((a, b) => order(a) - order(b) || a.key.localeCompare(b.key));
}

/** A package folder given by path, keyed by that path. */
export function packageAt(dir: string): MovePackageDir {
  return { key: dir, name: packageName(readFileSync(join(dir, 'Move.toml'), 'utf8')), dir };
}

export function artifactPath(pkg: MovePackageDir): string {
  return join(ARTIFACTS_DIR, `${pkg.key}.json`);
}
