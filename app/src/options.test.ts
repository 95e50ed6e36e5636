import { describe, expect, it } from 'vitest';
import { parseStartOptions, planStartOptions, StartOptionsError, type StartOptions } from './options.ts';
import { syntheticPlan } from './synthetic-network.ts';

function parse(argv: string[], env: Record<string, string> = {}): StartOptions {
  const options = parseStartOptions(argv, env);
  if (options === 'help') throw new Error('unexpected help');
  return options;
}

function problems(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseStartOptions(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(StartOptionsError);
    return (error as Error).message;
  }
  throw new Error('the options were accepted');
}

describe("npm start's options", () => {
  it('default to the synthetic network in .data on PGlite, API on port 4000', () => {
    const options = parse([]);
    const plan = syntheticPlan('.data/synthetic', 1, 800);
    expect(options.mode).toEqual({ kind: 'synthetic', plan });
    expect(options.indexer.source).toEqual({ kind: 'dir', path: '.data/synthetic/seed-1-800-checkpoints' });
    expect(options.indexer.database).toEqual({ kind: 'pglite', dataDir: '.data/pglite' });
    expect(options.indexer.to).toBe(799n);
    expect(options.indexer.deployment.systemObjectId).toBe(plan.deployment.systemObjectId);
    expect(options.indexer.deployment.walrusPackageIds).toEqual(plan.deployment.walrusPackageIds);
    expect(options.api.port).toBe(4000);
    expect(options.api.host).toBe('127.0.0.1');
  });

  it('size and place the synthetic network from flags', () => {
    const options = parse(['--synthetic-seed', '7', '--synthetic-checkpoints', '120', '--synthetic-dir', '/tmp/x']);
    expect(options.mode.kind === 'synthetic' && options.mode.plan.directory).toBe('/tmp/x/seed-7-120-checkpoints');
    expect(options.indexer.to).toBe(119n);
  });

  it('take the port from --port first, then PORT, then API_PORT', () => {
    expect(parse(['--port', '5001'], { PORT: '5002', API_PORT: '5003' }).api.port).toBe(5001);
    expect(parse([], { PORT: '5002', API_PORT: '5003' }).api.port).toBe(5002);
    expect(parse([], { API_PORT: '5003' }).api.port).toBe(5003);
  });

  it('switch to Postgres when DATABASE_URL is set', () => {
    const options = parse(['--db-schema', 'demo'], { DATABASE_URL: 'postgres://u@localhost/walrus' });
    expect(options.indexer.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@localhost/walrus',
      schema: 'demo',
    });
  });

  it('follow a real network given --deployment and --source, with the id flags of the indexer', () => {
    const options = parse([
      '--deployment',
      'testnet',
      '--source',
      'grpc:https://fullnode.testnet.sui.io:443',
      '--package',
      '0x1234',
      '--wal-package',
      '0x5678',
      '--from',
      '250000000',
    ]);
    expect(options.mode).toEqual({
      kind: 'network',
      deployment: 'testnet',
      source: 'grpc:https://fullnode.testnet.sui.io:443',
    });
    expect(options.indexer.source).toEqual({ kind: 'grpc', url: 'https://fullnode.testnet.sui.io:443' });
    expect(options.indexer.from).toBe(250000000n);
    expect(options.indexer.to).toBeUndefined();
    expect(options.indexer.deployment.walrusPackageIds[0]).toBe(`0x${'0'.repeat(60)}1234`);
  });

  it('leave the package ids of a testnet preset to discovery from the System object over the gRPC source', () => {
    const argv = ['--deployment', 'testnet', '--source', 'grpc:http://127.0.0.1:9000'];
    const plan = planStartOptions(argv, {});
    if (plan === 'help') throw new Error('unexpected help');
    expect(plan.discovery).toMatchObject({ url: 'http://127.0.0.1:9000', network: 'testnet' });
    expect(plan.discovery!.systemObjectId).toMatch(/^0x[0-9a-f]{64}$/);
    // Without the discovered ids there is no configuration to run, and the error says what is missing.
    expect(() => plan.complete()).toThrow(StartOptionsError);
    expect(() => parseStartOptions(argv, {})).toThrow(StartOptionsError);
    const original = `0x${'a'.repeat(64)}`;
    const upgraded = `0x${'b'.repeat(64)}`;
    const wal = `0x${'c'.repeat(64)}`;
    const options = plan.complete({ walrusPackageIds: [original, upgraded], walPackageId: wal });
    expect(options.indexer.deployment.walrusPackageIds).toEqual([original, upgraded]);
    expect(options.indexer.deployment.walPackageId).toBe(wal);
    expect(options.indexer.deployment.systemObjectId).toBe(plan.discovery!.systemObjectId);
    expect(options.indexer.source).toEqual({ kind: 'grpc', url: 'http://127.0.0.1:9000' });
  });

  it('read the package ids of a preset over --full-node when the source is a checkpoint store', () => {
    const plan = planStartOptions(
      [
        '--deployment',
        'mainnet',
        '--source',
        'store:https://checkpoints.example',
        '--full-node',
        'http://127.0.0.1:9000',
      ],
      {},
    );
    if (plan === 'help') throw new Error('unexpected help');
    expect(plan.discovery).toMatchObject({ url: 'http://127.0.0.1:9000', network: 'mainnet' });
    expect(() => parse(['--full-node', 'http://127.0.0.1:9000'])).toThrow(/--full-node: only with --deployment/);
  });

  it('list every problem at once', () => {
    const message = problems(['--source', 'grpc:https://x', '--synthetic-seed', '2', '--port', 'eighty'], {
      DATABASE_URL: 'mysql://nope',
    });
    expect(message).toContain('--deployment: required with --source');
    expect(message).toContain('--synthetic-seed: only for the synthetic network, not with --deployment');
    expect(message).toContain('--port / PORT: must be a TCP port (0-65535), got "eighty"');
    expect(message).toContain('DATABASE_URL must start with postgres://');
    expect(message).toContain('usage: npm start');
  });

  it('refuse network flags without a network, and bad synthetic sizes', () => {
    const message = problems(['--package', '0x1', '--synthetic-checkpoints', '0']);
    expect(message).toContain('--package: only with --deployment and --source');
    expect(message).toContain('--synthetic-checkpoints: must be a whole number from 1 to 100000, got "0"');
  });

  it("pass on the indexer's own checks of a real deployment", () => {
    const message = problems(['--deployment', 'mainnet', '--source', 'ftp://x']);
    expect(message).toContain('--source: must be grpc:<url>, store:<url> or dir:<path>, got "ftp://x"');
    expect(problems(['--deployment', 'devnet', '--source', 'dir:x'])).toContain(
      '--deployment: must be local, testnet or mainnet',
    );
  });

  it('refuse several API workers: the API runs inside this process', () => {
    expect(problems([], { DATABASE_URL: 'postgres://127.0.0.1/x', API_WORKERS: '2' })).toContain(
      'API_WORKERS: npm start serves the API from its own process',
    );
    expect(parse([], { DATABASE_URL: 'postgres://127.0.0.1/x', API_WORKERS: '1' }).api.workers).toBe(1);
  });

  it('refuse unknown flags, and answer --help with the usage', () => {
    expect(problems(['--colour'])).toMatch(/Unknown option '--colour'[\s\S]*usage: npm start/);
    expect(parseStartOptions(['--help'], {})).toBe('help');
  });
});
