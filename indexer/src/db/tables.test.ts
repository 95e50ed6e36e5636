import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestBackend, type TestBackend } from '../testing/backends.ts';
import { jsonText } from './copy-text.ts';
import {
  CurrentStateFold,
  type HistoryTableSpec,
  SMALL_UPSERT_PARAMETERS,
  type StateTableSpec,
  upsertRows,
  writeCurrentState,
  writeHistoryRows,
} from './tables.ts';

interface Note {
  id: number;
  owner: string | null;
  body: string;
  data: Uint8Array;
  meta: string | null;
  checkpoint: bigint;
}

const NOTES: StateTableSpec<Note> = {
  table: 'test_notes',
  keyColumns: ['id'],
  columns: ['id', 'owner', 'body', 'data', 'meta', 'checkpoint'],
  values: (n) => [n.id, n.owner, n.body, n.data, n.meta, n.checkpoint],
};

const HISTORY: HistoryTableSpec<Note> = { ...NOTES, table: 'test_note_history', checkpointColumn: 'checkpoint' };

const TRICKY = "tab\there, newline\nthere, back\\slash, cr\r, quote \" and 'unicode ✓'";

describe.each(BACKENDS)('table writers on %s', (kind) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await openTestBackend(kind, 'tables');
    await backend.db.query(
      'CREATE TABLE test_notes (id integer PRIMARY KEY, owner text, body text NOT NULL, data bytea NOT NULL, meta jsonb, checkpoint bigint NOT NULL)',
    );
    await backend.db.query(
      'CREATE TABLE test_note_history (id integer NOT NULL, owner text, body text NOT NULL, data bytea NOT NULL, meta jsonb, checkpoint bigint NOT NULL)',
    );
  });
  afterAll(async () => {
    await backend.dispose();
  });

  async function notes(table: string) {
    const { rows } = await backend.db.query<{
      id: number;
      owner: string | null;
      body: string;
      data: Uint8Array;
      meta: unknown;
      checkpoint: string | number | bigint;
    }>(`SELECT id, owner, body, data, meta, checkpoint FROM ${table} ORDER BY id, checkpoint`);
    return rows.map((r) => ({ ...r, data: [...r.data], checkpoint: BigInt(r.checkpoint) }));
  }

  it('copies text with tabs, newlines, backslashes and unicode, bytea and json exactly', async () => {
    await backend.db.transaction((tx) =>
      writeHistoryRows(tx, HISTORY, 1n, 1n, [
        {
          id: 1,
          owner: null,
          body: TRICKY,
          data: new Uint8Array([0, 9, 10, 92, 255]),
          meta: jsonText({ n: 10n ** 20n, b: new Uint8Array([1]), s: TRICKY }),
          checkpoint: 1n,
        },
      ]),
    );
    expect(await notes('test_note_history')).toEqual([
      {
        id: 1,
        owner: null,
        body: TRICKY,
        data: [0, 9, 10, 92, 255],
        meta: { n: '100000000000000000000', b: '0x01', s: TRICKY },
        checkpoint: 1n,
      },
    ]);
  });

  it('upserts the same values in one statement (a few rows) as through a COPY stage (many rows)', async () => {
    const note = (id: number, checkpoint: bigint): Note => ({
      id,
      owner: id % 2 === 0 ? null : `0x${id}`,
      body: `${TRICKY} ${id}`,
      data: new Uint8Array([0, 9, 10, 92, 255, id % 256]),
      meta: id % 3 === 0 ? null : jsonText({ n: 10n ** 20n + BigInt(id), s: TRICKY }),
      checkpoint,
    });
    const upsert = (notes: Note[]) =>
      backend.db.transaction((tx) =>
        upsertRows(
          tx,
          'test_notes',
          NOTES.columns,
          notes.map(NOTES.values),
          'ON CONFLICT (id) DO UPDATE SET body = excluded.body, checkpoint = excluded.checkpoint ' +
            'WHERE test_notes.checkpoint <= excluded.checkpoint',
        ),
      );
    const many = Math.ceil(SMALL_UPSERT_PARAMETERS / NOTES.columns.length) + 10;
    await backend.db.query('DELETE FROM test_notes');
    await upsert([note(1, 5n), note(2, 5n), note(3, 5n)]);
    const few = await notes('test_notes');
    await upsert(Array.from({ length: many }, (_, i) => note(i + 1, 5n)));
    const all = await notes('test_notes');
    expect(all).toHaveLength(many);
    expect(all.slice(0, 3)).toEqual(few);
    expect(few[1]).toEqual({
      id: 2,
      owner: null,
      body: `${TRICKY} 2`,
      data: [0, 9, 10, 92, 255, 2],
      meta: { n: '100000000000000000002', s: TRICKY },
      checkpoint: 5n,
    });
    // The conflict clause applies on both paths: an older row does not overwrite a newer one.
    await upsert([{ ...note(1, 4n), body: 'older' }]);
    await upsert(Array.from({ length: many }, (_, i) => ({ ...note(i + 1, 4n), body: 'older' })));
    expect(await notes('test_notes')).toEqual(all);
    await expect(
      backend.db.transaction((tx) =>
        upsertRows(tx, 'test_notes', NOTES.columns, [[1, null]], 'ON CONFLICT DO NOTHING'),
      ),
    ).rejects.toThrow(/upsert into test_notes: a row has 2 values for 6 columns/);
    await backend.db.query('DELETE FROM test_notes');
  });

  it('replaces the rows of a checkpoint range when history rows are written again', async () => {
    const row = (id: number, checkpoint: bigint): Note => ({
      id,
      owner: 'a',
      body: `v${checkpoint}`,
      data: new Uint8Array([id]),
      meta: null,
      checkpoint,
    });
    await backend.db.transaction((tx) => writeHistoryRows(tx, HISTORY, 2n, 3n, [row(2, 2n), row(3, 3n)]));
    await backend.db.transaction((tx) => writeHistoryRows(tx, HISTORY, 2n, 3n, [row(2, 2n), row(3, 3n)]));
    const after = await notes('test_note_history');
    expect(after.filter((n) => n.checkpoint >= 2n).map((n) => [n.id, n.checkpoint])).toEqual([
      [2, 2n],
      [3, 3n],
    ]);
    expect(after.some((n) => n.checkpoint === 1n)).toBe(true);
  });

  it('folds a batch so each current-state row is written once with its last value, and deletes removed keys', async () => {
    const note = (id: number, body: string, checkpoint: bigint): Note => ({
      id,
      owner: `o${id}`,
      body,
      data: new Uint8Array([id]),
      meta: null,
      checkpoint,
    });
    const first = new CurrentStateFold<Note>((n) => String(n.id));
    first.upsert(note(1, 'a', 1n));
    first.upsert(note(2, 'b', 1n));
    first.upsert(note(1, 'a2', 2n));
    first.upsert(note(3, 'c', 2n));
    expect(first.size).toBe(3);
    expect(await backend.db.transaction((tx) => writeCurrentState(tx, NOTES, first))).toBe(3);

    const second = new CurrentStateFold<Note>(
      (n) => String(n.id),
      (previous, next) => ({ ...next, owner: next.owner ?? previous?.owner ?? null }),
    );
    second.upsert(note(2, 'b2', 3n));
    second.upsert({ ...note(2, 'b3', 4n), owner: null });
    second.delete(note(3, '', 4n));
    second.upsert(note(4, 'd', 4n));
    second.delete(note(4, '', 5n));
    await backend.db.transaction((tx) => writeCurrentState(tx, NOTES, second));

    expect((await notes('test_notes')).map((n) => [n.id, n.owner, n.body, n.checkpoint])).toEqual([
      [1, 'o1', 'a2', 2n],
      [2, 'o2', 'b3', 4n],
    ]);
  });

  it('rolls back every write of a transaction that fails', async () => {
    const before = await notes('test_notes');
    const fold = new CurrentStateFold<Note>((n) => String(n.id));
    fold.upsert({ id: 9, owner: null, body: 'x', data: new Uint8Array(), meta: null, checkpoint: 9n });
    await expect(
      backend.db.transaction(async (tx) => {
        await writeCurrentState(tx, NOTES, fold);
        await tx.query('SELECT * FROM no_such_table');
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(await notes('test_notes')).toEqual(before);
  });
});
