// Supplies dependencies to the WASM compiler without the network: the framework from a local folder and
// `{ local = "../x" }` packages from this repository.
import { MovePackageFetcher, type MovePackageFetchLocalContext } from '@zktx.io/sui-move-builder/full';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readPackageFiles } from './package-files.ts';
import type { MovePackageDir } from './workspace.ts';

/** Framework package folders by the last segment of the subdir the compiler asks for. */
const FRAMEWORK_PACKAGES = new Set(['move-stdlib', 'sui-framework']);

export class LocalMoveFetcher extends MovePackageFetcher {
  private readonly frameworkDir: string | undefined;
  private readonly packages: MovePackageDir[];

  constructor(opts: { frameworkDir?: string; packages: MovePackageDir[] }) {
    super();
    this.frameworkDir = opts.frameworkDir;
    this.packages = opts.packages;
    this.fetchLocal = (localPath, ctx) => this.loadLocal(localPath, ctx);
  }

  override async fetch(gitUrl: string, rev: string, subdir?: string): Promise<Record<string, string>> {
    const name = subdir ? basename(subdir) : '';
    if (this.frameworkDir === undefined || !FRAMEWORK_PACKAGES.has(name)) {
      throw new Error(
        `Move dependency ${gitUrl}@${rev}/${subdir ?? ''} is not available offline; only the Sui framework ` +
          `(from SUI_FRAMEWORK_DIR) and local packages under move/ are`,
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
    const parent = this.packages.find((p) => p.name === ctx.parentPackageName);
    if (!parent) throw new Error(`local dependency ${localPath} of unknown Move package ${ctx.parentPackageName}`);
    const dir = resolve(parent.dir, localPath);
    if (!existsSync(join(dir, 'Move.toml'))) {
      throw new Error(`${ctx.parentPackageName} depends on ${localPath}, but ${dir} has no Move.toml`);
    }
    return readPackageFiles(dir, { withTests: false });
  }
}
