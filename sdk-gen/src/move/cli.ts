// `npm run move:build | move:test | move:check`: the Move toolchain entry point.
//   build [pkg..]  compile and write move/artifacts/<pkg>.json
//   test  [pkg..]  run Move unit tests, one line per test, closing "N passed, N failed"
//   check [pkg..]  fail when a committed artifact differs from a fresh build
// `--summary FILE` writes the counts as JSON for scripts/test-all.mjs.
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { artifactDrift, readArtifact, writeArtifact } from './artifacts.ts';
import { buildPackage, MoveCompileError, testPackage } from './compile.ts';
import { resolveFramework } from './framework.ts';
import { listMovePackages, packageAt, REPO_ROOT } from './workspace.ts';

interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  skipReason?: string;
}

function parseArgs(argv: string[]): { command: string; only: string[]; summaryFile?: string } {
  const [command = '', ...rest] = argv;
  const only: string[] = [];
  let summaryFile: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--summary') summaryFile = rest[++i];
    else only.push(rest[i]!);
  }
  return { command, only, summaryFile };
}

async function main(): Promise<number> {
  const { command, only, summaryFile } = parseArgs(process.argv.slice(2));
  if (!['build', 'test', 'check'].includes(command)) {
    console.error('usage: cli.ts build|test|check [package-key...] [--summary file]');
    return 2;
  }
  // A path (containing '/') names a package folder outside move/, e.g. a scratch copy being developed.
  const outside = only.filter((k) => k.includes('/')).map((dir) => packageAt(resolve(dir)));
  const all = [...listMovePackages(), ...outside];
  const selected = only.length === 0 ? all : all.filter((p) => only.includes(p.key) || outside.includes(p));
  const unknown = only.filter((k) => !k.includes('/') && !all.some((p) => p.key === k));
  if (unknown.length > 0) {
    console.error(`unknown Move package(s): ${unknown.join(', ')}; known: ${all.map((p) => p.key).join(', ')}`);
    return 2;
  }
  const summary: Summary = { passed: 0, failed: 0, skipped: 0 };
  const finish = (code: number) => {
    if (summaryFile) writeFileSync(summaryFile, JSON.stringify(summary));
    return code;
  };

  const framework = await resolveFramework();
  if (framework.kind === 'unavailable') {
    summary.skipped = selected.length;
    summary.skipReason = framework.reason;
    const what =
      command === 'test'
        ? 'MOVE TESTS SKIPPED'
        : command === 'check'
          ? 'MOVE ARTIFACT CHECK SKIPPED'
          : 'MOVE BUILD FAILED';
    console.log(`${what}: ${framework.reason}`);
    if (command === 'build') return finish(1);
    console.log(`move ${command}: 0 passed, 0 failed, ${selected.length} skipped`);
    return finish(0);
  }
  console.log(`Move framework: ${framework.kind === 'local' ? framework.dir : 'GitHub (compiler-pinned revision)'}`);

  for (const pkg of selected) {
    const started = Date.now();
    try {
      if (command === 'build' && outside.includes(pkg)) {
        await buildPackage(pkg, framework);
        console.log(`compiled ${pkg.dir} (no artifact written for packages outside move/)`);
        summary.passed++;
      } else if (command === 'build') {
        const path = writeArtifact(pkg, await buildPackage(pkg, framework));
        console.log(`built ${pkg.key} -> ${relative(REPO_ROOT, path)} (${Date.now() - started} ms)`);
        summary.passed++;
      } else if (command === 'check') {
        const drift = artifactDrift(readArtifact(pkg), await buildPackage(pkg, framework));
        if (drift.length === 0) {
          console.log(`PASS artifact of ${pkg.key} is fresh`);
          summary.passed++;
        } else {
          console.log(
            `FAIL artifact of ${pkg.key} is stale: ${drift.join('; ')}. Run \`npm run move:build\` and commit move/artifacts.`,
          );
          summary.failed++;
        }
      } else {
        const result = await testPackage(pkg, framework);
        for (const t of result.tests) console.log(`${t.status === 'pass' ? 'PASS' : 'FAIL'} ${t.name}`);
        const failed = result.tests.filter((t) => t.status === 'fail').length;
        if (failed > 0) console.log(result.output);
        summary.passed += result.tests.length - failed;
        summary.failed += failed;
        console.log(
          `${pkg.key}: ${result.tests.length - failed} passed, ${failed} failed (${Date.now() - started} ms)`,
        );
      }
    } catch (err) {
      summary.failed++;
      if (err instanceof MoveCompileError) console.log(`FAIL ${pkg.key}: ${err.message}`);
      else throw err;
    }
  }
  console.log(`move ${command}: ${summary.passed} passed, ${summary.failed} failed`);
  return finish(summary.failed > 0 ? 1 : 0);
}

process.exitCode = await main();
