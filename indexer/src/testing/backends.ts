// Test support: the same test body against a real Postgres (private schema per test) and an in-memory PGlite.
import { PGlite } from '@electric-sql/pglite';
import { type Database, pgliteDatabase, postgresDatabase } from '../db/database.ts';
import { migratePgliteDb, migratePostgres } from '../db/migrate.ts';
import { createTestSchema } from '../db/test-database.ts';

export interface TestBackend {
  db: Database;
  /** For Postgres: the private schema (for child processes and admin queries). */
  schema?: string;
  dispose(): Promise<void>;
}

export type BackendKind = 'postgres' | 'pglite';

export const BACKENDS: readonly BackendKind[] = ['postgres', 'pglite'];

/** A migrated, empty database of the given kind. */
export async function openTestBackend(kind: BackendKind, prefix = 'idx'): Promise<TestBackend> {
  if (kind === 'postgres') {
    const test = await createTestSchema(prefix);
    await migratePostgres(test.pool, test.schema);
    const db = postgresDatabase(test.pool);
    return { db, schema: test.schema, dispose: () => test.drop() };
  }
  const client = new PGlite();
  await migratePgliteDb(client);
  return { db: pgliteDatabase(client), dispose: () => client.close() };
}
