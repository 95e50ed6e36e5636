// Supplies dependencies to the WASM compiler without the network: the framework from a local folder and
// `{ local = "../x" }` packages from disk.
import { MovePackageFetcher, type MovePackageFetchLocalContext } from '@zktx.io/sui-move-builder/full';
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, posix, resolve } from 'node:path';
import { readPackageFiles } from './package-files.ts';

/** Framework package folders by the last segment of the subdir the compiler asks for. */
const FRAMEWORK_PACKAGES = new Set(['move-stdlib', 'sui-framework']);

// Deep enough that no `..` of a real dependency path climbs out of it while comparing two compiler paths.
const VIRTUAL_ROOT = posix.join('/', ...Array.from({ length: 64 }, () => 'v'));

function underVirtualRoot(compilerPath: string): string {
  return posix.join(VIRTUAL_ROOT, compilerPath.replace(/^\/+/, ''));
}

/**
 * The folder of a local dependency the compiler asks for. The compiler does not resolve a dependency of a
 * dependency against its parent's folder: it joins the parent's path (as it passed it to us) with the child's
 * `local` path and normalizes the result, so `../../pkg` + `../wal` arrives as `../../wal`, and an absolute parent
 * `/repo/move/walrus` + `../wal` arrives as `repo/move/wal` (leading `/` dropped). So: a dependency of the root
 * resolves against the root's folder; any other is the parent's real folder plus the step from the parent's
 * compiler path to the child's. `seen` maps compiler paths already resolved to their folders.
 */
export function localDependencyDir(
  rootDir: string,
  localPath: string,
  ctx: MovePackageFetchLocalContext,
  seen: ReadonlyMap<string, string>,
): string {
  if (isAbsolute(localPath)) return resolve(localPath);
  const parentPath = ctx.parentSource?.local;
  const parentDir = parentPath === undefined ? undefined : seen.get(parentPath);
  if (parentPath === undefined || parentDir === undefined) return resolve(rootDir, localPath);
  return resolve(parentDir, posix.relative(underVirtualRoot(parentPath), underVirtualRoot(localPath)));
}

export interface LocalMoveFetcherOptions {
  /** Folder holding `move-stdlib` and `sui-framework`; without it git dependencies fail. */
  frameworkDir?: string;
  /** Folder of the package being compiled: local dependency paths are relative to it. */
  rootDir: string;
  /**
   * Extra or replacement files per dependency folder (absolute path), e.g. a `Published.toml` that makes the
   * compiler link a dependency at its published address instead of 0x0.
   */
  overlays?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export class LocalMoveFetcher extends MovePackageFetcher {
  private readonly frameworkDir: string | undefined;
  private readonly rootDir: string;
  private readonly overlays: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Compiler path -> folder, for the dependencies of dependencies. */
  private readonly seen = new Map<string, string>();

  constructor(opts: LocalMoveFetcherOptions) {
    super();
    this.frameworkDir = opts.frameworkDir;
    this.rootDir = resolve(opts.rootDir);
    this.overlays = Object.fromEntries(
      Object.entries(opts.overlays ?? {}).map(([dir, files]) => [resolve(dir), files]),
    );
    this.fetchLocal = (localPath, ctx) => this.loadLocal(localPath, ctx);
  }

  override async fetch(gitUrl: string, rev: string, subdir?: string): Promise<Record<string, string>> {
    const name = subdir ? basename(subdir) : '';
    if (this.frameworkDir === undefined || !FRAMEWORK_PACKAGES.has(name)) {
      throw new Error(
        `Move dependency ${gitUrl}@${rev}/${subdir ?? ''} is not available offline; only the Sui framework ` +
          `(from SUI_FRAMEWORK_DIR) and local packages are`,
      );
    }
    return readPackageFiles(join(this.frameworkDir, name), { withTests: false });
  }

  override async fetchFile(): Promise<string | null> {
    return null;
  }

  override getResolvedSha(): string | undefined {
    return undefined;
  }

  private async loadLocal(localPath: string, ctx: MovePackageFetchLocalContext): Promise<Record<string, string>> {
    const dir = localDependencyDir(this.rootDir, localPath, ctx, this.seen);
    if (!existsSync(join(dir, 'Move.toml'))) {
      throw new Error(
        `${ctx.parentPackageName} depends on ${ctx.dependencyName} at ${localPath} (as given by the compiler, ` +
          `relative to ${this.rootDir}), but ${dir} has no Move.toml; fix the dependency's local path`,
      );
    }
    this.seen.set(localPath, dir);
    return { ...readPackageFiles(dir, { withTests: false }), ...this.overlays[dir] };
  }
}
