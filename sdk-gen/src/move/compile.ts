// Compiles and unit-tests one Move package with the WASM Sui Move compiler.
import {
  dumpMovePackage,
  GitHubMovePackageFetcher,
  initMovePackageBuilder,
  type MovePackageFetcher,
  testMovePackage,
} from '@zktx.io/sui-move-builder/full';
import type { FrameworkSource } from './framework.ts';
import { LocalMoveFetcher } from './fetcher.ts';
import { readPackageFiles } from './package-files.ts';
import type { MovePackageDir } from './workspace.ts';

/** What `Transaction.publish` needs, plus the digest that identifies the build. Committed per package. */
export interface MoveArtifact {
  package: string;
  /** Base64 bytecode, one entry per module, in the compiler's order. */
  modules: string[];
  /** Package ids this package links against (framework and local dependencies). */
  dependencies: string[];
  /** Hex blake2b-256 package digest. */
  digest: string;
}

export type TestStatus = 'pass' | 'fail';

export interface MoveTestResult {
  package: string;
  tests: { name: string; status: TestStatus }[];
  /** The runner's whole output, ANSI codes removed; failure diagnostics are in here. */
  output: string;
}

/** A compile or dependency error, carrying the compiler's diagnostics (file:line) verbatim. */
export class MoveCompileError extends Error {
  readonly packageKey: string;
  readonly category: string;
  readonly diagnostics: string;

  constructor(packageKey: string, category: string, diagnostics: string) {
    super(`Move package ${packageKey} failed (${category}):\n${diagnostics}`);
    this.name = 'MoveCompileError';
    this.packageKey = packageKey;
    this.category = category;
    this.diagnostics = diagnostics;
  }
}

let ready: Promise<void> | undefined;

/**
 * The package-manager environment every build uses. It only selects which `Move.lock` / `Published.toml` entries
 * apply (the framework is supplied locally either way), so publication metadata handed to a build is written for it.
 */
export const BUILD_ENVIRONMENT = 'mainnet';

/** Options of one compilation. */
export interface BuildOptions {
  /**
   * Extra or replacement files per local dependency folder (absolute path), e.g. a `Published.toml` giving a
   * dependency's published address (see `publishedToml` in ./publication.ts).
   */
  overlays?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function fetcherFor(
  framework: Exclude<FrameworkSource, { kind: 'unavailable' }>,
  pkg: MovePackageDir,
  opts: BuildOptions,
): MovePackageFetcher {
  const local = new LocalMoveFetcher({
    frameworkDir: framework.kind === 'local' ? framework.dir : undefined,
    rootDir: pkg.dir,
    overlays: opts.overlays,
  });
  if (framework.kind === 'local') return local;
  // Online: framework from GitHub at the compiler's pinned revision, our packages from disk.
  const github = new GitHubMovePackageFetcher();
  github.fetchLocal = local.fetchLocal;
  return github;
}

// The compiler reports in colour unless told otherwise; strip anything left so logs stay readable.
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function toHex(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compiles `pkg` (sources only) into the artifact `Transaction.publish` takes. */
export async function buildPackage(
  pkg: MovePackageDir,
  framework: Exclude<FrameworkSource, { kind: 'unavailable' }>,
  opts: BuildOptions = {},
): Promise<MoveArtifact> {
  ready ??= initMovePackageBuilder();
  await ready;
  const result = await dumpMovePackage({
    files: readPackageFiles(pkg.dir, { withTests: false }),
    fetcher: fetcherFor(framework, pkg, opts),
    network: BUILD_ENVIRONMENT,
    ansiColor: false,
    silenceWarnings: true,
  });
  if ('error' in result) throw new MoveCompileError(pkg.key, result.category ?? 'unknown', stripAnsi(result.error));
  return {
    package: pkg.name,
    modules: result.modules,
    dependencies: result.dependencies,
    digest: toHex(result.digest),
  };
}

/** Parses `[ PASS    ] addr::module::name` lines of the Move unit-test runner. */
export function parseTestLines(output: string): { name: string; status: TestStatus }[] {
  const tests: { name: string; status: TestStatus }[] = [];
  for (const line of stripAnsi(output).split('\n')) {
    const match = /^\[\s*(PASS|FAIL|TIMEOUT)\s*\]\s+(\S+)/.exec(line);
    if (match) tests.push({ name: match[2]!, status: match[1] === 'PASS' ? 'pass' : 'fail' });
  }
  return tests;
}

export async function testPackage(
  pkg: MovePackageDir,
  framework: Exclude<FrameworkSource, { kind: 'unavailable' }>,
): Promise<MoveTestResult> {
  ready ??= initMovePackageBuilder();
  await ready;
  const result = await testMovePackage({
    files: readPackageFiles(pkg.dir),
    fetcher: fetcherFor(framework, pkg, {}),
    network: BUILD_ENVIRONMENT,
    ansiColor: false,
    silenceWarnings: true,
  });
  if ('error' in result) throw new MoveCompileError(pkg.key, result.category ?? 'unknown', stripAnsi(result.error));
  const output = stripAnsi(result.output);
  const tests = parseTestLines(output);
  if (!result.passed && !tests.some((t) => t.status === 'fail')) {
    // The runner failed without naming a test (e.g. a verifier error): count it as one failure.
    tests.push({ name: `${pkg.key}::<runner>`, status: 'fail' });
  }
  return { package: pkg.key, tests, output };
}
