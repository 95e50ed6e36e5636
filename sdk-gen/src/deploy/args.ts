// `npm run deploy` flags, parsed and validated once; every bad value fails naming the flag and what is expected.
import { parseArgs } from 'node:util';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';

export const DEPLOY_NETWORKS = ['localnet', 'devnet', 'testnet'] as const;
export type DeployNetwork = (typeof DEPLOY_NETWORKS)[number];
export const DEPLOY_TRANSPORTS = ['grpc', 'json-rpc'] as const;
export type DeployTransport = (typeof DEPLOY_TRANSPORTS)[number];

export interface DeployConfig {
  /** Full node URL (http or https). */
  rpcUrl: string;
  /** How to talk to it: gRPC(-web) or the JSON-RPC API. */
  transport: DeployTransport;
  /** Bech32 `suiprivkey1...` Ed25519 key of the publisher (pays gas, owns the caps). */
  privateKey: string;
  network: DeployNetwork;
  /** Where the deployment file is written. */
  out: string;
  epochZeroDurationMs: bigint;
  epochDurationMs: bigint;
  nShards: number;
  maxEpochsAhead: number;
}

export const DEPLOY_USAGE = `usage: npm run deploy -- --rpc <full node url> [--key <suiprivkey1...>] [options]
  --rpc URL                     full node to publish through (http or https)
  --transport grpc|json-rpc     API of that node (default grpc)
  --key KEY                     Ed25519 key as suiprivkey1...; default: env SUI_PRIVATE_KEY
  --network localnet|devnet|testnet   (default localnet)
  --out FILE                    deployment file to write (default deployment.json)
  --epoch-zero-duration-ms N    how long epoch 0 lasts (default 0)
  --epoch-duration-ms N         how long every later epoch lasts (default 86400000, one day)
  --n-shards N                  shards of the system, 1..65535 (default 1000)
  --max-epochs-ahead N          how far ahead storage can be bought, 1..1000 (default 53)`;

export class DeployArgsError extends Error {
  constructor(message: string) {
    super(`${message}\n${DEPLOY_USAGE}`);
    this.name = 'DeployArgsError';
  }
}

const U64_MAX = (1n << 64n) - 1n;

function u64(flag: string, value: string | undefined, fallback: bigint, min = 0n): bigint {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new DeployArgsError(`--${flag} must be a whole number of milliseconds, got ${value}`);
  const n = BigInt(value);
  if (n < min || n > U64_MAX) throw new DeployArgsError(`--${flag} must be between ${min} and 2^64-1, got ${value}`);
  return n;
}

function int(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new DeployArgsError(`--${flag} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return n;
}

function rpcUrl(value: string | undefined): string {
  if (value === undefined) throw new DeployArgsError('--rpc is required: the URL of a Sui full node');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DeployArgsError(`--rpc ${JSON.stringify(value)} is not a URL; pass e.g. http://127.0.0.1:9000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DeployArgsError(`--rpc must be an http or https URL, got ${url.protocol}//`);
  }
  return value;
}

function privateKey(flag: string | undefined, env: Record<string, string | undefined>): string {
  const key = flag ?? env.SUI_PRIVATE_KEY;
  if (key === undefined || key.length === 0) {
    throw new DeployArgsError('no signing key: pass --key suiprivkey1... or set SUI_PRIVATE_KEY');
  }
  const source = flag === undefined ? 'SUI_PRIVATE_KEY' : '--key';
  let scheme: string;
  try {
    scheme = decodeSuiPrivateKey(key).scheme;
  } catch {
    // The decoder's message could echo the secret; name the expected form instead.
    throw new DeployArgsError(`${source} is not a Bech32 Sui private key (expected suiprivkey1...)`);
  }
  if (scheme !== 'ED25519') throw new DeployArgsError(`${source} is a ${scheme} key; deploy signs with Ed25519`);
  return key;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new DeployArgsError(`--${flag} must be one of ${allowed.join(', ')}, got ${value}`);
  }
  return value as T;
}

/** Parses the deploy command line; `env` supplies SUI_PRIVATE_KEY when --key is absent. */
export function parseDeployArgs(argv: string[], env: Record<string, string | undefined> = {}): DeployConfig {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        rpc: { type: 'string' },
        transport: { type: 'string' },
        key: { type: 'string' },
        network: { type: 'string' },
        out: { type: 'string' },
        'epoch-zero-duration-ms': { type: 'string' },
        'epoch-duration-ms': { type: 'string' },
        'n-shards': { type: 'string' },
        'max-epochs-ahead': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new DeployArgsError(err instanceof Error ? err.message : String(err));
  }
  return {
    rpcUrl: rpcUrl(values.rpc),
    transport: oneOf('transport', values.transport, DEPLOY_TRANSPORTS, 'grpc'),
    privateKey: privateKey(values.key, env),
    network: oneOf('network', values.network, DEPLOY_NETWORKS, 'localnet'),
    out: values.out ?? 'deployment.json',
    epochZeroDurationMs: u64('epoch-zero-duration-ms', values['epoch-zero-duration-ms'], 0n),
    epochDurationMs: u64('epoch-duration-ms', values['epoch-duration-ms'], 86_400_000n, 1n),
    nShards: int('n-shards', values['n-shards'], 1000, 1, 65_535),
    maxEpochsAhead: int('max-epochs-ahead', values['max-epochs-ahead'], 53, 1, 1000),
  };
}
