// The command line the CLI tests run: `indexer run` over a synthetic network directory (its deployment file next
// to the checkpoint files) into one Postgres schema, with small batches so a run is many transactions, and no
// metrics port, progress line or info logs to get in the way.
import { join } from 'node:path';

export function localRunArgs(dir: string, dbUrl: string, schema: string): string[] {
  return [
    'run',
    '--deployment',
    'local',
    '--deployment-file',
    join(dir, 'deployment.json'),
    '--source',
    `dir:${dir}`,
    '--db',
    dbUrl,
    '--db-schema',
    schema,
    '--metrics-port',
    '0',
    '--batch-checkpoints',
    '10',
    '--batch-latency-ms',
    '5',
    '--log-level',
    'warn',
    '--progress-interval-ms',
    '0',
  ];
}
