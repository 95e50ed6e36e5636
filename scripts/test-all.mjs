// `npm test`: typecheck, vitest (unit + integration), Move unit tests and the Move artifact freshness check.
// Each suite prints its own lines; this script adds one summary table and the closing
// "N passed, N failed, N skipped" line. It exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'open-walrus-test-'));
const node = process.execPath;
const suites = [];

function run(name, cmd, args) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return { status: res.status ?? 1, ms: Date.now() - started };
}

// 1. Types: one check, the whole workspace.
{
  const r = run('typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
  suites.push({
    name: 'typecheck',
    passed: r.status === 0 ? 1 : 0,
    failed: r.status === 0 ? 0 : 1,
    skipped: 0,
    ms: r.ms,
  });
}

// 2. vitest: counts from its JSON report.
{
  const report = join(work, 'vitest.json');
  const r = run('vitest', node, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    // A suite that fails to load has no tests but must still count as a failure.
    const failed = json.numFailedTests + (json.numFailedTestSuites > 0 && json.numFailedTests === 0 ? 1 : 0);
    suites.push({ name: 'vitest', passed: json.numPassedTests, failed, skipped, ms: r.ms });
  } else {
    suites.push({ name: 'vitest', passed: 0, failed: 1, skipped: 0, ms: r.ms });
  }
}

// 3. and 4. Move unit tests and artifact freshness; both print MOVE ... SKIPPED when the framework is missing.
for (const [name, command] of [
  ['move tests', 'test'],
  ['move artifacts', 'check'],
]) {
  const summaryFile = join(work, `${command}.json`);
  const r = run(name, node, ['sdk-gen/src/move/cli.ts', command, '--summary', summaryFile]);
  if (existsSync(summaryFile)) {
    const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const failed = s.failed + (r.status !== 0 && s.failed === 0 ? 1 : 0);
    suites.push({
      name,
      passed: s.passed,
      failed,
      skipped: s.skipped,
      ms: r.ms,
      note: s.skipReason ? 'SKIPPED: ' + s.skipReason : undefined,
    });
  } else {
    suites.push({ name, passed: 0, failed: 1, skipped: 0, ms: r.ms });
  }
}

const total = suites.reduce(
  (t, s) => ({ passed: t.passed + s.passed, failed: t.failed + s.failed, skipped: t.skipped + s.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log('\n=== summary');
for (const s of suites) {
  console.log(
    `${s.name.padEnd(15)} ${String(s.passed).padStart(5)} passed ${String(s.failed).padStart(4)} failed ${String(s.skipped).padStart(4)} skipped  ${(s.ms / 1000).toFixed(1)}s${s.note ? '  ' + s.note : ''}`,
  );
}
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
