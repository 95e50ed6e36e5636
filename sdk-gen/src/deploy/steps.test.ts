import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { loadMoveArtifact } from '../publish.ts';
import { initializeWalrusStep, publishWalrusTransaction, publishWalTransaction } from './steps.ts';

const SENDER = normalizeSuiAddress('0x5e4d');
const DIGEST = '11111111111111111111111111111111';
const GAS = {
  sender: SENDER,
  gasPrice: 750,
  gasBudget: 1_000_000_000,
  gasPayment: [{ objectId: normalizeSuiAddress('0x6a5'), version: '7', digest: DIGEST }],
};
const ref = (id: string, version: string) => (tx: Transaction) =>
  tx.objectRef({ objectId: normalizeSuiAddress(id), version, digest: DIGEST });

describe('deploy step transactions, built offline with explicit gas', () => {
  it('publishes wal with the sender, gas price, budget and payment given', async () => {
    const data = Transaction.from(await publishWalTransaction(loadMoveArtifact('wal'), GAS).build()).getData();
    expect(data.sender).toBe(SENDER);
    expect(data.gasData).toMatchObject({ price: '750', budget: '1000000000', owner: SENDER });
    expect(data.gasData.payment).toEqual([{ objectId: normalizeSuiAddress('0x6a5'), version: '7', digest: DIGEST }]);
    expect(data.commands.map((c) => c.$kind)).toEqual(['Publish', 'TransferObjects']);
  });

  it('refuses to publish the committed walrus artifact, which links wal at 0x0', () => {
    expect(() => publishWalrusTransaction(loadMoveArtifact('walrus'), GAS)).toThrow(/links unpublished dependency/);
  });

  it('initializes walrus with owned caps, the parameters as u64/u64/u16/u32 and the shared Clock', async () => {
    const walrus = normalizeSuiAddress('0x7a1');
    const tx = initializeWalrusStep(
      {
        walrusPackageId: walrus,
        initCap: ref('0x1c', '3'),
        upgradeCap: ref('0x0c', '3'),
        epochZeroDuration: 60_000n,
        epochDuration: 3_600_000n,
        nShards: 100,
        maxEpochsAhead: 10,
        owner: SENDER,
      },
      GAS,
    );
    const data = Transaction.from(await tx.build()).getData();
    expect(data.sender).toBe(SENDER);
    const call = data.commands[0]!.MoveCall!;
    expect(call).toMatchObject({ package: walrus, module: 'init', function: 'initialize_walrus' });
    const input = (i: number) => data.inputs[(call.arguments[i] as { Input: number }).Input]!;
    expect(input(0).Object?.ImmOrOwnedObject?.objectId).toBe(normalizeSuiAddress('0x1c'));
    expect(input(1).Object?.ImmOrOwnedObject?.objectId).toBe(normalizeSuiAddress('0x0c'));
    const pure = (i: number) => [...fromBase64(input(i).Pure!.bytes)];
    expect(pure(2)).toEqual([0x60, 0xea, 0, 0, 0, 0, 0, 0]);
    expect(pure(3)).toEqual([0x80, 0xee, 0x36, 0, 0, 0, 0, 0]);
    expect(pure(4)).toEqual([100, 0]);
    expect(pure(5)).toEqual([10, 0, 0, 0]);
    expect(input(6).Object?.SharedObject).toMatchObject({ objectId: normalizeSuiAddress('0x6'), mutable: false });
    const transfer = data.commands[1]!.TransferObjects!;
    expect(transfer.objects).toEqual([{ $kind: 'Result', Result: 0 }]);
  });
});
