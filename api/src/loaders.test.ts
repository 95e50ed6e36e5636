import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './config.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { RequestData } from './request-data.ts';
import { committeeMembers, epochs, poolExchangeRates, storageNodes } from './tables.ts';
import { openTestBackend, type BackendKind, type TestBackend } from './testing/backends.ts';
import { hexId, nodeRow } from './testing/fixtures.ts';

// The exchange-rate loaders read only the rows the staking estimates use; these check they are the right ones
// when the recorded epochs have gaps (a pool records a rate only in epochs it changed).
describe.each<BackendKind>(['pglite', 'postgres'])('exchange-rate loaders on %s', (kind) => {
  const X = hexId(1, 0xbb);
  const Y = hexId(2, 0xbb);
  const Z = hexId(3, 0xbb);
  let backend: TestBackend;
  let data: RequestData<Loaders>;

  beforeAll(async () => {
    backend = await openTestBackend(kind);
    await backend.writer.insert(epochs).values(Array.from({ length: 41 }, (_, epoch) => ({ epoch })));
    await backend.writer.insert(storageNodes).values([nodeRow(X, 'X'), nodeRow(Y, 'Y'), nodeRow(Z, 'Z')]);
    await backend.writer.insert(poolExchangeRates).values([
      ...[1, 4, 7, 20, 35].map((epoch) => ({
        nodeId: X,
        epoch,
        walAmount: BigInt(1000 + epoch),
        shareAmount: 1000n,
      })),
      { nodeId: Z, epoch: 39, walAmount: 5n, shareAmount: 4n },
    ]);
    // Epoch 40 is current: X sits in it, Y only in the one before.
    await backend.writer.insert(committeeMembers).values([
      { epoch: 39, nodeId: Y, shardIndices: [0, 1], weight: 2 },
      { epoch: 40, nodeId: X, shardIndices: [0, 1, 2], weight: 3 },
    ]);
  });
  afterAll(async () => {
    await data?.close();
    await backend.dispose();
  });

  const fresh = () => {
    void data?.close();
    data = new RequestData(backend.database(), DEFAULT_LIMITS, createLoaders);
    return data.loaders;
  };

  it('find the latest rate at or before each epoch, null before the first and for a node without rates', async () => {
    const loaders = fresh();
    const at = await Promise.all(
      [
        { nodeId: X, epoch: 0 },
        { nodeId: X, epoch: 1 },
        { nodeId: X, epoch: 5 },
        { nodeId: X, epoch: 7 },
        { nodeId: X, epoch: 40 },
        { nodeId: Y, epoch: 10 },
        { nodeId: Z, epoch: 38 },
        { nodeId: Z, epoch: 39 },
      ].map((k) => loaders.rateAtEpoch.load(k)),
    );
    expect(at.map((r) => (r === null ? null : `${r.nodeId === X ? 'X' : 'Z'}${r.epoch}`))).toEqual([
      null,
      'X1',
      'X4',
      'X7',
      'X35',
      null,
      null,
      'Z39',
    ]);
    expect(at[2]).toEqual({ nodeId: X, epoch: 4, walAmount: 1004n, shareAmount: 1000n });
  });

  it('give the APY estimate the oldest and newest rate of the last 30 epochs', async () => {
    const loaders = fresh();
    // Current epoch 40: the window starts at epoch 10.
    const [x, y, z] = await loaders.recentNodeRates.loadMany([X, Y, Z]);
    expect((x as { epoch: number }[]).map((r) => r.epoch)).toEqual([20, 35]);
    expect(y).toEqual([]);
    expect((z as { epoch: number }[]).map((r) => r.epoch)).toEqual([39]);
  });

  it('read each node with its seat in the current committee, in the statement that reads the node', async () => {
    const loaders = fresh();
    const missing = hexId(9, 0xbb);
    const [x, y, none, node] = await Promise.all([
      loaders.storageNodeSeat.load(X),
      loaders.storageNodeSeat.load(Y),
      loaders.storageNodeSeat.load(missing),
      loaders.storageNode.load(X),
    ]);
    expect(x?.node.nodeId).toBe(X);
    expect(x?.currentWeight).toBe(3);
    // A seat in an earlier committee is no seat now.
    expect(y?.node.name).toBe('Y');
    expect(y?.currentWeight).toBeNull();
    expect(none).toBeNull();
    expect(node).toEqual(x?.node);
  });
});
