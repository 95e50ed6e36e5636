import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactDrift } from './artifacts.ts';
import { buildPackage, MoveCompileError, parseTestLines, type MoveArtifact } from './compile.ts';
import { resolveFramework } from './framework.ts';
import { listMovePackages, packageAt } from './workspace.ts';

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
    const error = await buildPackage(pkg, framework, [pkg]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoveCompileError);
    expect((error as MoveCompileError).diagnostics).toMatch(/oops\.move:4/);
  });
});
