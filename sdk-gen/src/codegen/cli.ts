// `npm run sdk:gen` writes sdk-gen/src/generated from move/artifacts; `npm run sdk:gen -- --check` only compares
// and exits 1 when the committed files differ from a fresh generation (the CI staleness check).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../move/workspace.ts';
import { generate, readGeneratorInput } from './generate.ts';

export const GENERATED_DIR = join(REPO_ROOT, 'sdk-gen', 'src', 'generated');

/** Every .ts file under the generated folder, as paths relative to it. */
export function listGeneratedFiles(dir: string = GENERATED_DIR): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** Differences between the files on disk and `fresh`, in words; empty when the committed output is fresh. */
export function generatedDrift(fresh: Map<string, string>, dir: string = GENERATED_DIR): string[] {
  const drift: string[] = [];
  const onDisk = new Set(listGeneratedFiles(dir));
  for (const [path, text] of fresh) {
    if (!onDisk.has(path)) drift.push(`missing ${path}`);
    else if (readFileSync(join(dir, path), 'utf8') !== text) drift.push(`changed ${path}`);
  }
  for (const path of onDisk) if (!fresh.has(path)) drift.push(`extra ${path}`);
  return drift;
}

/** The `--check` verdict for `fresh` against `dir`: exit code and the lines to print. */
export function checkGenerated(
  fresh: Map<string, string>,
  dir: string = GENERATED_DIR,
): { code: number; lines: string[] } {
  const where = relative(REPO_ROOT, dir) || dir;
  const drift = generatedDrift(fresh, dir);
  if (drift.length === 0) return { code: 0, lines: [`PASS ${where} is fresh (${fresh.size} files)`] };
  return {
    code: 1,
    lines: [
      `FAIL ${where} is stale (${drift.length} difference(s)):`,
      ...drift.map((d) => `  ${d}`),
      'Run `npm run sdk:gen` and commit sdk-gen/src/generated.',
    ],
  };
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`usage: cli.ts [--check]; unknown argument(s): ${unknown.join(' ')}`);
    return 2;
  }
  const input = readGeneratorInput(REPO_ROOT);
  const fresh = generate(input);
  const where = relative(REPO_ROOT, GENERATED_DIR);
  if (check) {
    const verdict = checkGenerated(fresh);
    for (const line of verdict.lines) console.log(line);
    return verdict.code;
  }
  for (const path of listGeneratedFiles()) if (!fresh.has(path)) rmSync(join(GENERATED_DIR, path));
  for (const [path, text] of fresh) {
    const target = join(GENERATED_DIR, path);
    mkdirSync(dirname(target), { recursive: true });
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
  }
  const packages = input.packages.map((p) => `${p.alias} (${p.artifact.modules.length} modules)`).join(', ');
  console.log(`generated ${fresh.size} files in ${where} from ${packages}`);
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
