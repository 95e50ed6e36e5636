// The CLI as an operator runs it: a child process, exit codes, logs.
import { PGlite } from '@electric-sql/pglite';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../db/test-database.ts';
import {
  genericEventPayloads,
  syntheticAddress,
  syntheticCheckpoints,
  writeCheckpointFiles,
} from '../testing/checkpoints.ts';
import { USAGE } from './args.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
/** Ids of the rest of a local deployment (the events pipeline needs only the walrus lineage). */
const LOCAL_IDS = [
  '--wal-package',
  syntheticAddress('wal'),
  '--system-object',
  syntheticAddress('system'),
  '--staking-object',
  syntheticAddress('staking'),
];
const PACKAGE = syntheticAddress('cli-pkg');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;
const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

const logLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the indexer command line', () => {
  let work: string;
  let dir: string;
  let schema: TestSchema;
  let lines: TestSchema;
  let tty: TestSchema;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cli-'));
    dir = join(work, 'checkpoints');
    await writeCheckpointFiles(
      dir,
      syntheticCheckpoints({
        count: 40,
        transactionsPerCheckpoint: 2,
        payloads: genericEventPayloads({ packageId: PACKAGE, eventsPerTransaction: 2 }),
      }),
    );
    schema = await createTestSchema('cli');
    lines = await createTestSchema('cli_lines');
    tty = await createTestSchema('cli_tty');
  });
  afterAll(async () => {
    await schema.drop();
    await lines.drop();
    await tty.drop();
    await rm(work, { recursive: true, force: true });
  });

  const common = ['run', '--deployment', 'local', '--package', PACKAGE, ...LOCAL_IDS, '--metrics-port', '0'];

  it('indexes into PGlite when no database URL is given, and resumes after the watermark', async () => {
    const dataDir = join(work, 'pglite');
    const first = await runCli([...common, '--source', `dir:${dir}`, '--data-dir', dataDir, '--to', '24']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const second = await runCli([...common, '--source', `dir:${dir}`, '--data-dir', dataDir]);
    expect(second.code).toBe(0);
    const finished = logLines(second.stdout).find((l) => l.msg === 'indexing finished')!;
    expect(finished.checkpoints).toBe(15);
    const db = new PGlite(dataDir);
    try {
      const { rows } = await db.query<{ n: number; max: string }>(
        'SELECT count(*)::int AS n, max(checkpoint)::text AS max FROM events',
      );
      expect(rows[0]).toEqual({ n: 160, max: '39' });
      // The walrus domain pipeline runs in the CLI too, with its own watermark.
      const marks = await db.query<{ pipeline: string; checkpoint: string }>(
        'SELECT pipeline, checkpoint::text AS checkpoint FROM pipeline_watermarks ORDER BY pipeline',
      );
      expect(marks.rows).toEqual([
        { pipeline: 'events', checkpoint: '39' },
        { pipeline: 'walrus', checkpoint: '39' },
      ]);
    } finally {
      await db.close();
    }
  });

  it('logs progress as a line (no bar) when stderr is not a terminal', async () => {
    const result = await runCli([
      ...common,
      '--source',
      `dir:${dir}`,
      '--db',
      TEST_DATABASE_URL,
      '--db-schema',
      lines.schema,
      '--to',
      '9',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const progress = logLines(result.stdout).filter((l) => l.progress !== undefined);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)!.msg).toMatch(/^checkpoint 9\/9: /);
  });

  // A pseudo-terminal for stderr through util-linux `script`; stdout goes to a file, as when logs are collected.
  it.skipIf(!HAS_SCRIPT)(
    'draws the progress bar on stderr when it is a terminal, and keeps it out of the logs',
    async () => {
      const logs = join(work, 'tty-logs.jsonl');
      const command = [
        'stty cols 100;',
        shellQuote(process.execPath),
        shellQuote(MAIN),
        ...[...common, '--source', `dir:${dir}`, '--db', TEST_DATABASE_URL, '--db-schema', tty.schema].map(shellQuote),
        '>',
        shellQuote(logs),
      ].join(' ');
      const result = await new Promise<{ code: number | null; terminal: string }>((resolve) => {
        const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let terminal = '';
        child.stdout.on('data', (c: Buffer) => (terminal += c.toString()));
        child.stderr.on('data', (c: Buffer) => (terminal += c.toString()));
        child.once('exit', (code) => resolve({ code, terminal }));
      });
      expect(result.code).toBe(0);
      const frames = result.terminal.split('\r\x1b[2K').slice(1);
      expect(frames.length).toBeGreaterThanOrEqual(1);
      const last = frames.at(-1)!.replace(/\r?\n$/, '');
      expect(last).toMatch(/^\[█{1,40}\]  100\.0%  39\/39  \S+ cp\/s  \S+ ev\/s  done  lag 0$/);
      expect(frames.every((frame) => frame.replace(/\r?\n$/, '').length <= 99)).toBe(true);
      const lines = logLines(await readFile(logs, 'utf8'));
      expect(lines.some((l) => l.msg === 'indexing finished')).toBe(true);
      expect(lines.some((l) => l.progress !== undefined)).toBe(false);
    },
  );

  it('exits non-zero on a corrupt checkpoint, logging its sequence number and source', async () => {
    const broken = join(work, 'broken');
    await writeCheckpointFiles(
      broken,
      syntheticCheckpoints({
        count: 10,
        transactionsPerCheckpoint: 1,
        payloads: genericEventPayloads({ packageId: PACKAGE, eventsPerTransaction: 1 }),
      }),
    );
    await writeFile(join(broken, '6.binpb.zst'), 'not a checkpoint');
    const result = await runCli([
      ...common,
      '--source',
      `dir:${broken}`,
      '--db',
      TEST_DATABASE_URL,
      '--db-schema',
      schema.schema,
    ]);
    expect(result.code).toBe(1);
    const failure = logLines(result.stdout).find((l) => l.level === 50)!;
    expect(failure.msg).toMatch(new RegExp(`checkpoint 6 from dir:${broken} is unusable \\(not-zstd\\)`));
    const { rows } = await schema.pool.query<{ checkpoint: string }>(
      `SELECT checkpoint FROM pipeline_watermarks WHERE pipeline = 'events'`,
    );
    expect(rows[0]!.checkpoint).toBe('5');
  });

  it('prints only the usage text on --help, on stdout, and exits 0', async () => {
    for (const args of [['--help'], ['run', '--help'], ['-h']]) {
      const result = await runCli(args);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(`${USAGE}\n`);
      expect(result.code).toBe(0);
    }
  });

  it('prints the problem and then the usage text on stderr for a bad command line, and exits 2', async () => {
    const result = await runCli(['run', '--deployment', 'local', '--source', 'dir:x', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Unknown option '--bogus'.*\n\nusage: indexer run /s);
    expect(result.stderr.endsWith(`${USAGE}\n`)).toBe(true);
    const missing = await runCli(['serve']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`expected the command "run", got "serve"\n\n${USAGE}\n`);
  });

  it('exits with status 2 and the list of problems on a bad configuration', async () => {
    const result = await runCli(['run', '--deployment', 'devnet', '--source', 'dir:x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--deployment: must be local, testnet or mainnet');
  });
});
