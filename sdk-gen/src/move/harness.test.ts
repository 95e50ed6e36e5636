import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactDrift } from './artifacts.ts';
import { buildPackage, MoveCompileError, parseTestLines, type MoveArtifact } from './compile.ts';
import { resolveFramework } from './framework.ts';
import { localDependencyDir } from './fetcher.ts';
import { listMovePackages, MOVE_ROOT, packageAt } from './workspace.ts';

const framework = await resolveFramework();

describe('Move test output parsing', () => {
  it('reads one result per PASS or FAIL line and ignores colour codes and other lines', () => {
    const output = [
      'Running Move unit tests',
      '[ \u001b[1;92mPASS\u001b[0m    ] wal::wal_tests::burn_works',
      '[ FAIL    ] walrus::blob_tests::certify_twice',
      'Test result: FAILED. Total tests: 2; passed: 1; failed: 1',
    ].join('\n');
    expect(parseTestLines(output)).toEqual([
      { name: 'wal::wal_tests::burn_works', status: 'pass' },
      { name: 'walrus::blob_tests::certify_twice', status: 'fail' },
    ]);
  });
});

describe('artifact freshness', () => {
  const artifact: MoveArtifact = { package: 'WAL', modules: ['AAE='], dependencies: ['0x1', '0x2'], digest: 'ab' };

  it('reports nothing for an identical build', () => {
    expect(artifactDrift(artifact, { ...artifact })).toEqual([]);
  });

  it('names each difference between the committed artifact and a fresh build', () => {
    expect(artifactDrift(artifact, { ...artifact, digest: 'cd', modules: ['AAI='] })).toEqual([
      'digest ab != fresh cd',
      'module bytecode differs',
    ]);
    expect(artifactDrift(undefined, artifact)).toEqual(['no committed artifact']);
  });
});

describe('framework resolution', () => {
  it('names the variable and the doc to read when SUI_FRAMEWORK_DIR points at nothing useful', async () => {
    const result = await resolveFramework({ SUI_FRAMEWORK_DIR: '/nonexistent/framework' });
    expect(result.kind).toBe('unavailable');
    if (result.kind === 'unavailable') {
      expect(result.reason).toContain('SUI_FRAMEWORK_DIR');
      expect(result.reason).toContain('MOVE-TOOLCHAIN.md');
    }
  });

  it('accepts a folder holding move-stdlib and sui-framework', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-'));
    for (const pkg of ['move-stdlib', 'sui-framework']) {
      mkdirSync(join(dir, pkg));
      writeFileSync(join(dir, pkg, 'Move.toml'), '[package]\nname = "x"\n');
    }
    expect(await resolveFramework({ SUI_FRAMEWORK_DIR: dir })).toEqual({ kind: 'local', dir });
  });
});

describe('local dependency paths as the compiler passes them', () => {
  const ctx = (parentLocal?: string) => ({
    dependencyName: 'WAL',
    parentPackageName: parentLocal === undefined ? 'Root' : 'Walrus',
    parentSource: parentLocal === undefined ? { type: 'local' } : { type: 'local', local: parentLocal },
    network: 'mainnet' as const,
  });

  it('resolves a dependency of the root package against the root folder', () => {
    expect(localDependencyDir('/work/pkgs/app', '../walrus', ctx(), new Map())).toBe('/work/pkgs/walrus');
  });

  it('resolves a dependency of a relative dependency against that dependency, not the root', () => {
    // root /a/b/app -> ../../repo/move/walrus -> ../wal arrives joined: ../../repo/move/wal (root-relative).
    const seen = new Map([['../../repo/move/walrus', '/repo/move/walrus']]);
    expect(localDependencyDir('/a/b/app', '../../repo/move/wal', ctx('../../repo/move/walrus'), seen)).toBe(
      '/repo/move/wal',
    );
  });

  it('resolves a dependency of an absolute dependency whose joined path lost its leading slash', () => {
    const seen = new Map([['/repo/move/walrus', '/repo/move/walrus']]);
    expect(localDependencyDir('/tmp/app', 'repo/move/wal', ctx('/repo/move/walrus'), seen)).toBe('/repo/move/wal');
  });

  it('follows a chain of three local packages', () => {
    const seen = new Map([
      ['../lib', '/p/lib'],
      ['../core', '/p/core'],
    ]);
    expect(localDependencyDir('/p/app', '../base', ctx('../core'), seen)).toBe('/p/base');
    expect(localDependencyDir('/p/app', '../../x/deep', ctx('../core'), new Map([['../core', '/p/q/core']]))).toBe(
      '/p/x/deep',
    );
  });
});

describe('package discovery', () => {
  it('lists wal before walrus so dependencies build first', () => {
    const keys = listMovePackages().map((p) => p.key);
    expect(keys.indexOf('wal')).toBe(0);
    expect(keys.indexOf('walrus')).toBeGreaterThan(0);
  });
});

describe.skipIf(framework.kind !== 'local')('compiling with the local framework', () => {
  it('shows the compiler diagnostics with file and line for a broken package', async () => {
    if (framework.kind !== 'local') return;
    const dir = mkdtempSync(join(tmpdir(), 'broken-move-'));
    mkdirSync(join(dir, 'sources'));
    writeFileSync(
      join(dir, 'Move.toml'),
      '[package]\nname = "Broken"\nedition = "2024"\n\n[addresses]\nbroken = "0x0"\n',
    );
    writeFileSync(join(dir, 'sources', 'oops.move'), 'module broken::oops;\n\npublic fun f(): u64 {\n    true\n}\n');
    const pkg = packageAt(dir);
    const error = await buildPackage(pkg, framework).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoveCompileError);
    expect((error as MoveCompileError).diagnostics).toMatch(/oops\.move:4/);
  });

  const outsidePackage = (walrusDependency: (dir: string) => string) => {
    const dir = mkdtempSync(join(tmpdir(), 'walrus-user-'));
    mkdirSync(join(dir, 'sources'));
    writeFileSync(
      join(dir, 'Move.toml'),
      `[package]\nname = "WalrusUser"\nedition = "2024"\n\n[dependencies]\nWalrus = { local = "${walrusDependency(dir)}" }\n\n[addresses]\nwalrus_user = "0x0"\n`,
    );
    writeFileSync(
      join(dir, 'sources', 'user.move'),
      'module walrus_user::user;\n\nuse walrus::system::System;\n\npublic fun epoch_of(system: &System): u32 {\n    system.epoch()\n}\n',
    );
    return packageAt(dir);
  };

  it('compiles a package outside move/ that depends on walrus by relative path, walrus itself depending on wal', async () => {
    if (framework.kind !== 'local') return;
    const pkg = outsidePackage((dir) => relative(dir, join(MOVE_ROOT, 'walrus')));
    const artifact = await buildPackage(pkg, framework);
    expect(artifact.package).toBe('WalrusUser');
    expect(artifact.modules).toHaveLength(1);
  }, 120_000);

  it('compiles a package outside move/ that depends on walrus by absolute path', async () => {
    if (framework.kind !== 'local') return;
    const pkg = outsidePackage(() => join(MOVE_ROOT, 'walrus'));
    const artifact = await buildPackage(pkg, framework);
    expect(artifact.modules).toHaveLength(1);
  }, 120_000);
});
