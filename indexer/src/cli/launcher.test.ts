// The `indexer` bin (bin/indexer.mjs) as `npx indexer` runs it in the workspace, and its fallback for a Node
// without type stripping: it starts the CLI under the workspace's Node, passes signals on and keeps exit codes.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../db/test-database.ts';
import { syntheticAddress } from '../testing/checkpoints.ts';
import { USAGE } from './args.ts';

const INDEXER = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKSPACE = join(INDEXER, '..');
const LAUNCHER = join(INDEXER, 'bin', 'indexer.mjs');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], onStdout?: (all: string, child: ReturnType<typeof spawn>) => void) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(command, args, { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The launcher under a Node that cannot run .ts files, so it must start the workspace's Node itself. */
const withoutTypeStripping = (args: string[], onStdout?: Parameters<typeof run>[2]) =>
  run(process.execPath, ['--no-experimental-strip-types', LAUNCHER, ...args], onStdout);

describe('the indexer bin', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('launcher');
  });
  afterAll(async () => {
    await schema.drop();
  });

  it('is declared in the package and linked into the workspace', async () => {
    const manifest = JSON.parse(await readFile(join(INDEXER, 'package.json'), 'utf8')) as { bin: object };
    expect(manifest.bin).toEqual({ indexer: 'bin/indexer.mjs' });
    expect((await readFile(LAUNCHER, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints the usage through `npx indexer --help` and exits 0', async () => {
    const result = await run('npx', ['--offline', 'indexer', '--help']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${USAGE}\n`);
    expect(result.code).toBe(0);
  });

  it('runs the CLI under the workspace Node when the current one cannot strip types, keeping the exit code', async () => {
    const help = await withoutTypeStripping(['--help']);
    expect(help.stdout).toBe(`${USAGE}\n`);
    expect(help.code).toBe(0);
    const bad = await withoutTypeStripping(['run', '--deployment', 'local']);
    expect(bad.stderr).toBe(`--source is required\n\n${USAGE}\n`);
    expect(bad.code).toBe(2);
  });

  it('passes SIGTERM on to the CLI it started, which stops cleanly', async () => {
    let signalled = false;
    const result = await withoutTypeStripping(
      [
        'run',
        '--deployment',
        'local',
        '--package',
        syntheticAddress('launcher-pkg'),
        '--wal-package',
        syntheticAddress('wal'),
        '--system-object',
        syntheticAddress('system'),
        '--staking-object',
        syntheticAddress('staking'),
        // Nothing listens there: a live run retries the full node until it is stopped.
        '--source',
        'grpc:http://127.0.0.1:9',
        '--db',
        TEST_DATABASE_URL,
        '--db-schema',
        schema.schema,
        '--metrics-port',
        '0',
      ],
      (stdout, child) => {
        if (!signalled && stdout.includes('full node call failed, retrying')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    );
    expect(signalled).toBe(true);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('"signal":"SIGTERM"');
    expect(result.stdout).toContain('stopping after the current batch');
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });
});
