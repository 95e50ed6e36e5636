// The benchmark's dataset takes minutes to build, so it is kept between runs in a Postgres schema named after what
// it was built from (dataset code, the indexer's migrations, the sizes). A run reuses that schema when it is
// complete, and drops bench schemas of any other version (and half-built ones) before building a new one.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { MIGRATIONS_DIR, migratePostgres } from '../../../indexer/src/db/migrate.ts';
import { loadDataset, type DatasetSize } from './dataset.ts';

const PREFIX = 'bench_api_';
const COMPLETE = 'open-walrus bench:api dataset, complete';

/** The schema name for a dataset: changes whenever the data it would hold could differ. */
function schemaFor(size: DatasetSize): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(new URL('./dataset.ts', import.meta.url))));
  for (const file of readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  hash.update(JSON.stringify(size));
  return `${PREFIX}${hash.digest('hex').slice(0, 16)}`;
}

export interface CachedDataset {
  schema: string;
  /** Whether this run built it (false: reused from an earlier run). */
  built: boolean;
}

/**
 * Returns the schema holding the dataset of `size`, building it unless a complete one is already there (`fresh`
 * rebuilds anyway).
 */
export async function cachedDataset(
  databaseUrl: string,
  size: DatasetSize,
  fresh: boolean,
  log: (line: string) => void,
): Promise<CachedDataset> {
  const schema = schemaFor(size);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string; note: string | null }>(
      `SELECT nspname AS name, obj_description(oid, 'pg_namespace') AS note FROM pg_namespace WHERE nspname LIKE $1`,
      [`${PREFIX}%`],
    );
    if (!fresh && rows.some((r) => r.name === schema && r.note === COMPLETE)) return { schema, built: false };
    for (const row of rows) {
      log(`  dropping ${row.name === schema ? 'the incomplete' : 'a stale'} bench schema ${row.name}`);
      await admin.query(`DROP SCHEMA "${row.name}" CASCADE`);
    }
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 2 });
  try {
    await migratePostgres(pool, schema);
    await loadDataset(pool, size, log);
    await pool.query(`COMMENT ON SCHEMA "${schema}" IS '${COMPLETE}'`);
  } finally {
    await pool.end();
  }
  return { schema, built: true };
}
