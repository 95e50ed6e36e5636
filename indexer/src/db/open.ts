// Opens the configured database (Postgres when a URL is given, PGlite otherwise) and applies the migrations.
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { type Database, pgliteDatabase, postgresDatabase } from './database.ts';
import { migratePgliteDb, migratePostgres } from './migrate.ts';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; schema: string; poolSize?: number; applicationName?: string }
  | { kind: 'pglite'; dataDir?: string };

/** A Postgres pool whose connections resolve unqualified table names in `schema`. */
export function createPool(config: Extract<DatabaseConfig, { kind: 'postgres' }>): pg.Pool {
  return new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 4,
    options: `-c search_path=${config.schema}`,
    application_name: config.applicationName ?? 'open-walrus-indexer',
  });
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = createPool(config);
    try {
      await migratePostgres(pool, config.schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return postgresDatabase(pool);
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  // Loaded only when used: a Postgres deployment never pays for the embedded database's code.
  const { PGlite } = await import('@electric-sql/pglite');
  const client = new PGlite(config.dataDir);
  try {
    await migratePgliteDb(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return pgliteDatabase(client);
}
