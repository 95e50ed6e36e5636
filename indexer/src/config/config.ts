// The indexer's configuration: parsed and validated once at start-up from command-line flags and the
// environment, with one clear message per bad value. Nothing else reads process.env.
import { normalizeSuiAddress, isValidSuiAddress } from '@mysten/sui/utils';
import { z } from 'zod';
import type { DatabaseConfig } from '../db/open.ts';
import type { BatchLimits } from '../pipeline/runner.ts';
import type { SourceConfig } from '../sources/from-config.ts';
import { WALRUS_PRESETS } from '@open-walrus/sdk';
import { type Deployment, DeploymentError, type DeploymentName, resolveDeployment } from './deployment.ts';

export interface IndexerConfig {
  deployment: Deployment;
  source: SourceConfig;
  from?: bigint;
  to?: bigint;
  database: DatabaseConfig;
  metrics: { host: string; port: number } | undefined;
  batch: BatchLimits;
  logLevel: string;
  progressIntervalMs: number;
}

/** Configuration that does not validate; the message lists every problem. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const checkpointNumber = z
  .string()
  .regex(/^\d+$/, 'must be a checkpoint sequence number (a non-negative integer)')
  .transform((s) => BigInt(s));

const address = z
  .string()
  .refine(
    (s) => isValidSuiAddress(normalizeSuiAddress(s)) && /^0x[0-9a-fA-F]{1,64}$/.test(s),
    'must be a Sui address (0x + up to 64 hex digits)',
  )
  .transform((s) => normalizeSuiAddress(s));

const sourceSpec = z.string().transform((spec, ctx): SourceConfig => {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (colon > 0 && rest.length > 0) {
    if (kind === 'dir') return { kind: 'dir', path: rest };
    if (kind === 'grpc' || kind === 'store') {
      if (/^https?:\/\/[^/]/.test(rest)) return { kind, url: rest };
      ctx.addIssue({ code: 'custom', message: `${kind}: needs an http(s) URL, got "${rest}"` });
      return z.NEVER;
    }
  }
  ctx.addIssue({ code: 'custom', message: `must be grpc:<url>, store:<url> or dir:<path>, got "${spec}"` });
  return z.NEVER;
});

const positiveInt = (what: string) =>
  z.coerce.number().int(`${what} must be an integer`).positive(`${what} must be positive`);

/** Raw values as they come from flags / environment (strings), before validation. */
export const rawConfigSchema = z
  .object({
    deployment: z.enum(['local', 'testnet', 'mainnet'], { message: 'must be local, testnet or mainnet' }),
    source: sourceSpec,
    from: checkpointNumber.optional(),
    to: checkpointNumber.optional(),
    db: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    dbSchema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
      .default('public'),
    dataDir: z.string().min(1).default('indexer-data'),
    deploymentFile: z.string().min(1).optional(),
    fullNode: z
      .string()
      .regex(/^https?:\/\/[^/]/, 'must be the http(s) URL of a Sui full node (gRPC)')
      .optional(),
    package: z.array(address).default([]),
    walPackage: address.optional(),
    systemObject: address.optional(),
    stakingObject: address.optional(),
    metricsPort: z.coerce.number().int().min(0).max(65535, 'must be a TCP port (0 disables the server)').default(9184),
    metricsHost: z.string().min(1).default('127.0.0.1'),
    batchCheckpoints: positiveInt('--batch-checkpoints').default(5_000),
    batchRows: positiveInt('--batch-rows').default(20_000),
    batchLatencyMs: positiveInt('--batch-latency-ms').default(500),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    progressIntervalMs: z.coerce.number().int().min(0).default(5_000),
  })
  .superRefine((raw, ctx) => {
    if (raw.from !== undefined && raw.to !== undefined && raw.to < raw.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be below --from (${raw.from})` });
    }
  });

export type RawConfig = z.input<typeof rawConfigSchema>;

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const flag =
        issue.path.length > 0 ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'config';
      return `  ${flag}: ${issue.message}`;
    })
    .join('\n');
}

/** Where and what to read when the deployment's package ids come from the chain (`discoverWalrusPackages`). */
export interface PackageDiscoveryPlan {
  /** gRPC URL of a Sui full node: `--full-node`, else the `grpc:` source. */
  url: string;
  systemObjectId: string;
  network: DeploymentName;
}

/** Package ids read from the chain, to complete a preset. */
export interface DiscoveredIds {
  /** The whole walrus lineage, original first; replaces the preset's. */
  walrusPackageIds: string[];
  walPackageId: string;
}

/** Validated flags; the configuration itself once the deployment's package ids are known. */
export interface ConfigPlan {
  /** Set when a testnet / mainnet preset is used without package ids: they must be discovered first. */
  discovery: PackageDiscoveryPlan | undefined;
  logLevel: string;
  progressIntervalMs: number;
  /** The configuration; `discovered` completes the deployment when `discovery` is set. */
  complete(discovered?: DiscoveredIds): IndexerConfig;
}

type ValidatedConfig = z.output<typeof rawConfigSchema>;

function invalid(flag: string, message: string): ConfigError {
  return new ConfigError(`invalid indexer configuration:\n  ${flag}: ${message}`);
}

/**
 * Validates raw values (`env` supplies DATABASE_URL when --db is absent). Walrus's testnet preset names no package
 * id and its mainnet preset only the current walrus package, not the original one the older types carry; without
 * `--package` or `--deployment-file` those ids are discovered from the System object over gRPC (`discovery`).
 */
export function planConfig(raw: RawConfig, env: Record<string, string | undefined> = {}): ConfigPlan {
  const withEnv = { ...raw, db: raw.db ?? (env.DATABASE_URL || undefined) };
  const result = rawConfigSchema.safeParse(withEnv);
  if (!result.success) throw new ConfigError(`invalid indexer configuration:\n${formatIssues(result.error)}`);
  const c = result.data;
  // A preset whose lineage nothing on the command line gives.
  const presetWithoutIds =
    c.deployment !== 'local' && c.deploymentFile === undefined && c.package.length === 0 ? c.deployment : undefined;
  let discovery: PackageDiscoveryPlan | undefined;
  if (presetWithoutIds !== undefined) {
    const url = c.fullNode ?? (c.source.kind === 'grpc' ? c.source.url : undefined);
    const systemObjectId = c.systemObject ?? WALRUS_PRESETS[presetWithoutIds].systemObjectId;
    if (url !== undefined) discovery = { url, systemObjectId, network: presetWithoutIds };
  } else if (c.fullNode !== undefined) {
    throw invalid(
      '--full-node',
      'only used to discover the package ids of the testnet / mainnet preset, which --package or ' +
        '--deployment-file already give; remove one or the other',
    );
  }
  return {
    discovery,
    logLevel: c.logLevel,
    progressIntervalMs: c.progressIntervalMs,
    complete(discovered) {
      if (presetWithoutIds !== undefined && discovered === undefined) {
        throw invalid(
          '--deployment',
          `the ${presetWithoutIds} preset does not name the walrus package lineage (${
            presetWithoutIds === 'mainnet'
              ? 'only the current package, not the original one older types carry'
              : 'no package id'
          }). Give --package (the lineage, original first) and --wal-package, or let \`indexer run\` read them ` +
            'from the System object over gRPC: a grpc: source, or --full-node <url> with a store: or dir: source',
        );
      }
      return buildConfig(c, discovered);
    },
  };
}

/** Validates raw values into a configuration whose package ids are all configured (no discovery). */
export function parseConfig(raw: RawConfig, env: Record<string, string | undefined> = {}): IndexerConfig {
  return planConfig(raw, env).complete();
}

function buildConfig(c: ValidatedConfig, discovered: DiscoveredIds | undefined): IndexerConfig {
  let deployment: Deployment;
  try {
    deployment = resolveDeployment(c.deployment, {
      file: c.deploymentFile,
      walrusPackageIds: c.package,
      walrusLineage: discovered?.walrusPackageIds,
      walPackageId: c.walPackage ?? discovered?.walPackageId,
      systemObjectId: c.systemObject,
      stakingObjectId: c.stakingObject,
    });
  } catch (error) {
    if (!(error instanceof DeploymentError)) throw error;
    throw invalid(
      '--deployment',
      `${error.message}; give the missing ids with --deployment-file, --package (walrus lineage, original first), ` +
        '--wal-package, --system-object or --staking-object',
    );
  }
  return {
    deployment,
    source: c.source,
    from: c.from,
    to: c.to,
    database: c.db ? { kind: 'postgres', url: c.db, schema: c.dbSchema } : { kind: 'pglite', dataDir: c.dataDir },
    metrics: c.metricsPort === 0 ? undefined : { host: c.metricsHost, port: c.metricsPort },
    batch: { maxCheckpoints: c.batchCheckpoints, maxRows: c.batchRows, maxLatencyMs: c.batchLatencyMs },
    logLevel: c.logLevel,
    progressIntervalMs: c.progressIntervalMs,
  };
}
