import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../cli/args.ts';
import { ConfigError, parseConfig, planConfig } from './config.ts';
import { WALRUS_PRESETS } from '@open-walrus/sdk';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageLineage } from './deployment.ts';

const PKG = '0x' + 'ab'.repeat(32);
const WAL = '0x' + 'cd'.repeat(32);
const SYSTEM = '0x' + '5e'.repeat(32);
const STAKING = '0x' + '57'.repeat(32);
/** Flags completing a local deployment besides the walrus lineage. */
const LOCAL_IDS = ['--wal-package', WAL, '--system-object', SYSTEM, '--staking-object', STAKING];

function command(argv: string[]) {
  const parsed = parseCommandLine(argv);
  if (parsed.command !== 'run') throw new Error(`expected a run command line, got ${parsed.command}`);
  return parsed.raw;
}

function configFrom(argv: string[], env: Record<string, string> = {}) {
  return parseConfig(command(argv), env);
}

const LOCAL_ARGS = ['run', '--deployment', 'local', '--package', PKG, ...LOCAL_IDS];

describe('indexer configuration', () => {
  it('parses a full command line into a validated configuration', () => {
    const config = configFrom([
      'run',
      '--deployment',
      'local',
      '--package',
      '0xab',
      '--package',
      PKG,
      '--source',
      'store:https://checkpoints.example/',
      '--from',
      '10',
      '--to',
      '20',
      '--db',
      'postgres://u@h/db',
      '--db-schema',
      'walrus',
      '--metrics-port',
      '9999',
      '--batch-rows',
      '1000',
      ...LOCAL_IDS,
    ]);
    expect(config.source).toEqual({ kind: 'store', url: 'https://checkpoints.example/' });
    expect([config.from, config.to]).toEqual([10n, 20n]);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db', schema: 'walrus' });
    expect(config.metrics).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(config.batch.maxRows).toBe(1000);
    expect(config.deployment).toEqual({
      network: 'localnet',
      walPackageId: WAL,
      walrusPackageIds: ['0x' + '0'.repeat(62) + 'ab', PKG],
      systemObjectId: SYSTEM,
      stakingObjectId: STAKING,
    });
  });

  it('uses PGlite in the data directory without a database URL, and DATABASE_URL when set', () => {
    const base = ['run', '--deployment', 'local', '--package', PKG, '--source', 'dir:/data/cp', ...LOCAL_IDS];
    expect(configFrom([...base, '--data-dir', '/var/idx']).database).toEqual({ kind: 'pglite', dataDir: '/var/idx' });
    expect(configFrom(base, { DATABASE_URL: 'postgres://x@y/z' }).database).toMatchObject({
      kind: 'postgres',
      url: 'postgres://x@y/z',
    });
    expect(configFrom([...base, '--metrics-port', '0']).metrics).toBeUndefined();
  });

  it('puts the configured ids before the preset ones so the original package leads the mainnet lineage', () => {
    const config = configFrom([
      'run',
      '--deployment',
      'mainnet',
      '--package',
      PKG,
      '--source',
      'grpc:https://fullnode.example:443',
    ]);
    expect(config.deployment.walrusPackageIds).toEqual([PKG, ...WALRUS_PRESETS.mainnet.walrusPackageIds!]);
    expect(packageLineage(config.deployment.walrusPackageIds).originalId).toBe(PKG);
    expect(config.deployment.systemObjectId).toBe(WALRUS_PRESETS.mainnet.systemObjectId);
  });

  it('reads a local deployment from our publish output file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'deployment-')), 'local.json');
    writeFileSync(
      file,
      JSON.stringify({
        network: 'localnet',
        walPackageId: WAL,
        walrusPackageIds: [PKG],
        systemObjectId: SYSTEM,
        stakingObjectId: STAKING,
      }),
    );
    const config = configFrom(['run', '--deployment', 'local', '--deployment-file', file, '--source', 'dir:x']);
    expect(config.deployment.walrusPackageIds).toEqual([PKG]);
    expect(config.deployment.stakingObjectId).toBe(STAKING);
  });

  it('lists every bad value with the flag it came from', () => {
    const error = (() => {
      try {
        configFrom([
          'run',
          '--deployment',
          'local',
          '--package',
          'zz',
          '--source',
          'ftp:x',
          '--from=-1',
          '--to',
          'x',
          '--db',
          'mysql://a',
          '--batch-rows',
          '0',
        ]);
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    for (const flag of ['--package', '--source', '--from', '--to', '--db', '--batch-rows'])
      expect(error.message).toContain(`${flag}:`);
  });

  it('rejects an end before the start', () => {
    expect(() =>
      configFrom([
        'run',
        '--deployment',
        'local',
        '--package',
        PKG,
        '--source',
        'dir:x',
        '--from',
        '9',
        '--to',
        '3',
        ...LOCAL_IDS,
      ]),
    ).toThrow(/--to: must not be below --from/);
  });

  it('asks for the ids a preset lacks, naming the field', () => {
    expect(() => configFrom(['run', '--deployment', 'testnet', '--source', 'dir:x'])).toThrow(
      /--deployment: the testnet preset does not name the walrus package lineage \(no package id\)\. Give --package/,
    );
    // Mainnet's preset knows the current package only: without the original, older event types would be missed.
    expect(() => configFrom(['run', '--deployment', 'mainnet', '--source', 'store:https://cp.example'])).toThrow(
      /the mainnet preset does not name the walrus package lineage \(only the current package, not the original one older types carry\).*--full-node <url>/,
    );
    expect(() => configFrom(['run', '--deployment', 'testnet', '--source', 'dir:x', '--package', PKG])).toThrow(
      /walPackageId must be a hex Sui object id/,
    );
    const testnet = configFrom([
      'run',
      '--deployment',
      'testnet',
      '--source',
      'dir:x',
      '--package',
      PKG,
      '--wal-package',
      WAL,
    ]);
    expect(testnet.deployment.systemObjectId).toBe(WALRUS_PRESETS.testnet.systemObjectId);
  });

  it('plans package discovery for a preset without package ids: from the grpc source, or --full-node', () => {
    const grpc = planConfig(
      command(['run', '--deployment', 'testnet', '--source', 'grpc:https://fullnode.example:443']),
    );
    expect(grpc.discovery).toEqual({
      url: 'https://fullnode.example:443',
      systemObjectId: WALRUS_PRESETS.testnet.systemObjectId,
      network: 'testnet',
    });
    // Until the ids are known there is no configuration to run with.
    expect(() => grpc.complete()).toThrow(ConfigError);
    const config = grpc.complete({ walrusPackageIds: [PKG, '0x' + 'ef'.repeat(32)], walPackageId: WAL });
    expect(config.deployment).toEqual({
      network: 'testnet',
      walPackageId: WAL,
      walrusPackageIds: [PKG, '0x' + 'ef'.repeat(32)],
      systemObjectId: WALRUS_PRESETS.testnet.systemObjectId,
      stakingObjectId: WALRUS_PRESETS.testnet.stakingObjectId,
    });

    const store = planConfig(
      command([
        'run',
        '--deployment',
        'mainnet',
        '--source',
        'store:https://checkpoints.example',
        '--full-node',
        'https://node.example',
        '--system-object',
        SYSTEM,
      ]),
    );
    expect(store.discovery).toEqual({ url: 'https://node.example', systemObjectId: SYSTEM, network: 'mainnet' });
    // The lineage read from the chain replaces the preset's (which may be stale); flags still win for the rest.
    const mainnet = store.complete({ walrusPackageIds: [PKG], walPackageId: WAL });
    expect(mainnet.deployment.walrusPackageIds).toEqual([PKG]);
    expect(mainnet.deployment.walPackageId).toBe(WAL);
    expect(mainnet.deployment.systemObjectId).toBe(SYSTEM);
  });

  it('needs no discovery when the ids are configured, and refuses --full-node then', () => {
    const given = planConfig(
      command([
        'run',
        '--deployment',
        'testnet',
        '--source',
        'grpc:https://n.example',
        '--package',
        PKG,
        '--wal-package',
        WAL,
      ]),
    );
    expect(given.discovery).toBeUndefined();
    expect(given.complete().deployment.walrusPackageIds).toEqual([PKG]);
    expect(planConfig(command([...LOCAL_ARGS, '--source', 'grpc:https://n.example'])).discovery).toBeUndefined();
    expect(() =>
      planConfig(
        command([
          'run',
          '--deployment',
          'mainnet',
          '--package',
          PKG,
          '--source',
          'dir:x',
          '--full-node',
          'https://n.example',
        ]),
      ),
    ).toThrow(/--full-node: only used to discover the package ids/);
    expect(() =>
      planConfig(command(['run', '--deployment', 'testnet', '--source', 'dir:x', '--full-node', 'ftp://n'])),
    ).toThrow(/--full-node: must be the http\(s\) URL of a Sui full node/);
  });

  it('rejects unknown commands, unknown flags and missing required flags', () => {
    expect(() => parseCommandLine(['serve'])).toThrow(UsageError);
    expect(() => parseCommandLine(['run', '--deployment', 'local', '--source', 'dir:x', '--bogus'])).toThrow(
      /Unknown option '--bogus'/,
    );
    expect(() => parseCommandLine(['run', '--source', 'dir:x'])).toThrow(/--deployment is required/);
  });
});
