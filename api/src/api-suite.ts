// The query suite, run against both back ends (api.postgres.test.ts, api.pglite.test.ts): every query, filter,
// ordering and pagination edge over the fixture state, with expectations computed from the fixture rows.
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesBlobFilter, parseBlobFilter } from './resolvers/blob-filter.ts';
import type { BlobFilter } from './generated/resolver-types.ts';
import type { BlobRow } from './schema/parents.ts';
import type { ApiServer } from './server/server.ts';
import { events, pipelineWatermarks } from './tables.ts';
import { gql, openTestBackend, type BackendKind, type TestBackend } from './testing/backends.ts';
import {
  BLOB_COUNT,
  CHECKPOINT,
  CURRENT_EPOCH,
  DAY_MS,
  EXPIRED_BLOB,
  GENESIS_MS,
  INVALID_BLOB,
  LATE_EVENT,
  NODE_A,
  NODE_B,
  NODE_D,
  OWNER_X,
  OWNER_Y,
  PACKAGE,
  blobIdOf,
  blobRow,
  hexId,
  writeFixture,
} from './testing/fixtures.ts';

/** The fixture's blob rows as the database returns them (defaults filled in). */
function fixtureBlobs(): BlobRow[] {
  const rows = [
    ...Array.from({ length: BLOB_COUNT }, (_, k) => blobRow(k + 1, k + 1 > 55 ? { owner: OWNER_Y } : {})),
    blobRow(1001, {
      createdCheckpoint: 75n,
      updatedCheckpoint: 75n,
      blobId: blobIdOf(1),
      deletable: false,
      endEpoch: 40,
      status: 'certified',
      certifiedEpoch: 2,
    }),
    blobRow(1002, { createdCheckpoint: 76n, updatedCheckpoint: 76n, blobId: INVALID_BLOB, owner: OWNER_Y }),
    EXPIRED_BLOB,
  ];
  return rows.map((r) => ({
    ...r,
    owner: r.owner ?? null,
    encodedSize: r.encodedSize ?? null,
    certifiedEpoch: r.certifiedEpoch ?? null,
    storageId: r.storageId ?? null,
    storageSize: r.storageSize ?? null,
    attributes: r.attributes ?? null,
  }));
}

const BLOB_PAGE = `
  query Page($filter: BlobFilter, $orderBy: BlobOrder, $first: Int, $after: String, $last: Int, $before: String) {
    blobs(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { objectId size } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

interface BlobPage {
  blobs: {
    totalCount: number;
    edges: { cursor: string; node: { objectId: string; size: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const byCreatedDesc = (a: BlobRow, b: BlobRow) =>
  a.createdCheckpoint !== b.createdCheckpoint
    ? Number(b.createdCheckpoint - a.createdCheckpoint)
    : a.objectId < b.objectId
      ? 1
      : -1;

export function describeApiSuite(kind: BackendKind): void {
  describe(`the GraphQL API on ${kind}`, () => {
    let backend: TestBackend;
    let api: ApiServer;
    const all = fixtureBlobs();

    beforeAll(async () => {
      backend = await openTestBackend(kind);
      await writeFixture(backend.writer);
      api = backend.api();
    });
    afterAll(async () => {
      await backend.dispose();
    });

    const ok = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
      const res = await gql<T>(api, query, variables);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.status).toBe(200);
      return res.data as T;
    };
    const fails = async (query: string, variables?: Record<string, unknown>) => {
      const res = await gql(api, query, variables);
      expect(res.status).not.toBe(500);
      expect(res.errors?.length, 'expected an error').toBeGreaterThan(0);
      return res.errors![0]!;
    };

    describe('blob lookups', () => {
      it('returns a blob by object id with its owner, storage, status, attributes and chain position', async () => {
        const id = hexId(10, 0x0b);
        const data = await ok(`{ blob(objectId: "${id}") {
          objectId blobId owner { kind address } size encodingType encodedSize deletable registeredEpoch certifiedEpoch
          certified status storage { objectId startEpoch endEpoch storageSize } attributes { key value }
          attribute(key: "index") missing: attribute(key: "nope") createdAt { checkpoint transactionDigest }
          createdTimestamp updatedAt { checkpoint } } }`);
        const row = all.find((b) => b.objectId === id)!;
        expect(data.blob).toEqual({
          objectId: id,
          blobId: row.blobId,
          owner: { kind: 'ADDRESS', address: OWNER_X },
          size: '10000',
          encodingType: 1,
          encodedSize: String(row.encodedSize),
          deletable: true,
          registeredEpoch: row.registeredEpoch,
          certifiedEpoch: row.certifiedEpoch,
          certified: true,
          status: 'CERTIFIED',
          storage: {
            objectId: row.storageId,
            startEpoch: row.startEpoch,
            endEpoch: row.endEpoch,
            storageSize: '100000',
          },
          attributes: [
            { key: 'content-type', value: 'image/png' },
            { key: 'index', value: '10' },
          ],
          attribute: '10',
          missing: null,
          createdAt: { checkpoint: '20', transactionDigest: row.createdTxDigest },
          createdTimestamp: new Date(Number(GENESIS_MS + 10_000n)).toISOString(),
          updatedAt: { checkpoint: '20' },
        });
      });

      it('accepts a short or upper-case object id and answers null for an unknown one', async () => {
        const data = await ok(
          `{ a: blob(objectId: "0x0000000B${'0'.repeat(54)}0A") { objectId } b: blob(objectId: "0x1234") { objectId } }`,
        );
        expect(data.a).toEqual({ objectId: hexId(10, 0x0b) });
        expect(data.b).toBeNull();
      });

      it('rejects a malformed object id with an error naming the argument', async () => {
        const error = await fails(`{ blob(objectId: "0xZZ") { objectId } }`);
        expect(error.message).toMatch(/^objectId: "0xZZ" is not a Sui object id/);
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      });

      it('lists every object backed by one blob id', async () => {
        const data = await ok(`{ blobsByBlobId(blobId: "${blobIdOf(1)}") { objectId deletable } }`);
        // Oldest first: object 1 was created at checkpoint 11, object 1001 at 75.
        expect(data.blobsByBlobId).toEqual([
          { objectId: hexId(1, 0x0b), deletable: false },
          { objectId: hexId(1001, 0x0b), deletable: false },
        ]);
      });

      it('rejects a blob id that is not 43 canonical base64url characters', async () => {
        const error = await fails(`{ blobsByBlobId(blobId: "abc") { objectId } }`);
        expect(error.message).toMatch(/^blobId: a blob ID is 43 URL-safe base64 characters/);
      });

      it('aggregates blob status as storage nodes do: invalid, permanent, deletable, nonexistent', async () => {
        const data = await ok(`{
          permanent: blobStatus(blobId: "${blobIdOf(1)}") { status endEpoch isCertified initialCertifiedEpoch deletableCounts { countDeletableTotal countDeletableCertified } objects { objectId } }
          invalid: blobStatus(blobId: "${INVALID_BLOB}") { status invalidation { epoch checkpoint transactionDigest timestamp } }
          deletable: blobStatus(blobId: "${blobIdOf(2)}") { status endEpoch initialCertifiedEpoch deletableCounts { countDeletableTotal countDeletableCertified } }
          none: blobStatus(blobId: "${blobIdOf(199)}") { status deletableCounts { countDeletableTotal } objects { objectId } }
        }`);
        expect(data.permanent).toEqual({
          status: 'PERMANENT',
          endEpoch: 40,
          isCertified: true,
          initialCertifiedEpoch: 2,
          deletableCounts: { countDeletableTotal: 0, countDeletableCertified: 0 },
          objects: [{ objectId: hexId(1, 0x0b) }, { objectId: hexId(1001, 0x0b) }],
        });
        expect(data.invalid).toEqual({
          status: 'INVALID',
          invalidation: {
            epoch: 2,
            checkpoint: '80',
            transactionDigest: 'Invalid1111111111111111111111111111111',
            timestamp: new Date(Number(GENESIS_MS + DAY_MS)).toISOString(),
          },
        });
        expect(data.deletable).toEqual({
          status: 'DELETABLE',
          endEpoch: null,
          initialCertifiedEpoch: 3,
          deletableCounts: { countDeletableTotal: 1, countDeletableCertified: 1 },
        });
        expect(data.none).toEqual({ status: 'NONEXISTENT', deletableCounts: { countDeletableTotal: 0 }, objects: [] });
      });

      it('estimates expiry from the current epoch start and the epoch duration', async () => {
        const id = hexId(1, 0x0b); // end epoch 6
        const data = await ok(`{ blob(objectId: "${id}") { expiresAt { epoch estimatedTime expired } } }`);
        // Epoch 3's change was done at genesis + 2 days + 60 s; epoch 4 starts a day later, epoch 6 two more.
        const expected = GENESIS_MS + 2n * DAY_MS + 60_000n + 3n * DAY_MS;
        expect(data.blob.expiresAt).toEqual({
          epoch: 6,
          estimatedTime: new Date(Number(expected)).toISOString(),
          expired: false,
        });
      });

      it('dates the expiry of an expired blob at the recorded start of its end epoch', async () => {
        const data = await ok(
          `{ blob(objectId: "${EXPIRED_BLOB.objectId}") { status expiresAt { epoch estimatedTime expired } blobIdStatus { status } } }`,
        );
        expect(data.blob).toEqual({
          status: 'EXPIRED',
          expiresAt: { epoch: 2, estimatedTime: new Date(Number(GENESIS_MS + DAY_MS)).toISOString(), expired: true },
          blobIdStatus: { status: 'NONEXISTENT' },
        });
      });

      it('reads a blob by object id with the start of its end epoch in one statement', async () => {
        const statements: string[] = [];
        const res = await gql(
          backend.api({ onStatement: (text) => statements.push(text) }),
          `{ blob(objectId: "${EXPIRED_BLOB.objectId}") { expiresAt { estimatedTime } } }`,
        );
        expect(res.data).toEqual({
          blob: { expiresAt: { estimatedTime: new Date(Number(GENESIS_MS + DAY_MS)).toISOString() } },
        });
        // The blob's statement, and no read of its end epoch by the epoch loader (the chain head is read apart).
        expect(statements.filter((s) => /from "blobs"/.test(s))).toHaveLength(1);
        expect(statements.filter((s) => /from "epochs" where/.test(s) && !/from "blobs"/.test(s))).toEqual([]);
      });

      it('shows the events naming a blob object, oldest first, paged', async () => {
        const id = hexId(1, 0x0b);
        const data = await ok(`{ blob(objectId: "${id}") {
          all: events { totalCount nodes { name checkpoint contents } }
          first: events(first: 1) { nodes { name } pageInfo { hasNextPage endCursor } } } }`);
        expect(data.blob.all.totalCount).toBe(2);
        expect(data.blob.all.nodes.map((n: { name: string }) => n.name)).toEqual(['BlobRegistered', 'BlobCertified']);
        expect(data.blob.all.nodes[0].contents).toEqual({ epoch: 2, object_id: id, size: '1000' });
        expect(data.blob.first.nodes).toEqual([{ name: 'BlobRegistered' }]);
        const next = await ok(
          `{ blob(objectId: "${id}") { events(after: "${data.blob.first.pageInfo.endCursor}") { nodes { name } pageInfo { hasNextPage hasPreviousPage } } } }`,
        );
        expect(next.blob.events).toEqual({
          nodes: [{ name: 'BlobCertified' }],
          pageInfo: { hasNextPage: false, hasPreviousPage: true },
        });
      });
    });

    describe('blob lists', () => {
      it('serve the default page of 50, newest first, with an exact total', async () => {
        const data = await ok<BlobPage>(BLOB_PAGE);
        const expected = [...all]
          .sort(byCreatedDesc)
          .slice(0, 50)
          .map((b) => b.objectId);
        expect(data.blobs.edges.map((e) => e.node.objectId)).toEqual(expected);
        expect(data.blobs.totalCount).toBe(all.length);
        expect(data.blobs.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      });

      it('walk forward page by page through every blob exactly once', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 10; i++) {
          const data: BlobPage = await ok<BlobPage>(BLOB_PAGE, { first: 25, after });
          seen.push(...data.blobs.edges.map((e) => e.node.objectId));
          if (!data.blobs.pageInfo.hasNextPage) break;
          after = data.blobs.pageInfo.endCursor;
        }
        expect(seen).toEqual([...all].sort(byCreatedDesc).map((b) => b.objectId));
      });

      it('walk backward from the end with last/before and meet the same order', async () => {
        const seen: string[] = [];
        let before: string | null = null;
        for (let i = 0; i < 10; i++) {
          const data: BlobPage = await ok<BlobPage>(BLOB_PAGE, { last: 25, before });
          seen.unshift(...data.blobs.edges.map((e) => e.node.objectId));
          if (!data.blobs.pageInfo.hasPreviousPage) break;
          before = data.blobs.pageInfo.startCursor;
        }
        expect(seen).toEqual([...all].sort(byCreatedDesc).map((b) => b.objectId));
      });

      it('return the last page with last alone, and a window with after and before together', async () => {
        const ordered = [...all].sort(byCreatedDesc).map((b) => b.objectId);
        const last = await ok<BlobPage>(BLOB_PAGE, { last: 3 });
        expect(last.blobs.edges.map((e) => e.node.objectId)).toEqual(ordered.slice(-3));
        expect(last.blobs.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
        const head = await ok<BlobPage>(BLOB_PAGE, { first: 10 });
        const window = await ok<BlobPage>(BLOB_PAGE, {
          first: 50,
          after: head.blobs.edges[2]!.cursor,
          before: head.blobs.edges[6]!.cursor,
        });
        expect(window.blobs.edges.map((e) => e.node.objectId)).toEqual(ordered.slice(3, 6));
      });

      it('answer first: 0 with no edges and say more exist', async () => {
        const data = await ok<BlobPage>(BLOB_PAGE, { first: 0 });
        expect(data.blobs.edges).toEqual([]);
        expect(data.blobs.pageInfo).toEqual({
          hasNextPage: true,
          hasPreviousPage: false,
          startCursor: null,
          endCursor: null,
        });
      });

      it('answer a filter nothing matches with an empty page', async () => {
        const data = await ok<BlobPage>(BLOB_PAGE, { filter: { owner: hexId(99, 0xee) } });
        expect(data.blobs).toEqual({
          totalCount: 0,
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        });
      });

      it('accept the maximum page size and refuse one above it', async () => {
        const max = await ok<BlobPage>(BLOB_PAGE, { first: 1000 });
        expect(max.blobs.edges).toHaveLength(all.length);
        const error = await fails(BLOB_PAGE, { first: 1001 });
        expect(error.extensions?.code).toBe('PAGE_SIZE_EXCEEDED');
        expect(error.message).toBe(
          'first: 1001 is more than the maximum page size of 1000; page through with after/before',
        );
      });

      it('refuse negative sizes and first together with last', async () => {
        expect((await fails(BLOB_PAGE, { first: -1 })).message).toBe('first: must be 0 or more, got -1');
        expect((await fails(BLOB_PAGE, { first: 1, last: 1 })).message).toMatch(/^first: pass either first/);
      });

      it('refuse cursors that are garbage, tampered with, or made for another ordering', async () => {
        const garbage = await fails(BLOB_PAGE, { after: '!!not-a-cursor' });
        expect(garbage.extensions?.code).toBe('INVALID_CURSOR');
        expect(garbage.message).toMatch(/^after: not a cursor of this list/);
        const tampered = Buffer.from(JSON.stringify(['blobs:CREATED:DESC', 'x', 'y'])).toString('base64url');
        expect((await fails(BLOB_PAGE, { before: tampered })).message).toMatch(/^before: .*expected a decimal integer/);
        const sized = await ok<BlobPage>(BLOB_PAGE, { first: 1, orderBy: { field: 'SIZE', direction: 'ASC' } });
        const wrong = await fails(BLOB_PAGE, { after: sized.blobs.pageInfo.endCursor });
        expect(wrong.message).toMatch(
          /made for ordering "blobs:SIZE:ASC", this request orders by "blobs:CREATED:DESC"/,
        );
      });

      it.each([
        ['SIZE', 'ASC'],
        ['SIZE', 'DESC'],
        ['END_EPOCH', 'ASC'],
        ['END_EPOCH', 'DESC'],
        ['REGISTERED_EPOCH', 'DESC'],
        ['CREATED', 'ASC'],
      ] as const)('order by %s %s with object id breaking ties, across pages', async (field, direction) => {
        const key = (b: BlobRow): bigint =>
          field === 'SIZE'
            ? b.size
            : field === 'END_EPOCH'
              ? BigInt(b.endEpoch)
              : field === 'CREATED'
                ? b.createdCheckpoint
                : BigInt(b.registeredEpoch);
        const sign = direction === 'ASC' ? 1 : -1;
        const expected = [...all]
          .sort((a, b) =>
            key(a) !== key(b) ? (key(a) < key(b) ? -sign : sign) : a.objectId < b.objectId ? -sign : sign,
          )
          .map((b) => b.objectId);
        const first = await ok<BlobPage>(BLOB_PAGE, { first: 40, orderBy: { field, direction } });
        const rest = await ok<BlobPage>(BLOB_PAGE, {
          first: 40,
          after: first.blobs.pageInfo.endCursor,
          orderBy: { field, direction },
        });
        expect([...first.blobs.edges, ...rest.blobs.edges].map((e) => e.node.objectId)).toEqual(expected);
      });

      const filters: [string, BlobFilter][] = [
        ['owner', { owner: OWNER_Y }],
        ['blob id', { blobId: blobIdOf(1) }],
        ['status', { status: ['REGISTERED'] }],
        ['several statuses', { status: ['REGISTERED', 'CERTIFIED'] }],
        ['expired status (derived from the current epoch)', { status: ['EXPIRED'] }],
        ['a live and the expired status', { status: ['CERTIFIED', 'EXPIRED'] }],
        ['final and expired statuses', { status: ['DELETED', 'BURNED', 'EXPIRED'], owner: OWNER_X }],
        ['deletable', { deletable: true }],
        ['certified', { certified: false }],
        ['size range', { sizeGte: 10_000n, sizeLte: 20_000n }],
        ['registered epoch range', { registeredEpochGte: 2, registeredEpochLte: 2 }],
        ['end epoch range', { endEpochGte: 9 }],
        ['attribute key', { attribute: { key: 'content-type' } }],
        ['attribute key and value', { attribute: { key: 'content-type', value: 'image/png' } }],
        ['several conditions', { owner: OWNER_X, deletable: false, certified: true, endEpochLte: 8 }],
      ];
      it.each(filters)('filter by %s, matching the subscription predicate', async (_, filter) => {
        const expected = all
          .filter((b) => matchesBlobFilter(b, parseBlobFilter(filter), CURRENT_EPOCH))
          .sort(byCreatedDesc)
          .map((b) => b.objectId);
        expect(expected.length).toBeGreaterThan(0);
        const variables = JSON.parse(
          JSON.stringify({ filter, first: 1000 }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
        );
        const data = await ok<BlobPage>(BLOB_PAGE, variables);
        expect(data.blobs.edges.map((e) => e.node.objectId)).toEqual(expected);
        expect(data.blobs.totalCount).toBe(expected.length);
      });

      it('refuse contradictory ranges, empty status lists and unknown enum values with what was wrong', async () => {
        expect((await fails(BLOB_PAGE, { filter: { sizeGte: '10', sizeLte: '5' } })).message).toBe(
          'filter.sizeGte: 10 is greater than sizeLte 5, so nothing can match',
        );
        expect((await fails(BLOB_PAGE, { filter: { status: [] } })).message).toMatch(
          /^filter.status: give at least one/,
        );
        expect((await fails(BLOB_PAGE, { filter: { status: ['GONE'] } })).message).toMatch(
          /Value "GONE" does not exist in "BlobObjectStatus" enum/,
        );
        expect((await fails(BLOB_PAGE, { filter: { sizeGte: 'big' } })).message).toMatch(
          /BigInt: expected a whole number/,
        );
        expect((await fails(BLOB_PAGE, { filter: { owner: 'alice' } })).message).toMatch(
          /^filter.owner: "alice" is not a Sui object id/,
        );
      });
    });

    describe('epochs', () => {
      it('return an epoch with its timing, parameters and committee', async () => {
        const data = await ok(`{ epoch(number: 2) { epoch state startTime changeDoneTime durationMs estimatedEndTime
          totalCapacitySize usedCapacitySize storagePricePerUnitSize writePricePerUnitSize nShards isCurrent
          committee { epoch nodeId shardIndices weight node { name } } } }`);
        expect(data.epoch).toEqual({
          epoch: 2,
          state: 'NEXT_PARAMS_SELECTED',
          startTime: new Date(Number(GENESIS_MS + DAY_MS)).toISOString(),
          changeDoneTime: new Date(Number(GENESIS_MS + DAY_MS + 60_000n)).toISOString(),
          durationMs: String(DAY_MS),
          estimatedEndTime: new Date(Number(GENESIS_MS + 2n * DAY_MS + 60_000n)).toISOString(),
          totalCapacitySize: String(1n << 50n),
          usedCapacitySize: String(2n << 30n),
          storagePricePerUnitSize: '100000',
          writePricePerUnitSize: '20000',
          nShards: 10,
          isCurrent: false,
          committee: [
            { epoch: 2, nodeId: NODE_A, shardIndices: [0, 1, 2, 3], weight: 4, node: { name: 'Alpha' } },
            { epoch: 2, nodeId: NODE_B, shardIndices: [5, 6, 7], weight: 3, node: { name: 'Beta' } },
            { epoch: 2, nodeId: hexId(3, 0xbb), shardIndices: [4, 8, 9], weight: 3, node: { name: 'Gamma_%' } },
          ],
        });
      });

      it('end epoch 0 at the first epoch start, and answer null for an epoch not indexed', async () => {
        const data = await ok(
          `{ epoch(number: 0) { estimatedEndTime durationMs } missing: epoch(number: 9) { epoch } }`,
        );
        expect(data.epoch).toEqual({
          estimatedEndTime: new Date(Number(GENESIS_MS)).toISOString(),
          durationMs: String(DAY_MS),
        });
        expect(data.missing).toBeNull();
      });

      it('refuse a negative epoch number', async () => {
        expect((await fails(`{ epoch(number: -1) { epoch } }`)).message).toBe(
          'number: -1 is not an epoch number (0 to 4294967295)',
        );
      });

      it('name the latest epoch as current', async () => {
        const data = await ok(`{ currentEpoch { epoch state isCurrent } }`);
        expect(data.currentEpoch).toEqual({ epoch: CURRENT_EPOCH, state: 'EPOCH_CHANGE_DONE', isCurrent: true });
      });

      it('page through epochs newest first, or oldest first when asked', async () => {
        const first = await ok(
          `{ epochs(first: 2) { totalCount nodes { epoch } pageInfo { endCursor hasNextPage } } }`,
        );
        expect(first.epochs.nodes).toEqual([{ epoch: 3 }, { epoch: 2 }]);
        expect(first.epochs.totalCount).toBe(4);
        const rest = await ok(
          `{ epochs(first: 2, after: "${first.epochs.pageInfo.endCursor}") { nodes { epoch } pageInfo { hasNextPage } } }`,
        );
        expect(rest.epochs).toEqual({ nodes: [{ epoch: 1 }, { epoch: 0 }], pageInfo: { hasNextPage: false } });
        const asc = await ok(`{ epochs(orderBy: ASC, last: 1) { nodes { epoch } } }`);
        expect(asc.epochs.nodes).toEqual([{ epoch: 3 }]);
      });
    });

    describe('storage nodes', () => {
      const NODES = `query Nodes($filter: StorageNodeFilter, $orderBy: StorageNodeOrder, $first: Int, $after: String) {
        storageNodes(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
          totalCount nodes { name } pageInfo { endCursor hasNextPage } } }`;
      const names = (data: { storageNodes: { nodes: { name: string }[] } }) =>
        data.storageNodes.nodes.map((n) => n.name);

      it('order by stake (default), commission, shards and name, breaking ties by node id', async () => {
        expect(names(await ok(NODES))).toEqual(['Alpha', 'Gamma_%', 'Beta', 'Delta']);
        expect(names(await ok(NODES, { orderBy: { field: 'COMMISSION', direction: 'ASC' } }))).toEqual([
          'Delta',
          'Beta',
          'Gamma_%',
          'Alpha',
        ]);
        expect(names(await ok(NODES, { orderBy: { field: 'SHARDS' } }))).toEqual(['Alpha', 'Gamma_%', 'Beta', 'Delta']);
        expect(names(await ok(NODES, { orderBy: { field: 'SHARDS', direction: 'ASC' } }))).toEqual([
          'Delta',
          'Beta',
          'Gamma_%',
          'Alpha',
        ]);
        expect(names(await ok(NODES, { orderBy: { field: 'NAME', direction: 'ASC' } }))).toEqual([
          'Alpha',
          'Beta',
          'Delta',
          'Gamma_%',
        ]);
      });

      it('page one node at a time through an ordering with ties', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 6; i++) {
          const data: any = await ok(NODES, { orderBy: { field: 'SHARDS' }, first: 1, after });
          seen.push(...names(data));
          if (!data.storageNodes.pageInfo.hasNextPage) break;
          after = data.storageNodes.pageInfo.endCursor;
        }
        expect(seen).toEqual(['Alpha', 'Gamma_%', 'Beta', 'Delta']);
      });

      it('filter by committee membership, state and a literal name substring', async () => {
        expect(names(await ok(NODES, { filter: { inCommittee: false } }))).toEqual(['Delta']);
        expect(names(await ok(NODES, { filter: { inCommittee: true } }))).toEqual(['Alpha', 'Gamma_%', 'Beta']);
        expect(names(await ok(NODES, { filter: { nameContains: '_%' } }))).toEqual(['Gamma_%']);
        expect(names(await ok(NODES, { filter: { nameContains: 'ALPH' } }))).toEqual(['Alpha']);
        const none = await ok(NODES, { filter: { state: 'WITHDRAWN' } });
        expect(none.storageNodes).toMatchObject({ totalCount: 0, nodes: [] });
      });

      it('refuse a name substring over 200 characters', async () => {
        const error = await fails(NODES, { filter: { nameContains: 'x'.repeat(201) } });
        expect(error.message).toBe('filter.nameContains: must be at most 200 characters');
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(names(await ok(NODES, { filter: { nameContains: 'x'.repeat(200) } }))).toEqual([]);
      });

      it('describe one node: keys, votes, commission, stake, committee seats and metadata', async () => {
        const data =
          await ok(`{ storageNode(id: "${NODE_B}") { nodeId name networkAddress publicKey networkPublicKey state
          metadata { imageUrl projectUrl description extraFields { key value } } votes { storagePrice writePrice nodeCapacity }
          commissionRate pendingCommissionRates { epoch value } commission commissionReceiver { kind id }
          governanceAuthorized { kind id } stake shares rewardsPool shards inCommittee inNextCommittee
          committeeHistory(last: 2) { epoch weight } updatedAt { checkpoint } } }`);
        expect(data.storageNode).toEqual({
          nodeId: NODE_B,
          name: 'Beta',
          networkAddress: 'beta.example:9185',
          publicKey: `0x${'ab'.repeat(96)}`,
          networkPublicKey: `0x02${'cd'.repeat(32)}`,
          state: 'ACTIVE',
          metadata: {
            imageUrl: 'https://beta.example/logo.png',
            projectUrl: null,
            description: 'Beta storage',
            extraFields: [{ key: 'region', value: 'eu' }],
          },
          votes: { storagePrice: '100000', writePrice: '20000', nodeCapacity: String(1n << 40n) },
          commissionRate: 200,
          pendingCommissionRates: [{ epoch: 5, value: '300' }],
          commission: '0',
          commissionReceiver: { kind: 'ADDRESS', id: NODE_B },
          governanceAuthorized: { kind: 'ADDRESS', id: NODE_B },
          stake: '3000000000000',
          shares: '1000000000000',
          rewardsPool: '50000000000',
          shards: 3,
          inCommittee: true,
          inNextCommittee: false,
          committeeHistory: [
            { epoch: 3, weight: 3 },
            { epoch: 2, weight: 3 },
          ],
          updatedAt: { checkpoint: '90' },
        });
      });

      it('page exchange rates newest first and estimate the APY from their growth', async () => {
        const data = await ok(
          `{ storageNode(id: "${NODE_A}") { apy exchangeRates(first: 2) { totalCount nodes { epoch flat walAmount shareAmount rate } pageInfo { endCursor hasNextPage } } } }`,
        );
        const node = data.storageNode;
        expect(node.exchangeRates.totalCount).toBe(3);
        expect(node.exchangeRates.nodes).toEqual([
          { epoch: 3, flat: false, walAmount: '1020100', shareAmount: '1000000', rate: 1.0201 },
          { epoch: 2, flat: false, walAmount: '1010000', shareAmount: '1000000', rate: 1.01 },
        ]);
        // 1% per daily epoch, compounded over a year of epochs.
        expect(node.apy).toBeCloseTo(Math.pow(1.01, 365.25) - 1, 6);
        const rest = await ok(
          `{ storageNode(id: "${NODE_A}") { exchangeRates(after: "${node.exchangeRates.pageInfo.endCursor}") { nodes { epoch flat rate } pageInfo { hasNextPage } } } }`,
        );
        expect(rest.storageNode.exchangeRates).toEqual({
          nodes: [{ epoch: 1, flat: true, rate: 1 }],
          pageInfo: { hasNextPage: false },
        });
        const error = await fails(
          `{ storageNode(id: "${NODE_A}") { exchangeRates(after: "AAAA") { nodes { epoch } } } }`,
        );
        expect(error.extensions?.code).toBe('INVALID_CURSOR');
      });

      it('give no APY to a node with fewer than two recorded rates, and null for an unknown node', async () => {
        const data = await ok(`{ b: storageNode(id: "${NODE_B}") { apy } x: storageNode(id: "0x99") { name } }`);
        expect(data).toEqual({ b: { apy: null }, x: null });
      });

      it('refuse a negative committeeHistory length', async () => {
        expect((await fails(`{ storageNode(id: "${NODE_A}") { committeeHistory(last: -1) { epoch } } }`)).message).toBe(
          'last: must be between 0 and 1000, got -1',
        );
      });
    });

    describe('staked positions', () => {
      const POSITIONS = `query P($owner: String, $filter: StakedWalFilter) { stakedWals(owner: $owner, filter: $filter) {
        totalCount nodes { objectId state principal activationEpoch withdrawEpoch estimatedRewards estimatedValue canWithdrawNow node { name } owner { address } } } }`;

      it('value each position with the exchange rates and say whether it can be withdrawn now', async () => {
        const data = await ok(POSITIONS, { owner: OWNER_X });
        expect(data.stakedWals.totalCount).toBe(4);
        expect(data.stakedWals.nodes).toEqual([
          // Active on Alpha since epoch 1 (flat), now at 1.0201: 2.01% rewards; Alpha is in the committee.
          {
            objectId: hexId(1, 0x5e),
            state: 'STAKED',
            principal: '10000000000',
            activationEpoch: 1,
            withdrawEpoch: null,
            estimatedRewards: '201000000',
            estimatedValue: '10201000000',
            canWithdrawNow: false,
            node: { name: 'Alpha' },
            owner: { address: OWNER_X },
          },
          // Withdrawal requested for epoch 3, which has come.
          {
            objectId: hexId(2, 0x5e),
            state: 'WITHDRAWING',
            principal: '10000000000',
            activationEpoch: 1,
            withdrawEpoch: 3,
            estimatedRewards: '0',
            estimatedValue: '10000000000',
            canWithdrawNow: true,
            node: { name: 'Beta' },
            owner: { address: OWNER_X },
          },
          // Delta is in no committee: withdraw in one step.
          {
            objectId: hexId(3, 0x5e),
            state: 'STAKED',
            principal: '10000000000',
            activationEpoch: 2,
            withdrawEpoch: null,
            estimatedRewards: '0',
            estimatedValue: '10000000000',
            canWithdrawNow: true,
            node: { name: 'Delta' },
            owner: { address: OWNER_X },
          },
          // Activates next epoch and no committee is selected yet: early withdrawal.
          {
            objectId: hexId(4, 0x5e),
            state: 'STAKED',
            principal: '10000000000',
            activationEpoch: 4,
            withdrawEpoch: null,
            estimatedRewards: '0',
            estimatedValue: '10000000000',
            canWithdrawNow: true,
            node: { name: 'Alpha' },
            owner: { address: OWNER_X },
          },
        ]);
      });

      it('show withdrawn positions without a value, and filter by state and node', async () => {
        const y = await ok(POSITIONS, { owner: OWNER_Y });
        expect(y.stakedWals.nodes).toEqual([
          expect.objectContaining({
            state: 'WITHDRAWN',
            estimatedRewards: null,
            estimatedValue: null,
            canWithdrawNow: false,
          }),
        ]);
        const withdrawing = await ok(POSITIONS, { filter: { state: ['WITHDRAWING'] } });
        expect(withdrawing.stakedWals.nodes.map((n: { objectId: string }) => n.objectId)).toEqual([hexId(2, 0x5e)]);
        const onAlpha = await ok(POSITIONS, { owner: OWNER_X, filter: { nodeId: NODE_A } });
        expect(onAlpha.stakedWals.totalCount).toBe(2);
        const onD = await ok(POSITIONS, { filter: { nodeId: NODE_D } });
        expect(onD.stakedWals.totalCount).toBe(1);
      });

      it('look one position up by id, null when unknown, and refuse a bad owner', async () => {
        const data = await ok(
          `{ a: stakedWal(id: "${hexId(1, 0x5e)}") { principal } b: stakedWal(id: "0x5") { principal } }`,
        );
        expect(data).toEqual({ a: { principal: '10000000000' }, b: null });
        expect((await fails(POSITIONS, { owner: '0x' })).message).toMatch(/^owner: "0x" is not a Sui object id/);
      });
    });

    describe('events', () => {
      const EVENTS = `query E($filter: EventFilter, $orderBy: OrderDirection, $first: Int, $after: String) {
        events(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
          totalCount nodes { name checkpoint transactionIndex eventIndex sender transactionDigest typeName eventType bcs timestamp } pageInfo { endCursor hasNextPage } } }`;
      const eventNames = (data: any) => data.events.nodes.map((n: { name: string }) => n.name);

      it('list events in chain order with their raw and decoded forms', async () => {
        const data = await ok(EVENTS);
        expect(eventNames(data)).toEqual(['BlobRegistered', 'BlobCertified', 'EpochChangeStart']);
        expect(data.events.nodes[2]).toEqual({
          name: 'EpochChangeStart',
          checkpoint: '30',
          transactionIndex: 0,
          eventIndex: 0,
          sender: OWNER_Y,
          transactionDigest: `Epoch${String(1).padStart(37, '1')}`,
          typeName: `${PACKAGE}::events::EpochChangeStart`,
          eventType: `${PACKAGE}::events::EpochChangeStart`,
          bcs: Buffer.from([3, 0, 0, 0]).toString('base64'),
          timestamp: new Date(Number(GENESIS_MS + 2n * DAY_MS)).toISOString(),
        });
        expect(eventNames(await ok(EVENTS, { orderBy: 'DESC' }))).toEqual([
          'EpochChangeStart',
          'BlobCertified',
          'BlobRegistered',
        ]);
        const page = await ok(EVENTS, { first: 2 });
        const rest = await ok(EVENTS, { first: 2, after: page.events.pageInfo.endCursor });
        expect(eventNames(rest)).toEqual(['EpochChangeStart']);
      });

      it('filter by short or full type name, checkpoint range, sender and transaction', async () => {
        expect(eventNames(await ok(EVENTS, { filter: { types: ['BlobCertified', 'EpochChangeStart'] } }))).toEqual([
          'BlobCertified',
          'EpochChangeStart',
        ]);
        expect(eventNames(await ok(EVENTS, { filter: { types: [`${PACKAGE}::events::BlobRegistered`] } }))).toEqual([
          'BlobRegistered',
        ]);
        expect(eventNames(await ok(EVENTS, { filter: { checkpointGte: '12', checkpointLte: '30' } }))).toEqual([
          'BlobCertified',
          'EpochChangeStart',
        ]);
        expect(eventNames(await ok(EVENTS, { filter: { sender: OWNER_Y } }))).toEqual(['EpochChangeStart']);
        expect(eventNames(await ok(EVENTS, { filter: { transaction: `Cert${String(1).padStart(38, '1')}` } }))).toEqual(
          ['BlobCertified'],
        );
      });

      it('refuse unknown event names, malformed types and digests, and inverted ranges', async () => {
        expect((await fails(EVENTS, { filter: { types: ['BlobRegisterd'] } })).message).toMatch(
          /^filter.types\[0\]: "BlobRegisterd" is not a Walrus event; known: .*BlobRegistered/,
        );
        expect((await fails(EVENTS, { filter: { types: ['0x1::events::X'] } })).message).toMatch(
          /is not a type name of the form/,
        );
        expect((await fails(EVENTS, { filter: { transaction: 'not a digest!' } })).message).toMatch(
          /^filter.transaction: /,
        );
        expect((await fails(EVENTS, { filter: { checkpointGte: '5', checkpointLte: '4' } })).message).toMatch(
          /greater than checkpointLte/,
        );
        const many = Array.from({ length: 201 }, () => 'BlobCertified');
        expect((await fails(EVENTS, { filter: { types: many } })).message).toBe(
          'filter.types: 201 types is more than the limit of 200',
        );
      });
    });

    describe('system, status and limits', () => {
      it('describe the System and Staking objects', async () => {
        const data =
          await ok(`{ system { epoch nShards maxEpochsAhead storageUnitSize maxBlobSize storagePricePerUnitSize
          futureAccounting { epoch usedCapacity rewardsToDistribute }
          staking { epoch epochState epochDurationMs firstEpochStart nextCommittee { nodeId } } } }`);
        expect(data.system).toEqual({
          epoch: 3,
          nShards: 1000,
          maxEpochsAhead: 53,
          storageUnitSize: 1_048_576,
          maxBlobSize: '14599533452',
          storagePricePerUnitSize: '100000',
          futureAccounting: [
            { epoch: 3, usedCapacity: '3221225472', rewardsToDistribute: '1000' },
            { epoch: 4, usedCapacity: '1073741824', rewardsToDistribute: '500' },
          ],
          staking: {
            epoch: 3,
            epochState: 'EPOCH_CHANGE_DONE',
            epochDurationMs: String(DAY_MS),
            firstEpochStart: new Date(Number(GENESIS_MS)).toISOString(),
            nextCommittee: [],
          },
        });
      });

      it('report the checkpoint every table reflects (the lowest watermark) and each pipeline', async () => {
        const data =
          await ok(`{ indexerStatus { checkpoint checkpointTimestamp lagMs pipelines { pipeline checkpoint } }
          _meta { checkpoint } }`);
        expect(data.indexerStatus).toMatchObject({
          checkpoint: String(CHECKPOINT - 2n),
          checkpointTimestamp: new Date(Number(GENESIS_MS + 98_000n)).toISOString(),
          pipelines: [
            { pipeline: 'events', checkpoint: String(CHECKPOINT) },
            { pipeline: 'walrus', checkpoint: String(CHECKPOINT - 2n) },
          ],
        });
        expect(BigInt(data.indexerStatus.lagMs)).toBeGreaterThan(0n);
        expect(data._meta).toEqual({ checkpoint: String(CHECKPOINT - 2n) });
      });

      it('publish the limits it enforces', async () => {
        const data = await ok(
          `{ serviceConfig { defaultPageSize maxPageSize maxDepth maxCost maxOutputNodes maxRequestBytes statementTimeoutMs
            requestTimeoutMs maxTotalCount } }`,
        );
        expect(data.serviceConfig).toEqual({
          defaultPageSize: 50,
          maxPageSize: 1000,
          maxDepth: api.limits.maxDepth,
          maxCost: api.limits.maxCost,
          maxOutputNodes: api.limits.maxOutputNodes,
          maxRequestBytes: api.limits.maxRequestBytes,
          // PGlite never cancels a statement, so no statement timeout is in force there.
          statementTimeoutMs: kind === 'postgres' ? api.limits.statementTimeoutMs : null,
          requestTimeoutMs: api.limits.requestTimeoutMs,
          maxTotalCount: 10_000,
        });
      });
    });

    describe('totalCount on the lists over growing tables', () => {
      it('count exactly up to maxTotalCount, then answer null and an estimate above the cap', async () => {
        const capped = backend.api({ limits: { maxTotalCount: 2 } });
        const query = `{
          blobs { totalCount totalCountEstimate }
          mine: blobs(filter: { owner: "${OWNER_Y}" }) { totalCount totalCountEstimate }
          few: blobs(filter: { owner: "${OWNER_Y}", deletable: false }) { totalCount totalCountEstimate }
          none: blobs(filter: { status: [DELETED] }) { totalCount totalCountEstimate }
          events { totalCount totalCountEstimate }
          early: events(filter: { checkpointLte: "12" }) { totalCount totalCountEstimate }
          stakedWals { totalCount totalCountEstimate }
          ownersStake: stakedWals(owner: "${OWNER_Y}") { totalCount totalCountEstimate }
          blob(objectId: "${hexId(1, 0x0b)}") { events(first: 1) { totalCount totalCountEstimate } }
          serviceConfig { maxTotalCount }
        }`;
        const res = await gql(capped, query);
        expect(res.errors).toBeUndefined();
        const data = res.data as Record<string, any>;
        const mine = all.filter((b) => b.owner === OWNER_Y);
        const few = mine.filter((b) => !b.deletable);
        expect(mine.length).toBeGreaterThan(2);
        // At the cap: still exact.
        expect(few.length).toBe(2);
        for (const over of [data.blobs, data.mine, data.events, data.stakedWals]) {
          expect(over.totalCount).toBeNull();
          expect(over.totalCountEstimate).toBeGreaterThanOrEqual(3);
        }
        expect(data.few).toEqual({ totalCount: few.length, totalCountEstimate: few.length });
        expect(data.none).toEqual({ totalCount: 0, totalCountEstimate: 0 });
        expect(data.early).toEqual({ totalCount: 2, totalCountEstimate: 2 });
        expect(data.ownersStake).toEqual({ totalCount: 1, totalCountEstimate: 1 });
        // A blob's history is loaded whole: counted exactly whatever the cap.
        expect(data.blob.events).toEqual({ totalCount: 2, totalCountEstimate: 2 });
        expect(data.serviceConfig).toEqual({ maxTotalCount: 2 });

        // With fresh statistics the unfiltered estimate is the table's row count (for events, the late event
        // past the indexed checkpoint included: the estimate leaves the watermark cap out).
        await backend.writer.execute(sql`analyze blobs`);
        await backend.writer.execute(sql`analyze events`);
        const eventRows = (await backend.writer.select({ n: count() }).from(events))[0]!.n;
        expect(eventRows).toBeGreaterThan(3);
        const analyzed = await gql(capped, `{ blobs { totalCountEstimate } events { totalCountEstimate } }`);
        expect(analyzed.data).toEqual({
          blobs: { totalCountEstimate: all.length },
          events: { totalCountEstimate: eventRows },
        });
      });

      it('refuse nothing at the default cap: every fixture list is counted exactly', async () => {
        const data = await ok(`{ blobs { totalCount totalCountEstimate } events { totalCount totalCountEstimate } }`);
        expect(data.blobs).toEqual({ totalCount: all.length, totalCountEstimate: all.length });
        expect(data.events.totalCount).toBe(data.events.totalCountEstimate);
      });
    });

    describe('one indexed checkpoint per response', () => {
      const VIEW = `{
        indexerStatus { checkpoint }
        events { totalCount nodes { name checkpoint } }
        late: events(filter: { checkpointGte: "99" }) { totalCount nodes { name } }
        deleted: events(filter: { types: ["BlobDeleted"] }) { nodes { name } }
        blob(objectId: "${hexId(1, 0x0b)}") { events { totalCount nodes { name } } }
      }`;
      const setWatermark = async (pipeline: string, checkpoint: bigint) => {
        await backend.writer
          .update(pipelineWatermarks)
          .set({ checkpoint })
          .where(eq(pipelineWatermarks.pipeline, pipeline));
      };

      it('hides events the events pipeline committed beyond the lowest watermark, everywhere events are read', async () => {
        // The row is there (events watermark 100), but the walrus watermark is 98.
        const stored = await backend.writer.select().from(events).where(eq(events.checkpoint, LATE_EVENT.checkpoint));
        expect(stored.map((e) => e.txDigest)).toEqual([LATE_EVENT.txDigest]);
        const data = await ok(VIEW);
        expect(data.indexerStatus.checkpoint).toBe('98');
        expect(data.events.totalCount).toBe(3);
        expect(data.events.nodes.map((n: { checkpoint: string }) => n.checkpoint)).toEqual(['11', '12', '30']);
        expect(data.late).toEqual({ totalCount: 0, nodes: [] });
        expect(data.deleted.nodes).toEqual([]);
        expect(data.blob.events.totalCount).toBe(2);
        expect(data.blob.events.nodes.map((n: { name: string }) => n.name)).toEqual([
          'BlobRegistered',
          'BlobCertified',
        ]);
      });

      it('shows those events once every pipeline has reached their checkpoint', async () => {
        await setWatermark('walrus', 99n);
        try {
          const data = await ok(VIEW);
          expect(data.indexerStatus.checkpoint).toBe('99');
          expect(data.events.totalCount).toBe(4);
          expect(data.late.nodes).toEqual([{ name: 'BlobDeleted' }]);
          expect(data.deleted.nodes).toEqual([{ name: 'BlobDeleted' }]);
          expect(data.blob.events.nodes.map((n: { name: string }) => n.name)).toEqual([
            'BlobRegistered',
            'BlobCertified',
            'BlobDeleted',
          ]);
        } finally {
          await setWatermark('walrus', CHECKPOINT - 2n);
        }
      });

      it('caps event history at the events watermark when that pipeline is the one behind', async () => {
        await setWatermark('events', 20n);
        try {
          const data = await ok(VIEW);
          expect(data.indexerStatus.checkpoint).toBe('20');
          expect(data.events.nodes.map((n: { name: string }) => n.name)).toEqual(['BlobRegistered', 'BlobCertified']);
          expect(data.events.totalCount).toBe(2);
          const cursor = await ok(`{ events(orderBy: DESC, first: 1) { pageInfo { endCursor } } }`);
          const older = await ok(
            `{ events(orderBy: DESC, after: "${cursor.events.pageInfo.endCursor}") { nodes { name } } }`,
          );
          expect(older.events.nodes).toEqual([{ name: 'BlobRegistered' }]);
        } finally {
          await setWatermark('events', CHECKPOINT);
        }
      });
    });

    describe('batching', () => {
      // Every relation a page can reach: storage, expiry (current epoch, staking, end epoch), history, blob-id
      // status (objects of the id, invalidation), epochs with committees and their nodes (rates, seats, APY),
      // positions with their node and value, nodes with shards and committee flags.
      const NESTED = `query Nested($first: Int) {
        blobs(first: $first) { edges { node {
          objectId storage { endEpoch } expiresAt { epoch estimatedTime expired }
          events { totalCount nodes { name } }
          blobIdStatus { status invalidation { epoch } objects { objectId expiresAt { expired } } }
        } } }
        epochs(first: $first) { nodes { epoch durationMs isCurrent committee { weight node {
          name apy shards committeeHistory(last: 2) { epoch } exchangeRates(first: 2) { nodes { rate } } } } } }
        stakedWals(first: $first) { nodes { estimatedValue canWithdrawNow node { name inCommittee } } }
        storageNodes(first: $first) { nodes { name shards inCommittee inNextCommittee apy } }
      }`;

      const countStatements = async (first: number) => {
        const statements: string[] = [];
        const counted = backend.api({ onStatement: (text) => statements.push(text) });
        const res = await gql(counted, NESTED, { first });
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        return { data: res.data as any, statements };
      };

      it('sends the same number of statements for a page of 3 and a page of every blob with nested relations', async () => {
        const small = await countStatements(3);
        const large = await countStatements(100);
        expect(small.data.blobs.edges).toHaveLength(3);
        expect(large.data.blobs.edges).toHaveLength(all.length);
        expect(large.data.stakedWals.nodes).toHaveLength(5);
        expect(large.data.blobs.edges.some((e: any) => e.node.events.totalCount > 0)).toBe(true);
        expect(large.data.blobs.edges.some((e: any) => e.node.blobIdStatus.objects.length > 1)).toBe(true);
        expect(large.statements.length).toBe(small.statements.length);
        // One statement per relation at most (plus the snapshot's own), not one per row.
        expect(large.statements.length).toBeLessThan(30);
      });

      it('reads a committee with its nodes in one statement when they are asked for, and without them otherwise', async () => {
        const reads = async (query: string) => {
          const statements: string[] = [];
          const res = await gql(backend.api({ onStatement: (text) => statements.push(text) }), query);
          expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
          const committee = (res.data as any).currentEpoch.committee as any[];
          return { committee, reads: statements.filter((s) => /committee_members|storage_nodes/.test(s)) };
        };
        const withNodes = await reads('{ currentEpoch { committee { nodeId weight node { nodeId name } } } }');
        const inFragment = await reads(
          '{ currentEpoch { committee { ...Seat } } } fragment Seat on CommitteeMember { nodeId weight node { name } }',
        );
        const bare = await reads('{ currentEpoch { committee { nodeId weight } } }');
        for (const { reads: sent } of [withNodes, inFragment]) {
          expect(sent).toHaveLength(1);
          expect(sent[0]).toMatch(/from "committee_members" left join "storage_nodes"/);
        }
        expect(bare.reads).toHaveLength(1);
        expect(bare.reads[0]).not.toMatch(/storage_nodes/);
        expect(bare.committee.length).toBeGreaterThan(1);
        expect(withNodes.committee.map(({ nodeId, weight }) => ({ nodeId, weight }))).toEqual(bare.committee);
        for (const member of withNodes.committee) expect(member.node.nodeId).toBe(member.nodeId);
        expect(inFragment.committee.map((m) => m.node.name)).toEqual(withNodes.committee.map((m) => m.node.name));
      });
    });

    describe('cursors on every connection', () => {
      const encode = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
      const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
      // Each connection: how to fetch a page with `args`, where its page sits in the answer, and why a cursor whose
      // key values the columns cannot hold is refused (numbers to 2^40, decimal text to 30 nines, other text + NUL).
      const BIGINT = /\(9{30} is outside the range of its bigint column\)/;
      const INTEGER = /\(1099511627776 is outside the range of its integer column\)/;
      const NUL = /\(a text part holds a NUL character\)/;
      const connections: [string, (args: string) => string, (data: any) => any, RegExp][] = [
        ['events', (a) => `{ events(${a}) { pageInfo { endCursor } } }`, (d) => d.events, BIGINT],
        [
          'Blob.events',
          (a) => `{ blob(objectId: "${hexId(1, 0x0b)}") { events(${a}) { pageInfo { endCursor } } } }`,
          (d) => d.blob.events,
          BIGINT,
        ],
        ['epochs', (a) => `{ epochs(${a}) { pageInfo { endCursor } } }`, (d) => d.epochs, INTEGER],
        ['storageNodes', (a) => `{ storageNodes(${a}) { pageInfo { endCursor } } }`, (d) => d.storageNodes, NUL],
        [
          'storageNodes by shards',
          (a) => `{ storageNodes(orderBy: { field: SHARDS, direction: ASC }, ${a}) { pageInfo { endCursor } } }`,
          (d) => d.storageNodes,
          NUL,
        ],
        [
          'storageNodes by name',
          (a) => `{ storageNodes(orderBy: { field: NAME, direction: ASC }, ${a}) { pageInfo { endCursor } } }`,
          (d) => d.storageNodes,
          NUL,
        ],
        ['stakedWals', (a) => `{ stakedWals(${a}) { pageInfo { endCursor } } }`, (d) => d.stakedWals, NUL],
        [
          'StorageNode.exchangeRates',
          (a) => `{ storageNode(id: "${NODE_A}") { exchangeRates(${a}) { pageInfo { endCursor } } } }`,
          (d) => d.storageNode.exchangeRates,
          INTEGER,
        ],
      ];
      const outOfRange = (part: unknown) =>
        typeof part === 'number' ? 2 ** 40 : /^\d+$/.test(String(part)) ? '9'.repeat(30) : `${String(part)}\u0000`;

      it.each(connections)(
        'refuse a bad cursor on %s with INVALID_CURSOR and the reason',
        async (_, build, pick, unholdable) => {
          const real: string = pick(await ok(build('first: 1'))).pageInfo.endCursor;
          const parts = decode(real);
          const other = decode((await ok(`{ blobs(first: 1) { pageInfo { endCursor } } }`)).blobs.pageInfo.endCursor);
          const cases: [string, string, RegExp][] = [
            ['after', '!!garbage', /^after: not a cursor of this list \(not base64url text/],
            ['before', 'AAAA', /^before: not a cursor of this list \(does not decode to a cursor\)/],
            ['after', encode(other), /^after: not a cursor of this list \((wrong shape|made for ordering "blobs:)/],
            ['after', encode([parts[0]]), /^after: not a cursor of this list \(wrong shape\)/],
            [
              'before',
              encode([parts[0], { x: 1 }, ...parts.slice(2)]),
              /^before: not a cursor of this list \(expected/,
            ],
            ['after', encode([parts[0], ...parts.slice(1).map(outOfRange)]), unholdable],
          ];
          for (const [argument, cursor, message] of cases) {
            const res = await gql(api, build(`${argument}: "${cursor}"`));
            expect(res.status, cursor).not.toBe(500);
            const error = res.errors?.[0];
            expect(error?.extensions?.code, `${argument}: ${cursor}`).toBe('INVALID_CURSOR');
            expect(error?.message).toMatch(message);
          }
          // The real cursor itself is accepted.
          expect(pick(await ok(build(`after: "${real}"`)))).toBeDefined();
        },
      );

      it('refuse a checkpoint cursor beyond the bigint range instead of failing the query', async () => {
        const error = await fails(
          `{ events(after: "${encode(['events:ASC', '9'.repeat(30), 0, 0])}") { nodes { name } } }`,
        );
        expect(error.extensions?.code).toBe('INVALID_CURSOR');
        expect(error.message).toBe(
          `after: not a cursor of this list (${'9'.repeat(30)} is outside the range of its bigint column); use a cursor returned by the same field with the same orderBy`,
        );
      });
    });
  });
}
