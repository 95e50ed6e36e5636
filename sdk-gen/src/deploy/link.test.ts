import { deserialize } from '@mysten/move-bytecode-template';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { buildPackage, type MoveArtifact } from '../move/compile.ts';
import { resolveFramework } from '../move/framework.ts';
import { publishedToml } from '../move/publication.ts';
import { listMovePackages } from '../move/workspace.ts';
import { loadMoveArtifact, unpublishedDependencyModules } from '../publish.ts';
import { buildWalrusAgainstWal, referencedModules, walLinkageProblems, walPublicationOverlay } from './link.ts';
import { publishWalrusTransaction } from './steps.ts';

const framework = await resolveFramework();
const FAKE_WAL = normalizeSuiAddress('0xabc');
const ZERO = normalizeSuiAddress('0x0');
const CHAIN_ID = '4c78adac';

describe('the Published.toml handed to the compiler', () => {
  it('records the environment, chain, and the package id as both published-at and original-id', () => {
    expect(publishedToml({ environment: 'mainnet', chainId: CHAIN_ID, publishedAt: '0xabc' })).toBe(
      `[published.mainnet]\nchain-id = "${CHAIN_ID}"\npublished-at = "${FAKE_WAL}"\noriginal-id = "${FAKE_WAL}"\nversion = 1\n`,
    );
  });

  it('keeps a distinct original id and version of an upgraded package', () => {
    const toml = publishedToml({
      environment: 'testnet',
      chainId: CHAIN_ID,
      publishedAt: '0xdef',
      originalId: '0xabc',
      version: 2,
    });
    expect(toml).toContain(`published-at = "${normalizeSuiAddress('0xdef')}"`);
    expect(toml).toContain(`original-id = "${FAKE_WAL}"`);
    expect(toml).toContain('version = 2');
  });

  it('refuses values that would corrupt the TOML', () => {
    expect(() => publishedToml({ environment: 'main net', chainId: CHAIN_ID, publishedAt: '0x1' })).toThrow(
      /not a bare TOML key/,
    );
    expect(() => publishedToml({ environment: 'mainnet', chainId: 'a"b', publishedAt: '0x1' })).toThrow(
      /must be alphanumeric/,
    );
    expect(() => publishedToml({ environment: 'mainnet', chainId: CHAIN_ID, publishedAt: '0x1', version: 0 })).toThrow(
      /version must be >= 1/,
    );
  });

  it('is placed in the wal folder only', () => {
    const overlay = walPublicationOverlay('/repo/move/wal', { walPackageId: '0xabc', chainId: CHAIN_ID });
    expect(Object.keys(overlay)).toEqual(['/repo/move/wal']);
    expect(Object.keys(overlay['/repo/move/wal']!)).toEqual(['Published.toml']);
  });
});

describe('checking how walrus links wal', () => {
  it('finds the committed walrus artifact linked to wal at 0x0, not at a published address', () => {
    const walrus = loadMoveArtifact('walrus');
    expect(referencedModules(walrus)).toContain(`${ZERO}::wal`);
    expect(walLinkageProblems(walrus, FAKE_WAL)).toEqual([
      `no module refers to ${FAKE_WAL}::wal`,
      'a module still refers to wal::wal at 0x0',
      `dependencies [${walrus.dependencies.join(', ')}] lack ${FAKE_WAL}`,
    ]);
  });
});

interface ModuleJson {
  self_module_handle_idx: number;
  module_handles: { address: number; name: number }[];
  identifiers: string[];
  address_identifiers: string[];
  [table: string]: unknown;
}

function decode(base64: string): ModuleJson {
  return deserialize(Uint8Array.from(Buffer.from(base64, 'base64'))) as ModuleJson;
}

/** A module with its module handles resolved to `address::name` and the address pool left out. */
function withResolvedHandles(m: ModuleJson) {
  const { address_identifiers, module_handles, ...rest } = m;
  return {
    handles: module_handles.map(
      (h) => `${normalizeSuiAddress(address_identifiers[h.address]!)}::${m.identifiers[h.name]}`,
    ),
    rest,
  };
}

describe.skipIf(framework.kind !== 'local')('walrus recompiled against a published wal', () => {
  let linked: MoveArtifact;
  let unlinked: MoveArtifact;

  it('links wal::wal at the published address and lists it among the dependencies', async () => {
    if (framework.kind !== 'local') return;
    linked = await buildWalrusAgainstWal({ walPackageId: FAKE_WAL, chainId: CHAIN_ID }, { framework });
    expect(walLinkageProblems(linked, FAKE_WAL)).toEqual([]);
    expect(unpublishedDependencyModules(linked)).toEqual([]);
    expect(linked.dependencies.map((d) => normalizeSuiAddress(d))).toEqual([
      normalizeSuiAddress('0x1'),
      normalizeSuiAddress('0x2'),
      FAKE_WAL,
    ]);
  }, 120_000);

  it('differs from the 0x0 build only in where wal::wal lives, the dependency list and the digest', async () => {
    if (framework.kind !== 'local') return;
    const walrus = listMovePackages().find((p) => p.key === 'walrus')!;
    unlinked = await buildPackage(walrus, framework);
    expect(unlinked.dependencies.map((d) => normalizeSuiAddress(d))).toEqual([
      normalizeSuiAddress('0x1'),
      normalizeSuiAddress('0x2'),
    ]);
    expect(linked.digest).not.toBe(unlinked.digest);
    expect(linked.modules).toHaveLength(unlinked.modules.length);
    let walReferences = 0;
    linked.modules.forEach((base64, i) => {
      const a = withResolvedHandles(decode(base64));
      const b = withResolvedHandles(decode(unlinked.modules[i]!));
      expect(a.rest).toEqual(b.rest);
      expect(a.handles).toHaveLength(b.handles.length);
      a.handles.forEach((handle, j) => {
        if (handle === `${FAKE_WAL}::wal`) {
          walReferences++;
          expect(b.handles[j]).toBe(`${ZERO}::wal`);
        } else {
          expect(handle).toBe(b.handles[j]);
        }
      });
    });
    expect(walReferences).toBeGreaterThan(0);
  }, 120_000);

  it('builds a complete walrus publish transaction offline from the relinked bytecode', async () => {
    if (framework.kind !== 'local') return;
    const sender = normalizeSuiAddress('0x5e4d');
    const tx = publishWalrusTransaction(linked, {
      sender,
      gasPrice: 1000,
      gasBudget: 2_000_000_000,
      gasPayment: [
        { objectId: normalizeSuiAddress('0x6a5'), version: '7', digest: '11111111111111111111111111111111' },
      ],
    });
    const data = Transaction.from(await tx.build()).getData();
    expect(data.sender).toBe(sender);
    expect(data.gasData.price).toBe('1000');
    expect(data.commands[0]?.Publish?.modules).toEqual(linked.modules);
    expect(data.commands[0]?.Publish?.dependencies).toContain(FAKE_WAL);
    expect(data.commands[1]?.$kind).toBe('TransferObjects');
  });
});
