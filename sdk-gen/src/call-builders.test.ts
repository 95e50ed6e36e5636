// The generated call builders, inspected in an offline Transaction.
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from './deployment.ts';
import { wal, walrus } from './generated/index.ts';

const deployment = parseDeployment({
  network: 'localnet',
  walPackageId: '0xaa',
  walrusPackageIds: ['0xb1', '0xb2'],
  systemObjectId: '0xc',
  stakingObjectId: '0xd',
  walTreasuryObjectId: '0xe',
});
const COIN = normalizeSuiAddress('0xc01');

describe('generated call builders', () => {
  it('wal::burn calls the configured package with the treasury and coin as object inputs', () => {
    const tx = new Transaction();
    tx.add(
      wal.wal.burn({
        package: deployment.walPackageId,
        arguments: { treasury: deployment.walTreasuryObjectId!, coin: COIN },
      }),
    );
    const { commands, inputs } = tx.getData();
    expect(commands).toHaveLength(1);
    const call = commands[0]!.MoveCall!;
    expect(call).toMatchObject({
      package: deployment.walPackageId,
      module: 'wal',
      function: 'burn',
      typeArguments: [],
    });
    expect(call.arguments.map((a) => a.$kind)).toEqual(['Input', 'Input']);
    expect(inputs.map((i) => i.$kind === 'UnresolvedObject' && i.UnresolvedObject?.objectId)).toEqual([
      deployment.walTreasuryObjectId,
      COIN,
    ]);
  });

  it('a generic walrus builder passes its type arguments and accepts results of earlier commands', () => {
    const tx = new Transaction();
    const value = tx.moveCall({
      target: `${deployment.walrusPackageIds[1]}::epoch_parameters::new`,
      arguments: [tx.pure.u64(1)],
    });
    const field = tx.add(
      walrus.extended_field._new({
        package: deployment.walrusPackageIds[1]!,
        arguments: [value],
        typeArguments: [`${deployment.walrusPackageIds[0]}::epoch_parameters::EpochParams`],
      }),
    );
    tx.add(
      walrus.extended_field.destroy({
        package: deployment.walrusPackageIds[1]!,
        arguments: { field },
        typeArguments: ['u8'],
      }),
    );
    const calls = tx.getData().commands.map((c) => c.MoveCall!);
    expect(calls[1]).toMatchObject({
      package: deployment.walrusPackageIds[1],
      module: 'extended_field',
      function: 'new',
      typeArguments: [`${deployment.walrusPackageIds[0]}::epoch_parameters::EpochParams`],
      arguments: [{ $kind: 'Result', Result: 0 }],
    });
    expect(calls[2]?.arguments).toEqual([{ $kind: 'Result', Result: 1 }]);
  });

  it('system::reserve_space serializes offline into a transaction kind with the pure values encoded', async () => {
    const tx = new Transaction();
    const system = tx.sharedObjectRef({ objectId: deployment.systemObjectId, initialSharedVersion: 1, mutable: true });
    const payment = tx.objectRef({ objectId: COIN, version: '5', digest: '11111111111111111111111111111111' });
    tx.add(
      walrus.system.reserveSpace({
        package: deployment.walrusPackageIds[1]!,
        arguments: [system, 5_000_000n, 3, payment],
      }),
    );
    const kind = bcs.TransactionKind.parse(await tx.build({ onlyTransactionKind: true }));
    const ptb = kind.ProgrammableTransaction!;
    expect(ptb.commands[0]?.MoveCall).toMatchObject({
      package: deployment.walrusPackageIds[1],
      module: 'system',
      function: 'reserve_space',
      typeArguments: [],
    });
    const pure = ptb.inputs.filter((i) => i.Pure).map((i) => [...fromBase64(i.Pure!.bytes)]);
    expect(pure).toEqual([[...bcs.u64().serialize(5_000_000n).toBytes()], [3, 0, 0, 0]]);
    expect(ptb.inputs[0]?.Object?.SharedObject?.objectId).toBe(deployment.systemObjectId);
  });

  it('refuses a plain value where only a transaction argument can go', () => {
    const tx = new Transaction();
    expect(() =>
      tx.add(walrus.extended_field._new({ package: '0xb2', arguments: { value: 5 as never }, typeArguments: ['u64'] })),
    ).toThrow(/walrus::extended_field::new: argument value must be a transaction argument/);
  });
});
