// Command-line parsing: flags to the raw (string) configuration that `parseConfig` validates.
import { parseArgs } from 'node:util';
import type { RawConfig } from '../config/config.ts';

export const USAGE = `usage: indexer run --deployment local|testnet|mainnet --source grpc:<url>|store:<url>|dir:<path>
                   [--from N] [--to N] [--db <postgres url>] [--db-schema <name>] [--data-dir <pglite dir>]
                   [--deployment-file <publish output json>] [--package <walrus id, original first> ...]
                   [--wal-package <id>] [--system-object <id>] [--staking-object <id>]
                   [--full-node <grpc url>] [--metrics-host <host>] [--metrics-port <port, 0 = off>]
                   [--batch-checkpoints N] [--batch-rows N] [--batch-latency-ms N]
                   [--log-level info|debug|...] [--progress-interval-ms N]

Without --db (or DATABASE_URL) the indexer writes to an embedded PGlite database in --data-dir.
For testnet / mainnet without --package the package ids are read from the System object over gRPC (the grpc:
source, or --full-node with another source).
Without --to it follows the source's tip; with --to it stops after that checkpoint.`;

/** A command line that cannot run; the CLI prints the message, then the usage, and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What the command line asks for: the usage text (`--help`, exit 0) or an indexing run. */
export type Command = { command: 'help' } | { command: 'run'; raw: RawConfig };

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        deployment: { type: 'string' },
        source: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        db: { type: 'string' },
        'db-schema': { type: 'string' },
        'data-dir': { type: 'string' },
        'deployment-file': { type: 'string' },
        package: { type: 'string', multiple: true },
        'wal-package': { type: 'string' },
        'system-object': { type: 'string' },
        'staking-object': { type: 'string' },
        'full-node': { type: 'string' },
        'metrics-host': { type: 'string' },
        'metrics-port': { type: 'string' },
        'batch-checkpoints': { type: 'string' },
        'batch-rows': { type: 'string' },
        'batch-latency-ms': { type: 'string' },
        'log-level': { type: 'string' },
        'progress-interval-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  // Help wins over everything else on the line, so `indexer run --help` works without the required flags.
  if (values.help) return { command: 'help' };
  if (positionals.length !== 1 || positionals[0] !== 'run') {
    throw new UsageError(
      `expected the command "run", got ${positionals.length ? `"${positionals.join(' ')}"` : 'none'}`,
    );
  }
  if (values.deployment === undefined) throw new UsageError('--deployment is required');
  if (values.source === undefined) throw new UsageError('--source is required');
  const raw: RawConfig = {
    deployment: values.deployment as RawConfig['deployment'],
    source: values.source,
    from: values.from,
    to: values.to,
    db: values.db,
    dbSchema: values['db-schema'],
    dataDir: values['data-dir'],
    deploymentFile: values['deployment-file'],
    package: values.package,
    walPackage: values['wal-package'],
    systemObject: values['system-object'],
    stakingObject: values['staking-object'],
    fullNode: values['full-node'],
    metricsHost: values['metrics-host'],
    metricsPort: values['metrics-port'],
    batchCheckpoints: values['batch-checkpoints'],
    batchRows: values['batch-rows'],
    batchLatencyMs: values['batch-latency-ms'],
    logLevel: values['log-level'] as RawConfig['logLevel'],
    progressIntervalMs: values['progress-interval-ms'],
  };
  return { command: 'run', raw };
}
