import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import {
  initializeWalrusTransaction,
  loadMoveArtifact,
  publishPackage,
  publishTransaction,
  unpublishedDependencyModules,
} from './publish.ts';

const SENDER = normalizeSuiAddress('0x5e4d');
const gas = {
  sender: SENDER,
  gasPrice: 1000,
  gasBudget: 500_000_000,
  gasPayment: [{ objectId: normalizeSuiAddress('0x6a5'), version: '7', digest: '11111111111111111111111111111111' }],
};

describe('publishing from the committed artifacts', () => {
  it('builds a complete wal publish transaction offline', async () => {
    const artifact = loadMoveArtifact('wal');
    const bytes = await publishTransaction(artifact, gas).build();
    const data = Transaction.from(bytes).getData();
    expect(data.sender).toBe(SENDER);
    expect(data.gasData.budget).toBe('500000000');
    const [publish, transfer] = data.commands;
    expect(publish?.$kind).toBe('Publish');
    expect(publish?.Publish?.modules).toEqual(artifact.modules);
    expect(publish?.Publish?.dependencies).toEqual(artifact.dependencies.map((d) => normalizeSuiAddress(d)));
    expect(transfer?.$kind).toBe('TransferObjects');
    expect(transfer?.TransferObjects?.objects).toEqual([{ $kind: 'Result', Result: 0 }]);
  });

  it('refuses the committed walrus artifact while it links wal unpublished at 0x0', () => {
    const walrus = loadMoveArtifact('walrus');
    const unpublished = unpublishedDependencyModules(walrus);
    // The committed walrus build references wal::wal (Coin<WAL>) at 0x0: it must be rebuilt against a published wal.
    expect(unpublished).toEqual(['wal']);
    expect(() => publishPackage(walrus, SENDER)).toThrow(
      /cannot publish Walrus: it links unpublished dependency code at 0x0 \(modules wal\)/,
    );
  });

  it('finds no unpublished dependency in wal, which only links the framework', () => {
    expect(unpublishedDependencyModules(loadMoveArtifact('wal'))).toEqual([]);
  });

  it('refuses an artifact linked against an unpublished dependency at 0x0', () => {
    const artifact = { ...loadMoveArtifact('wal'), dependencies: ['0x1', '0x2', '0x0'] };
    expect(() => publishPackage(artifact, SENDER)).toThrow(/dependency id 0x0/);
  });

  it('names the command to run when an artifact is missing', () => {
    expect(() => loadMoveArtifact('nope')).toThrow(/run `npm run move:build -- nope`/);
  });

  it('initializes walrus with the caps from the publish step and the Clock, giving the emergency cap to the owner', () => {
    const pkg = normalizeSuiAddress('0x7a1');
    const tx = initializeWalrusTransaction({
      walrusPackageId: pkg,
      initCap: normalizeSuiAddress('0x1c'),
      upgradeCap: normalizeSuiAddress('0x0c'),
      epochZeroDuration: 60_000n,
      epochDuration: 86_400_000n,
      nShards: 1000,
      maxEpochsAhead: 53,
      owner: SENDER,
    });
    const { commands, inputs } = tx.getData();
    expect(commands.map((c) => c.$kind)).toEqual(['MoveCall', 'TransferObjects']);
    const call = commands[0]!.MoveCall!;
    expect(call).toMatchObject({ package: pkg, module: 'init', function: 'initialize_walrus' });
    const inputOf = (i: number) => inputs[(call.arguments[i] as { Input: number }).Input]!;
    const pure = (i: number) => [...fromBase64(inputOf(i).Pure!.bytes)];
    expect(pure(4)).toEqual([0xe8, 0x03]); // n_shards: u16 1000
    expect(pure(5)).toEqual([53, 0, 0, 0]); // max_epochs_ahead: u32
    expect(inputOf(6).Object?.SharedObject?.objectId).toBe(normalizeSuiAddress('0x6'));
  });
});
