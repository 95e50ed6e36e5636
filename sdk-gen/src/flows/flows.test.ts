// The hand-written flows, inspected as offline transactions: targets, argument kinds and pure bytes.
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { deriveBlobId, encodedBlobLength, storageUnits } from '../certificates/blob-id.ts';
import { parseDeployment } from '../deployment.ts';
import {
  certifyBlob,
  deleteBlob,
  extendBlob,
  fundSharedBlob,
  quoteBlob,
  removeBlobAttributes,
  reserveAndRegisterBlob,
  setBlobAttributes,
  shareBlob,
  storagePricingOf,
} from './blob.ts';
import { walrus } from '../generated/index.ts';
import { sampleValue } from '../test-support/sample-values.ts';
import { registerNode, requestWithdrawal, stakeWithNode, voteAsNode, withdrawStake } from './staking.ts';

const CURRENT = normalizeSuiAddress('0xb2');
const deployment = parseDeployment({
  network: 'localnet',
  walPackageId: '0xaa',
  walrusPackageIds: ['0xb1', CURRENT],
  systemObjectId: '0x505',
  stakingObjectId: '0x57a',
});
const OWNER = normalizeSuiAddress('0xe1');
const COIN = normalizeSuiAddress('0xc0');
const BLOB = normalizeSuiAddress('0xb10b');
const pricing = { nShards: 10, storagePricePerUnitSize: 5n, writePricePerUnitSize: 3n };

type Call = { package: string; module: string; function: string; arguments: { $kind: string; Input?: number }[] };

function calls(tx: Transaction): Call[] {
  return tx
    .getData()
    .commands.filter((c) => c.$kind === 'MoveCall')
    .map((c) => c.MoveCall as unknown as Call);
}

/** The bytes of a pure argument, or the object id of an object argument. */
function input(tx: Transaction, arg: { $kind: string; Input?: number }): Uint8Array | string {
  const inp = tx.getData().inputs[arg.Input!]!;
  if (inp.$kind === 'Pure') return fromBase64(inp.Pure!.bytes);
  if (inp.$kind === 'UnresolvedObject') return inp.UnresolvedObject!.objectId;
  return inp.Object!.SharedObject?.objectId ?? inp.Object!.ImmOrOwnedObject?.objectId ?? '';
}

describe('storagePricingOf', () => {
  // A decoded SystemStateInnerV1, as readSystem returns it: encoded with the generated type and decoded again.
  function decodedInner(changes: { nShards: number; storagePrice: string; writePrice: string }) {
    const sample = sampleValue({
      kind: 'datatype',
      ref: { pkg: 'walrus', module: 'system_state_inner', name: 'SystemStateInnerV1' },
      typeArgs: [],
    }) as walrus.system_state_inner.SystemStateInnerV1;
    const value = {
      ...sample,
      committee: { ...sample.committee, n_shards: changes.nShards },
      storage_price_per_unit_size: changes.storagePrice,
      write_price_per_unit_size: changes.writePrice,
    };
    const SystemStateInnerV1 = walrus.system_state_inner.SystemStateInnerV1;
    return SystemStateInnerV1.parse(SystemStateInnerV1.serialize(value).toBytes());
  }

  it('takes the shard count and both prices from the decoded system state, u64 prices as bigints', () => {
    const inner = decodedInner({ nShards: 1000, storagePrice: '18446744073709551615', writePrice: '20000' });
    expect(storagePricingOf(inner)).toEqual({
      nShards: 1000,
      storagePricePerUnitSize: 18_446_744_073_709_551_615n,
      writePricePerUnitSize: 20_000n,
    });
  });

  it('prices a quote exactly like the hand-built pricing of the same state', () => {
    const inner = decodedInner({ nShards: 10, storagePrice: '5', writePrice: '3' });
    const quote = quoteBlob({ rootHash: 7n, size: 1000n, epochsAhead: 3, pricing: storagePricingOf(inner) });
    expect(quote).toEqual(quoteBlob({ rootHash: 7n, size: 1000n, epochsAhead: 3, pricing }));
  });

  it('refuses a state without shards, which no blob can be encoded for', () => {
    const inner = decodedInner({ nShards: 0, storagePrice: '5', writePrice: '3' });
    expect(() => storagePricingOf(inner)).toThrow(/committee has 0 shards/);
  });
});

describe('blob flows', () => {
  it('quotes the blob id, encoded size and cost from the system pricing', () => {
    const quote = quoteBlob({ rootHash: 7n, size: 1000n, epochsAhead: 3, pricing });
    const encoded = encodedBlobLength(1000n, 10);
    expect(quote.blobId).toBe(deriveBlobId(7n, 1, 1000n));
    expect(quote.encodedSize).toBe(encoded);
    expect(quote.storageCost).toBe(storageUnits(encoded) * 5n * 3n);
    expect(quote.writeCost).toBe(storageUnits(encoded) * 3n);
    expect(quote.totalCost).toBe(quote.storageCost + quote.writeCost);
    expect(() => quoteBlob({ rootHash: 7n, size: 1n, epochsAhead: 0, pricing })).toThrow(
      /epochsAhead must be a positive integer/,
    );
  });

  it('reserves the encoded size and registers the blob with the derived id, in one transaction', () => {
    const tx = reserveAndRegisterBlob(deployment, {
      rootHash: 99n,
      size: 1234n,
      epochsAhead: 2,
      deletable: true,
      pricing,
      payment: COIN,
      owner: OWNER,
    });
    const [reserve, register] = calls(tx);
    expect(reserve).toMatchObject({ package: CURRENT, module: 'system', function: 'reserve_space' });
    expect(input(tx, reserve!.arguments[0]!)).toBe(deployment.systemObjectId);
    expect(input(tx, reserve!.arguments[1]!)).toEqual(bcs.u64().serialize(encodedBlobLength(1234n, 10)).toBytes());
    expect(input(tx, reserve!.arguments[2]!)).toEqual(bcs.u32().serialize(2).toBytes());
    expect(input(tx, reserve!.arguments[3]!)).toBe(COIN);

    expect(register).toMatchObject({ module: 'system', function: 'register_blob' });
    expect(register!.arguments[1]).toEqual({ $kind: 'Result', Result: 0 });
    expect(input(tx, register!.arguments[2]!)).toEqual(
      bcs
        .u256()
        .serialize(deriveBlobId(99n, 1, 1234n))
        .toBytes(),
    );
    expect(input(tx, register!.arguments[3]!)).toEqual(bcs.u256().serialize(99n).toBytes());
    expect(input(tx, register!.arguments[5]!)).toEqual(Uint8Array.of(1));
    expect(input(tx, register!.arguments[6]!)).toEqual(Uint8Array.of(1));
    expect(register!.arguments[7]).toEqual(reserve!.arguments[3]); // the same WAL coin pays both
    const transfer = tx.getData().commands[2]!;
    expect(transfer.$kind).toBe('TransferObjects');
  });

  it('certifies with the certificate bytes in order: signature, signers bitmap, message', () => {
    const certificate = {
      signature: new Uint8Array(96).fill(1),
      signersBitmap: Uint8Array.of(0b101),
      message: Uint8Array.of(1, 0, 3),
    };
    const tx = certifyBlob(deployment, { blob: BLOB, certificate });
    const [call] = calls(tx);
    expect(call).toMatchObject({ module: 'system', function: 'certify_blob' });
    expect(input(tx, call!.arguments[1]!)).toBe(BLOB);
    expect(input(tx, call!.arguments[2]!)).toEqual(bcs.vector(bcs.u8()).serialize(certificate.signature).toBytes());
    expect(input(tx, call!.arguments[3]!)).toEqual(Uint8Array.of(1, 0b101));
    expect(input(tx, call!.arguments[4]!)).toEqual(Uint8Array.of(3, 1, 0, 3));
  });

  it('extends and deletes, giving the freed storage back to the owner', () => {
    const ext = extendBlob(deployment, { blob: BLOB, extendedEpochs: 4, payment: COIN });
    expect(calls(ext)[0]).toMatchObject({ function: 'extend_blob' });
    expect(input(ext, calls(ext)[0]!.arguments[2]!)).toEqual(bcs.u32().serialize(4).toBytes());
    const del = deleteBlob(deployment, { blob: BLOB, owner: OWNER });
    expect(calls(del)[0]).toMatchObject({ function: 'delete_blob' });
    expect(del.getData().commands[1]?.$kind).toBe('TransferObjects');
  });

  it('sets attributes in key order and removes them, refusing empty requests', () => {
    const set = setBlobAttributes(deployment, { blob: BLOB, attributes: { type: 'image/png', name: 'cat' } });
    expect(calls(set).map((c) => c.function)).toEqual([
      'insert_or_update_metadata_pair',
      'insert_or_update_metadata_pair',
    ]);
    expect(input(set, calls(set)[0]!.arguments[1]!)).toEqual(bcs.string().serialize('name').toBytes());
    expect(calls(set)[0]!.arguments[0]).toEqual(calls(set)[1]!.arguments[0]);
    const removed = removeBlobAttributes(deployment, { blob: BLOB, keys: ['name'] });
    expect(calls(removed)[0]).toMatchObject({ module: 'blob', function: 'remove_metadata_pair_if_exists' });
    expect(() => setBlobAttributes(deployment, { blob: BLOB, attributes: {} })).toThrow(/no attributes/);
    expect(() => removeBlobAttributes(deployment, { blob: BLOB, keys: [] })).toThrow(/no keys/);
  });

  it('shares a blob with or without funds, splitting an exact amount of WAL', () => {
    expect(calls(shareBlob(deployment, { blob: BLOB }))[0]).toMatchObject({ module: 'shared_blob', function: 'new' });
    const funded = shareBlob(deployment, { blob: BLOB, funds: { coin: COIN, amount: 500n } });
    const commands = funded.getData().commands;
    expect(commands[0]?.$kind).toBe('SplitCoins');
    expect(commands[1]?.MoveCall).toMatchObject({
      function: 'new_funded',
      arguments: [{ $kind: 'Input' }, { $kind: 'NestedResult', NestedResult: [0, 0] }],
    });
    const fund = fundSharedBlob(deployment, { sharedBlob: BLOB, funds: COIN });
    expect(calls(fund)[0]).toMatchObject({ module: 'shared_blob', function: 'fund' });
    expect(() => fundSharedBlob(deployment, { sharedBlob: BLOB, funds: { coin: COIN, amount: 0n } })).toThrow(
      /must be positive/,
    );
  });
});

describe('staking flows', () => {
  it('stakes with a node and hands the StakedWal to the owner', () => {
    const node = normalizeSuiAddress('0x40de');
    const tx = stakeWithNode(deployment, { nodeId: node, stake: { coin: COIN, amount: 10n ** 9n }, owner: OWNER });
    const [call] = calls(tx);
    expect(call).toMatchObject({ package: CURRENT, module: 'staking', function: 'stake_with_pool' });
    expect(input(tx, call!.arguments[0]!)).toBe(deployment.stakingObjectId);
    expect(input(tx, call!.arguments[2]!)).toEqual(bcs.Address.serialize(node).toBytes());
    expect(tx.getData().commands.map((c) => c.$kind)).toEqual(['SplitCoins', 'MoveCall', 'TransferObjects']);
  });

  it('requests withdrawal and withdraws', () => {
    expect(calls(requestWithdrawal(deployment, { stakedWal: BLOB }))[0]).toMatchObject({
      function: 'request_withdraw_stake',
    });
    const tx = withdrawStake(deployment, { stakedWal: BLOB, owner: OWNER });
    expect(calls(tx)[0]).toMatchObject({ function: 'withdraw_stake' });
    expect(tx.getData().commands[1]?.$kind).toBe('TransferObjects');
  });

  it('registers a node with its metadata built in the same transaction', () => {
    const tx = registerNode(deployment, {
      name: 'node-1',
      networkAddress: 'node1.example:9000',
      metadata: { imageUrl: 'https://i', projectUrl: 'https://p', description: 'd' },
      publicKey: new Uint8Array(48).fill(2),
      networkPublicKey: new Uint8Array(33).fill(3),
      proofOfPossession: new Uint8Array(96).fill(4),
      commissionRate: 500,
      storagePrice: 5n,
      writePrice: 3n,
      nodeCapacity: 10n ** 12n,
      owner: OWNER,
    });
    const [metadata, register] = calls(tx);
    expect(metadata).toMatchObject({ module: 'node_metadata', function: 'new' });
    expect(register).toMatchObject({ module: 'staking', function: 'register_candidate' });
    expect(register!.arguments[3]).toEqual({ $kind: 'Result', Result: 0 });
    expect(input(tx, register!.arguments[7]!)).toEqual(bcs.u16().serialize(500).toBytes());
  });

  it('casts only the votes given', () => {
    const tx = voteAsNode(deployment, { cap: BLOB, writePrice: 7n, nodeCapacity: 1n });
    expect(calls(tx).map((c) => c.function)).toEqual(['set_write_price_vote', 'set_node_capacity_vote']);
    expect(() => voteAsNode(deployment, { cap: BLOB })).toThrow(/at least one/);
  });
});
