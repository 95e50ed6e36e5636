import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadDb } from './database.ts';
import { byKeys, prepared, preparedStatements } from './prepared-queries.ts';
import { epochs } from './tables.ts';
import { openTestBackend, type BackendKind, type TestBackend } from './testing/backends.ts';

describe.each<BackendKind>(['pglite', 'postgres'])('statements built once on %s', (kind) => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await openTestBackend(kind);
    await backend.writer.insert(epochs).values([3, 5, 8, 13].map((epoch) => ({ epoch })));
  });
  afterAll(async () => {
    await backend.dispose();
  });

  /** Runs `read` in one snapshot of a database that records every statement text. */
  async function inSnapshot<T>(read: (db: ReadDb) => Promise<T>): Promise<T> {
    const snapshot = await backend.database().openSnapshot();
    try {
      return await read(snapshot.db);
    } finally {
      await snapshot.release();
    }
  }

  it("build a key once per database handle and run it with each call's values", async () => {
    await inSnapshot(async (db) => {
      let builds = 0;
      const byNumber = (n: number) =>
        byKeys(db, 'test epochs by number', [n], (db, matches) => {
          builds++;
          return db.select({ epoch: epochs.epoch }).from(epochs).where(matches(epochs.epoch));
        });
      expect(await byNumber(5)).toEqual([{ epoch: 5 }]);
      expect(await byNumber(8)).toEqual([{ epoch: 8 }]);
      expect(await byNumber(4)).toEqual([]);
      expect(builds).toBe(1);

      let otherBuilds = 0;
      const all = () =>
        prepared(db, 'test all epochs', (db) => {
          otherBuilds++;
          return db.select({ epoch: epochs.epoch }).from(epochs).orderBy(asc(epochs.epoch));
        }).execute();
      expect(await all()).toEqual([3, 5, 8, 13].map((epoch) => ({ epoch })));
      expect(await all()).toHaveLength(4);
      expect(otherBuilds).toBe(1);
    });
  });

  it('build every run, unnamed, the keys beyond the bound', async () => {
    const bounded = preparedStatements(1);
    await inSnapshot(async (db) => {
      const builds = { first: 0, second: 0 };
      const run = (key: 'first' | 'second', epoch: number) =>
        bounded(db, key, (db) => {
          builds[key]++;
          return db
            .select({ epoch: epochs.epoch })
            .from(epochs)
            .where(eq(epochs.epoch, sql.placeholder('epoch')));
        }).execute({ epoch });
      for (const epoch of [3, 5, 8]) {
        expect(await run('first', epoch)).toEqual([{ epoch }]);
        expect(await run('second', epoch)).toEqual([{ epoch }]);
      }
      expect(builds).toEqual({ first: 1, second: 3 });
    });
  });

  it('match one key as `= $1` and a batch as one array, `= any($1)`, with the same rows either way', async () => {
    const seen: string[] = [];
    await inSnapshot(async (db) => {
      const run = (keys: number[]) =>
        byKeys(db, 'test epochs in a batch', keys, (db, matches) => {
          const query = db
            .select({ epoch: epochs.epoch })
            .from(epochs)
            .where(matches(epochs.epoch))
            .orderBy(asc(epochs.epoch));
          seen.push(query.toSQL().sql);
          return query;
        });
      expect(await run([13])).toEqual([{ epoch: 13 }]);
      expect(await run([13, 3, 99])).toEqual([{ epoch: 3 }, { epoch: 13 }]);
      expect(await run([5, 8])).toEqual([{ epoch: 5 }, { epoch: 8 }]);
      // Two statements: one for a single key, one for every batch size.
      expect(seen).toHaveLength(2);
      expect(seen[0]).toMatch(/"epoch" = \$1 order by/);
      expect(seen[1]).toMatch(/"epoch" = any\(\$1\) order by/);
    });
  });
});
