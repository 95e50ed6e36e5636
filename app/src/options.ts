// `npm start`'s options: flags and environment, parsed and validated once, before anything is opened or
// generated. Every problem is reported at once; the indexer's and the API's own validators check what they own.
import { parseArgs } from 'node:util';
import { ApiConfigError, parseApiConfig, type ApiConfig } from '@open-walrus/api';
import {
  ConfigError,
  type ConfigPlan,
  type DiscoveredIds,
  type IndexerConfig,
  type PackageDiscoveryPlan,
  planConfig,
  type RawConfig,
} from '@open-walrus/indexer';
import { type SyntheticPlan, syntheticPlan } from './synthetic-network.ts';

export const USAGE = `usage: npm start -- [options]

Runs the indexer and the GraphQL API in one process, on one database.

Without --deployment / --source: a SYNTHETIC Walrus network (generated once, cached under --synthetic-dir).
  --synthetic-seed N          seed of the generated network (default 1)
  --synthetic-checkpoints N   its length in checkpoints (default 800)
  --synthetic-dir <dir>       cache of generated networks (default .data/synthetic)

A real network instead (followed live from --from, default 0):
  --deployment testnet|mainnet|local  --source grpc:<url>|store:<url>|dir:<path>  [--from N]
  [--package <walrus id, original first> ...] [--wal-package <id>] [--system-object <id>]
  [--staking-object <id>] [--deployment-file <json>]
  [--full-node <grpc url>]   where to read the testnet / mainnet package ids when --source is not grpc:

Database: the embedded PGlite in --data-dir (default .data/pglite), or Postgres when DATABASE_URL (or --db) is
  set, in --db-schema (default public).
API: --port N (or PORT, API_PORT; default 4000), --host <addr> (or API_HOST; default 127.0.0.1); API_* limits
  as for \`npm run api\`.
Indexer: --metrics-port N (default 9184, 0 = off), --log-level info|debug|warn|..., --progress-interval-ms N.`;

/** Options that do not validate; the message lists every problem and ends with the usage. */
export class StartOptionsError extends Error {
  override name = 'StartOptionsError';
}

export type NetworkMode =
  { kind: 'synthetic'; plan: SyntheticPlan } | { kind: 'network'; deployment: string; source: string };

export interface StartOptions {
  mode: NetworkMode;
  /** The indexer's configuration; in synthetic mode its source is the cached network's directory. */
  indexer: IndexerConfig;
  /** The API's configuration (its `database` part is unused: the API shares the indexer's database). */
  api: ApiConfig;
}

const FLAGS = {
  'data-dir': { type: 'string' },
  db: { type: 'string' },
  'db-schema': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'synthetic-seed': { type: 'string' },
  'synthetic-checkpoints': { type: 'string' },
  'synthetic-dir': { type: 'string' },
  deployment: { type: 'string' },
  source: { type: 'string' },
  from: { type: 'string' },
  package: { type: 'string', multiple: true },
  'wal-package': { type: 'string' },
  'system-object': { type: 'string' },
  'staking-object': { type: 'string' },
  'deployment-file': { type: 'string' },
  'full-node': { type: 'string' },
  'metrics-port': { type: 'string' },
  'log-level': { type: 'string' },
  'progress-interval-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SYNTHETIC_FLAGS = ['synthetic-seed', 'synthetic-checkpoints', 'synthetic-dir'] as const;
const NETWORK_ONLY_FLAGS = [
  'from',
  'package',
  'wal-package',
  'system-object',
  'staking-object',
  'deployment-file',
  'full-node',
] as const;

/** A whole number in [min, max], or a problem naming the option. */
function wholeNumber(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max}, got "${value}"`);
    return fallback;
  }
  return Number(value);
}

/** The indexer's problems, without its header line (they join ours). */
function indexerProblems(error: ConfigError): string[] {
  return error.message
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
}

/**
 * Validated options that may still need the Walrus package ids read from the chain: with `--deployment testnet`
 * or `mainnet` and no `--package`, the ids come from the System object over gRPC (`discovery`), which `main`
 * does before starting anything.
 */
export interface StartPlan {
  mode: NetworkMode;
  api: ApiConfig;
  logLevel: string;
  /** Set when the package ids must be discovered first. */
  discovery: PackageDiscoveryPlan | undefined;
  /** The options; `discovered` completes the deployment when `discovery` is set. */
  complete(discovered?: DiscoveredIds): StartOptions;
}

/**
 * Parses `npm start`'s command line and environment: `'help'` for --help, else the options. Throws
 * {@link StartOptionsError} listing every problem, also when the package ids would have to be discovered (use
 * {@link planStartOptions} for that); does no I/O beyond what the indexer's validation reads (a
 * `--deployment-file`).
 */
export function parseStartOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): StartOptions | 'help' {
  const plan = planStartOptions(argv, env);
  return plan === 'help' ? plan : plan.complete();
}

/** Like {@link parseStartOptions}, but leaves package discovery (network I/O) to the caller. */
export function planStartOptions(argv: readonly string[], env: Record<string, string | undefined>): StartPlan | 'help' {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new StartOptionsError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) return 'help';
  const problems: string[] = [];

  const network = values.deployment !== undefined || values.source !== undefined;
  if (network) {
    if (values.deployment === undefined)
      problems.push('--deployment: required with --source (testnet, mainnet or local)');
    if (values.source === undefined)
      problems.push('--source: required with --deployment (grpc:<url>, store:<url> or dir:<path>)');
    for (const flag of SYNTHETIC_FLAGS) {
      if (values[flag] !== undefined) problems.push(`--${flag}: only for the synthetic network, not with --deployment`);
    }
  } else {
    for (const flag of NETWORK_ONLY_FLAGS) {
      if (values[flag] !== undefined) problems.push(`--${flag}: only with --deployment and --source`);
    }
  }

  // The API: its own environment variables, with our flags and PORT taking precedence.
  const port = values.port ?? env.PORT;
  if (port !== undefined && !/^\d+$/.test(port))
    problems.push(`--port / PORT: must be a TCP port (0-65535), got "${port}"`);
  let api: ApiConfig | undefined;
  try {
    api = parseApiConfig({
      ...env,
      ...(port !== undefined && /^\d+$/.test(port) ? { API_PORT: port } : {}),
      ...(values.host !== undefined ? { API_HOST: values.host } : {}),
    });
  } catch (error) {
    if (!(error instanceof ApiConfigError)) throw error;
    problems.push(
      ...error.message
        .split('\n')
        .slice(1)
        .map((line) => line.trim().replace(/^API_PORT:/, '--port / PORT / API_PORT:')),
    );
  }
  if (api && api.workers > 1) {
    problems.push(
      'API_WORKERS: npm start serves the API from its own process, next to the indexer; ' +
        'for several API processes run the API alone (node api/src/cli.ts) over the same DATABASE_URL',
    );
  }

  let plan: SyntheticPlan | undefined;
  if (!network) {
    const seed = wholeNumber('--synthetic-seed', values['synthetic-seed'], 1, 0, 2 ** 31 - 1, problems);
    const checkpoints = wholeNumber(
      '--synthetic-checkpoints',
      values['synthetic-checkpoints'],
      800,
      1,
      100_000,
      problems,
    );
    const directory = values['synthetic-dir'] ?? '.data/synthetic';
    if (directory.length === 0) problems.push('--synthetic-dir: must not be empty');
    plan = syntheticPlan(directory, seed, checkpoints);
  }

  // The indexer validates the rest (deployment ids, source, database URL, ports, log level).
  const shared = {
    db: values.db,
    dbSchema: values['db-schema'],
    dataDir: values['data-dir'] ?? '.data/pglite',
    metricsPort: values['metrics-port'],
    logLevel: values['log-level'] as RawConfig['logLevel'],
    progressIntervalMs: values['progress-interval-ms'],
  };
  const raw: RawConfig = plan
    ? {
        ...shared,
        // The generated network's ids are known from its seed before any file is written.
        deployment: 'local',
        source: `dir:${plan.directory}`,
        package: plan.deployment.walrusPackageIds,
        walPackage: plan.deployment.walPackageId,
        systemObject: plan.deployment.systemObjectId,
        stakingObject: plan.deployment.stakingObjectId,
        to: String(plan.checkpoints - 1),
      }
    : {
        ...shared,
        deployment: values.deployment as RawConfig['deployment'],
        source: values.source ?? '',
        from: values.from,
        package: values.package,
        walPackage: values['wal-package'],
        systemObject: values['system-object'],
        stakingObject: values['staking-object'],
        deploymentFile: values['deployment-file'],
        fullNode: values['full-node'],
      };
  let indexerPlan: ConfigPlan | undefined;
  let indexer: IndexerConfig | undefined;
  if (!network || (values.deployment !== undefined && values.source !== undefined)) {
    try {
      indexerPlan = planConfig(raw, env);
      if (indexerPlan.discovery === undefined) indexer = indexerPlan.complete();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...indexerProblems(error));
    }
  }

  const invalid = (found: readonly string[]) =>
    new StartOptionsError(`invalid options for npm start:\n${found.map((p) => `  ${p}`).join('\n')}\n\n${USAGE}`);
  if (problems.length > 0 || indexerPlan === undefined || api === undefined) throw invalid(problems);
  const mode: NetworkMode = plan
    ? { kind: 'synthetic', plan }
    : { kind: 'network', deployment: values.deployment!, source: values.source! };
  const validApi = api;
  const validPlan = indexerPlan;
  return {
    mode,
    api: validApi,
    logLevel: validPlan.logLevel,
    discovery: validPlan.discovery,
    complete(discovered) {
      if (indexer !== undefined) return { mode, indexer, api: validApi };
      try {
        return { mode, indexer: validPlan.complete(discovered), api: validApi };
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw invalid(indexerProblems(error));
      }
    },
  };
}
