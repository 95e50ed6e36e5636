import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../server/server.ts';
import { blobs, epochs } from '../tables.ts';
import { gql, openTestBackend, type TestBackend } from '../testing/backends.ts';
import { blobRow, hexId } from '../testing/fixtures.ts';

// Expiry is derived from the latest indexed epoch (the indexer stores registered / certified): the status filter
// turns into conditions on the stored status and the end epoch, which must hold right at the boundaries (a live
// blob ending the epoch after the current one, blobs ending at the current epoch) in both END_EPOCH directions,
// and agree with what `Blob.status` shows.
describe('status filters in END_EPOCH order', () => {
  let backend: TestBackend;
  let api: ApiServer;
  const CURRENT = 3;
  const rows = [
    blobRow(1, { status: 'certified', endEpoch: CURRENT + 1 }),
    blobRow(2, { status: 'registered', endEpoch: CURRENT + 1 }),
    blobRow(3, { status: 'certified', endEpoch: CURRENT + 9 }),
    blobRow(4, { status: 'certified', endEpoch: CURRENT }),
    blobRow(5, { status: 'registered', endEpoch: 1 }),
    blobRow(6, { status: 'registered', endEpoch: CURRENT }),
    blobRow(7, { status: 'deleted', endEpoch: 1 }),
    blobRow(8, { status: 'burned', endEpoch: CURRENT + 2 }),
  ];
  const id = (i: number) => hexId(i, 0x0b);

  beforeAll(async () => {
    backend = await openTestBackend('pglite');
    await backend.writer.insert(epochs).values([0, 1, 2, CURRENT].map((epoch) => ({ epoch })));
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

  it('keep blobs that reached their end epoch, at the current epoch and before', async () => {
    expect(await page(['EXPIRED'], 'DESC')).toEqual([id(6), id(4), id(5)]);
    expect(await page(['EXPIRED'], 'ASC')).toEqual([id(5), id(4), id(6)]);
    expect(await page(['REGISTERED', 'EXPIRED'], 'ASC')).toEqual([id(5), id(4), id(6), id(2)]);
    expect(await page(['CERTIFIED', 'REGISTERED', 'EXPIRED'], 'ASC')).toEqual([
      id(5),
      id(4),
      id(6),
      id(1),
      id(2),
      id(3),
    ]);
  });

  it('leave statuses that imply no end epoch unbounded', async () => {
    expect(await page(['DELETED', 'BURNED', 'CERTIFIED'], 'ASC')).toEqual([id(7), id(1), id(8), id(3)]);
  });

  it('agree with the status each blob shows', async () => {
    const res = await gql(api, '{ blobs(first: 100) { nodes { objectId status } } }');
    expect(res.errors).toBeUndefined();
    const shown = new Map(
      (res.data as { blobs: { nodes: { objectId: string; status: string }[] } }).blobs.nodes.map((n) => [
        n.objectId,
        n.status,
      ]),
    );
    expect(Object.fromEntries(shown)).toEqual({
      [id(1)]: 'CERTIFIED',
      [id(2)]: 'REGISTERED',
      [id(3)]: 'CERTIFIED',
      [id(4)]: 'EXPIRED',
      [id(5)]: 'EXPIRED',
      [id(6)]: 'EXPIRED',
      [id(7)]: 'DELETED',
      [id(8)]: 'BURNED',
    });
    for (const status of ['REGISTERED', 'CERTIFIED', 'EXPIRED', 'DELETED', 'BURNED']) {
      const matching = [...shown].filter(([, s]) => s === status).map(([objectId]) => objectId);
      expect((await page([status], 'ASC')).sort(), status).toEqual(matching.sort());
    }
  });
});

describe('status filters before the first epoch', () => {
  let backend: TestBackend;
  afterAll(async () => {
    await backend.dispose();
  });

  it('find nothing expired while no epoch is indexed', async () => {
    backend = await openTestBackend('pglite');
    await backend.writer.insert(blobs).values([blobRow(1, { status: 'certified', endEpoch: 0 })]);
    const res = await gql(
      backend.api(),
      `{ expired: blobs(filter: { status: [EXPIRED] }) { nodes { objectId } }
         live: blobs(filter: { status: [CERTIFIED] }) { nodes { objectId status } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      expired: { nodes: [] },
      live: { nodes: [{ objectId: hexId(1, 0x0b), status: 'CERTIFIED' }] },
    });
  });
});
