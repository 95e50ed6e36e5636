import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  currentWalrusPackageId,
  deploymentFor,
  DeploymentError,
  loadDeployment,
  originalWalrusPackageId,
  parseDeployment,
  WALRUS_PRESETS,
} from './deployment.ts';

const LOCAL = {
  network: 'localnet',
  walPackageId: '0xa',
  walrusPackageIds: ['0xb1', '0xb2'],
  systemObjectId: '0xc',
  stakingObjectId: '0xd',
};

describe('deployment config', () => {
  it('normalizes ids and keeps the lineage order: original first, current last', () => {
    const d = parseDeployment(LOCAL);
    expect(d.walPackageId).toBe('0x' + 'a'.padStart(64, '0'));
    expect(originalWalrusPackageId(d)).toBe('0x' + 'b1'.padStart(64, '0'));
    expect(currentWalrusPackageId(d)).toBe('0x' + 'b2'.padStart(64, '0'));
  });

  it('rejects an empty lineage, a malformed id and duplicates, naming the field', () => {
    expect(() => parseDeployment({ ...LOCAL, walrusPackageIds: [] })).toThrow(/walrusPackageIds must list/);
    expect(() => parseDeployment({ ...LOCAL, systemObjectId: 'zz' })).toThrow(
      /systemObjectId must be a hex Sui object id/,
    );
    expect(() => parseDeployment({ ...LOCAL, walrusPackageIds: ['0x1', '0x01'] })).toThrow(/duplicates/);
  });

  it('completes the testnet preset only when its package ids are supplied', () => {
    expect(() => deploymentFor(WALRUS_PRESETS.testnet)).toThrow(DeploymentError);
    const d = deploymentFor(WALRUS_PRESETS.testnet, { walPackageId: '0x1234', walrusPackageIds: ['0x5678'] });
    expect(d.systemObjectId).toBe('0x6c2547cbbc38025cf3adac45f63cb0a8d12ecf777cdc75a4971612bf97fdf6af');
  });

  it('builds the mainnet deployment from its preset with the spec ids', () => {
    const d = deploymentFor(WALRUS_PRESETS.mainnet);
    expect(d.stakingObjectId).toBe('0x10b9d30c28448939ce6c4d6c6e0ffce4a7f8a4ada8248bdad09ef8b70e4a3904');
    expect(currentWalrusPackageId(d)).toBe('0xfdc88f7d7cf30afab2f82e8380d11ee8f70efb90e863d1de8616fae1bb09ea77');
  });

  it('loads our publish output from a file and reports a bad file by path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deployment-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ ...LOCAL, walTreasuryObjectId: '0xe' }));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(loadDeployment(join(dir, 'ok.json')).walTreasuryObjectId).toBe('0x' + 'e'.padStart(64, '0'));
    expect(() => loadDeployment(join(dir, 'bad.json'))).toThrow(/cannot read deployment file .*bad\.json/);
  });
});
