import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../server/server.ts';
import { blobs, epochs, stakingState } from '../tables.ts';
import { gql, openTestBackend, type TestBackend } from '../testing/backends.ts';
import { blobRow, hexId } from '../testing/fixtures.ts';

// The end-epoch bound a status filter adds (so an END_EPOCH ordering starts at the current epoch) must keep every
// row the status matches, right at the boundaries: live blobs ending the epoch after the current one, and blobs
// expired at the current epoch, including one the indexer expired at an epoch only the Staking object shows yet
// (indexing started mid-epoch, before that epoch's row).
describe('status filters in END_EPOCH order', () => {
  let backend: TestBackend;
  let api: ApiServer;
  const CURRENT = 3;
  const rows = [
    blobRow(1, { status: 'certified', endEpoch: CURRENT + 1 }),
    blobRow(2, { status: 'registered', endEpoch: CURRENT + 1 }),
    blobRow(3, { status: 'certified', endEpoch: CURRENT + 9 }),
    blobRow(4, { status: 'expired', endEpoch: CURRENT }),
    blobRow(5, { status: 'expired', endEpoch: 1 }),
    blobRow(6, { status: 'expired', endEpoch: CURRENT + 1 }),
    blobRow(7, { status: 'deleted', endEpoch: 1 }),
    blobRow(8, { status: 'burned', endEpoch: CURRENT + 2 }),
  ];
  const id = (i: number) => hexId(i, 0x0b);

  beforeAll(async () => {
    backend = await openTestBackend('pglite');
    await backend.writer.insert(epochs).values([0, 1, 2, CURRENT].map((epoch) => ({ epoch })));
    // The Staking object is one epoch ahead of the epochs table; blob 6 was expired at that epoch.
    await backend.writer
      .insert(stakingState)
      .values({ objectId: hexId(1, 0x57), epoch: CURRENT + 1, updatedCheckpoint: 1n });
    await backend.writer.insert(blobs).values(rows);
    api = backend.api();
  });
  afterAll(async () => {
    await backend.dispose();
  });

  const page = async (status: string[], direction: 'ASC' | 'DESC') => {
    const res = await gql(
      api,
      `query($status: [BlobObjectStatus!], $direction: OrderDirection) {
        blobs(filter: { status: $status }, orderBy: { field: END_EPOCH, direction: $direction }) { nodes { objectId } } }`,
      { status, direction },
    );
    expect(res.errors).toBeUndefined();
    return (res.data as { blobs: { nodes: { objectId: string }[] } }).blobs.nodes.map((n) => n.objectId);
  };

  it('keep live blobs ending the epoch after the current one, in both directions', async () => {
    expect(await page(['CERTIFIED'], 'ASC')).toEqual([id(1), id(3)]);
    expect(await page(['REGISTERED', 'CERTIFIED'], 'ASC')).toEqual([id(1), id(2), id(3)]);
    expect(await page(['REGISTERED', 'CERTIFIED'], 'DESC')).toEqual([id(3), id(2), id(1)]);
  });

  it('keep blobs expired at the current epoch and at an epoch only the Staking object shows', async () => {
    expect(await page(['EXPIRED'], 'DESC')).toEqual([id(6), id(4), id(5)]);
    expect(await page(['EXPIRED'], 'ASC')).toEqual([id(5), id(4), id(6)]);
  });

  it('leave statuses that imply no end epoch unbounded', async () => {
    expect(await page(['DELETED', 'BURNED', 'CERTIFIED'], 'ASC')).toEqual([id(7), id(1), id(8), id(3)]);
  });
});
