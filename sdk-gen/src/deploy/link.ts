// Recompiles `walrus` against a published `wal`: the committed walrus artifact links `wal` at 0x0 (unpublished),
// which no network accepts. Handing the compiler a `Published.toml` for `wal` makes it compile `wal::wal` at the
// published address and list that package among the dependencies.
import { deserialize } from '@mysten/move-bytecode-template';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { buildPackage, BUILD_ENVIRONMENT, type MoveArtifact } from '../move/compile.ts';
import { type FrameworkSource, resolveFramework } from '../move/framework.ts';
import { publishedToml } from '../move/publication.ts';
import { listMovePackages, type MovePackageDir } from '../move/workspace.ts';

export interface WalPublication {
  /** Id of the published `wal` package. */
  walPackageId: string;
  /** Chain identifier of the network `wal` was published on (recorded in the in-memory Published.toml). */
  chainId: string;
}

function movePackage(key: string, packages: MovePackageDir[]): MovePackageDir {
  const pkg = packages.find((p) => p.key === key);
  if (!pkg) throw new Error(`Move package ${key} not found among ${packages.map((p) => p.key).join(', ')}`);
  return pkg;
}

/** The overlay that gives the `wal` folder a `Published.toml` for the build environment. */
export function walPublicationOverlay(
  walDir: string,
  publication: WalPublication,
): Record<string, Record<string, string>> {
  return {
    [walDir]: {
      'Published.toml': publishedToml({
        environment: BUILD_ENVIRONMENT,
        chainId: publication.chainId,
        publishedAt: publication.walPackageId,
      }),
    },
  };
}

/** Compiles `walrus` from move/walrus linking `wal` at `publication.walPackageId`; checks the result links it. */
export async function buildWalrusAgainstWal(
  publication: WalPublication,
  opts: { framework?: FrameworkSource; packages?: MovePackageDir[] } = {},
): Promise<MoveArtifact> {
  const framework = opts.framework ?? (await resolveFramework());
  if (framework.kind === 'unavailable') {
    throw new Error(`cannot recompile walrus against the published wal: ${framework.reason}`);
  }
  const packages = opts.packages ?? listMovePackages();
  const wal = movePackage('wal', packages);
  const walrus = movePackage('walrus', packages);
  const artifact = await buildPackage(walrus, framework, { overlays: walPublicationOverlay(wal.dir, publication) });
  const problems = walLinkageProblems(artifact, publication.walPackageId);
  if (problems.length > 0) {
    throw new Error(
      `walrus recompiled against wal ${publication.walPackageId} is not linked to it: ${problems.join('; ')}`,
    );
  }
  return artifact;
}

interface ModuleHandlesJson {
  self_module_handle_idx: number;
  module_handles: { address: number; name: number }[];
  identifiers: string[];
  address_identifiers: string[];
}

/** Every module a package's bytecode refers to, as `address::module` with full addresses, sorted. */
export function referencedModules(artifact: MoveArtifact): string[] {
  const found = new Set<string>();
  for (const base64 of artifact.modules) {
    const m = deserialize(Uint8Array.from(Buffer.from(base64, 'base64'))) as ModuleHandlesJson;
    for (const handle of m.module_handles) {
      found.add(`${normalizeSuiAddress(m.address_identifiers[handle.address]!)}::${m.identifiers[handle.name]!}`);
    }
  }
  return [...found].sort();
}

/**
 * Why `artifact` does not link `wal` at `walPackageId` (empty when it does): the `wal::wal` module must be
 * referenced at that address and nowhere at 0x0, and the dependency list must contain the id.
 */
export function walLinkageProblems(artifact: MoveArtifact, walPackageId: string): string[] {
  const wal = normalizeSuiAddress(walPackageId);
  const problems: string[] = [];
  const modules = referencedModules(artifact);
  if (!modules.includes(`${wal}::wal`)) problems.push(`no module refers to ${wal}::wal`);
  const zeroWal = `${normalizeSuiAddress('0x0')}::wal`;
  if (modules.includes(zeroWal)) problems.push('a module still refers to wal::wal at 0x0');
  if (!artifact.dependencies.map((d) => normalizeSuiAddress(d)).includes(wal)) {
    problems.push(`dependencies [${artifact.dependencies.join(', ')}] lack ${wal}`);
  }
  return problems;
}
