import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { describe, expect, it } from 'vitest';
import { parseDeployArgs } from './args.ts';
import { clientFor } from './cli.ts';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';

const KEY = Ed25519Keypair.generate().getSecretKey();
const RPC = ['--rpc', 'http://127.0.0.1:9000'];

describe('deploy flags', () => {
  it('applies the defaults when only the node and key are given', () => {
    expect(parseDeployArgs([...RPC, '--key', KEY])).toEqual({
      rpcUrl: 'http://127.0.0.1:9000',
      transport: 'grpc',
      privateKey: KEY,
      network: 'localnet',
      out: 'deployment.json',
      epochZeroDurationMs: 0n,
      epochDurationMs: 86_400_000n,
      nShards: 1000,
      maxEpochsAhead: 53,
    });
  });

  it('reads every option', () => {
    const config = parseDeployArgs([
      '--rpc',
      'https://fullnode.testnet.sui.io:443',
      '--transport',
      'json-rpc',
      '--key',
      KEY,
      '--network',
      'testnet',
      '--out',
      'out/dep.json',
      '--epoch-zero-duration-ms',
      '60000',
      '--epoch-duration-ms',
      '3600000',
      '--n-shards',
      '10',
      '--max-epochs-ahead',
      '5',
    ]);
    expect(config).toMatchObject({
      transport: 'json-rpc',
      network: 'testnet',
      out: 'out/dep.json',
      epochZeroDurationMs: 60_000n,
      epochDurationMs: 3_600_000n,
      nShards: 10,
      maxEpochsAhead: 5,
    });
  });

  it('takes the key from SUI_PRIVATE_KEY when --key is absent, and prefers --key when both are set', () => {
    const other = Ed25519Keypair.generate().getSecretKey();
    expect(parseDeployArgs(RPC, { SUI_PRIVATE_KEY: KEY }).privateKey).toBe(KEY);
    expect(parseDeployArgs([...RPC, '--key', other], { SUI_PRIVATE_KEY: KEY }).privateKey).toBe(other);
  });

  it('fails without a key, naming both ways to give one', () => {
    expect(() => parseDeployArgs(RPC, {})).toThrow(
      /no signing key: pass --key suiprivkey1\.\.\. or set SUI_PRIVATE_KEY/,
    );
  });

  it('refuses a key that is not a Bech32 Sui key without echoing it', () => {
    let message = '';
    try {
      parseDeployArgs([...RPC, '--key', 'deadbeefsecret']);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/--key is not a Bech32 Sui private key/);
    expect(message).not.toContain('deadbeefsecret');
  });

  it('refuses a key of another scheme', () => {
    const secp = Secp256k1Keypair.generate().getSecretKey();
    expect(() => parseDeployArgs(RPC, { SUI_PRIVATE_KEY: secp })).toThrow(/SUI_PRIVATE_KEY is a Secp256k1 key/);
  });

  it('requires --rpc and refuses a value that is not an http(s) URL', () => {
    expect(() => parseDeployArgs(['--key', KEY])).toThrow(/--rpc is required/);
    expect(() => parseDeployArgs(['--rpc', 'localhost 9000', '--key', KEY])).toThrow(/is not a URL/);
    expect(() => parseDeployArgs(['--rpc', 'ws://127.0.0.1:9000', '--key', KEY])).toThrow(
      /must be an http or https URL, got ws:/,
    );
  });

  it('refuses unknown networks, transports and flags', () => {
    expect(() => parseDeployArgs([...RPC, '--key', KEY, '--network', 'mainnet'])).toThrow(
      /--network must be one of localnet, devnet, testnet, got mainnet/,
    );
    expect(() => parseDeployArgs([...RPC, '--key', KEY, '--transport', 'graphql'])).toThrow(
      /--transport must be one of/,
    );
    expect(() => parseDeployArgs([...RPC, '--key', KEY, '--shards', '3'])).toThrow(/--shards/);
  });

  it('refuses numbers out of their Move range', () => {
    const run = (flag: string, value: string) => () => parseDeployArgs([...RPC, '--key', KEY, flag, value]);
    expect(run('--n-shards', '0')).toThrow(/--n-shards must be a whole number from 1 to 65535, got 0/);
    expect(run('--n-shards', '65536')).toThrow(/--n-shards/);
    expect(run('--max-epochs-ahead', '1001')).toThrow(/--max-epochs-ahead must be a whole number from 1 to 1000/);
    expect(run('--epoch-duration-ms', '0')).toThrow(/--epoch-duration-ms must be between 1 and 2\^64-1/);
    expect(run('--epoch-zero-duration-ms', '-5')).toThrow(/--epoch-zero-duration-ms/);
    expect(run('--epoch-zero-duration-ms', '18446744073709551616')).toThrow(/between 0 and 2\^64-1/);
    expect(run('--epoch-duration-ms', '1.5')).toThrow(/whole number of milliseconds/);
  });

  it('ends every error with the usage text', () => {
    expect(() => parseDeployArgs([])).toThrow(/usage: npm run deploy/);
  });
});

describe('the client for the node', () => {
  it('is a gRPC client by default and a JSON-RPC client on request, built without contacting the node', () => {
    const base = { rpcUrl: 'http://127.0.0.1:9000', network: 'localnet' as const };
    expect(clientFor({ ...base, transport: 'grpc' })).toBeInstanceOf(SuiGrpcClient);
    expect(clientFor({ ...base, transport: 'json-rpc' })).toBeInstanceOf(SuiJsonRpcClient);
  });
});
