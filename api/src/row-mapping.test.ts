import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadDb } from './database.ts';
import { apyWindowEndValues, nodeColumnsSelection } from './loaders.ts';
import { preparedStatements } from './prepared-queries.ts';
import { blobs, committeeMembers, epochs, storageNodes } from './tables.ts';
import { openTestBackend, type BackendKind, type TestBackend } from './testing/backends.ts';
import { CURRENT_EPOCH, hexId, writeFixture } from './testing/fixtures.ts';

// The compiled mapper must give what drizzle's own mapping gives, for every kind of selection the API prepares:
// whole rows, nested objects of left-joined tables (null when the join found nothing), SQL with decoders.
describe.each<BackendKind>(['pglite', 'postgres'])('compiled row mapping on %s', (kind) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await openTestBackend(kind);
    await writeFixture(backend.writer);
    // A committee seat of a node that has no row: its left-joined node is all nulls.
    await backend.writer
      .insert(committeeMembers)
      .values({ epoch: CURRENT_EPOCH, nodeId: hexId(99, 0xbb), shardIndices: [7], weight: 1 });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  const selections: [
    string,
    (db: ReadDb) => { execute(): Promise<unknown>; prepare(name: string): { execute(): Promise<unknown> } },
  ][] = [
    [
      'whole blob rows, with a mapped subquery',
      (db) =>
        db
          .select({
            ...getTableColumns(blobs),
            end: sql<bigint | null>`(select max(e.change_started_timestamp_ms) from epochs e)`.mapWith(
              epochs.changeStartedTimestampMs,
            ),
          })
          .from(blobs)
          .orderBy(blobs.objectId)
          .limit(20),
    ],
    [
      'committee members with their nodes, one missing',
      (db) =>
        db
          .select({
            member: { epoch: committeeMembers.epoch, nodeId: committeeMembers.nodeId, weight: committeeMembers.weight },
            node: nodeColumnsSelection(['name', 'walBalance']),
          })
          .from(committeeMembers)
          .leftJoin(storageNodes, eq(storageNodes.nodeId, committeeMembers.nodeId))
          .orderBy(committeeMembers.epoch, committeeMembers.nodeId),
    ],
    [
      'nodes with their seats and APY window ends',
      (db) =>
        db
          .select({ node: nodeColumnsSelection(['name']), weight: committeeMembers.weight, ...apyWindowEndValues() })
          .from(storageNodes)
          .leftJoin(
            committeeMembers,
            and(eq(committeeMembers.nodeId, storageNodes.nodeId), eq(committeeMembers.epoch, CURRENT_EPOCH)),
          )
          .orderBy(storageNodes.nodeId),
    ],
  ];

  it.each(selections)('%s', async (_, build) => {
    const snapshot = await backend.database().openSnapshot();
    try {
      const expected = await build(snapshot.db).execute();
      const compiled = await preparedStatements(10)(snapshot.db, `mapping test ${_}`, build).execute();
      expect((expected as unknown[]).length).toBeGreaterThan(0);
      expect(compiled).toEqual(expected);
    } finally {
      await snapshot.release();
    }
  });
});
