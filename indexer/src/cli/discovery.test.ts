// `indexer run --deployment testnet` with no package ids, against a fake full node: the CLI reads the walrus
// lineage and the WAL package from the System object over gRPC, then indexes with them, so an event of a type
// that an intermediate upgrade introduced (carrying that version's id) is recognised as ours.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walrus } from '@open-walrus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../db/test-database.ts';
import { syntheticRun } from '../synthetic/generate.ts';
import { makeCheckpoint, syntheticAddress, syntheticDigest } from '../testing/checkpoints.ts';
import { FakeFullNode } from '../testing/fake-full-node.ts';
import { objectOf, walrusPackageObjects } from '../testing/packages.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
const run = syntheticRun({ seed: 9, nodes: 4, shards: 16, epochCheckpoints: 24, stakers: 4, users: 4 });
const COUNT = 120;
const checkpoints = [...run.checkpoints(COUNT)];
const { deployment } = run;
const ORIGINAL = deployment.walrusPackageIds[0]!;
const V2 = syntheticAddress('cli walrus v2');
const V3 = syntheticAddress('cli walrus v3');
const LAST = BigInt(COUNT);
// After the synthetic chain: a transaction emitting an event whose type v2 introduced.
const upgradeEvent = walrus.events.ProtocolVersionUpdated.serialize({
  epoch: 3,
  start_epoch: 4,
  protocol_version: 2n,
}).toBytes();
const tail = makeCheckpoint(
  LAST,
  [
    {
      digest: syntheticDigest('protocol version tx'),
      events: [
        { eventType: `${V2}::events::ProtocolVersionUpdated`, bcs: upgradeEvent, sender: syntheticAddress('admin') },
      ],
    },
  ],
  { timestampMs: 1_750_000_000_000n + LAST * 250n },
);
const eventCount = checkpoints.reduce(
  (n, c) => n + c.transactions.reduce((m, tx) => m + (tx.events?.events.length ?? 0), 0),
  0,
);

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const logLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('indexer run on a Walrus preset without package ids', () => {
  let node: FakeFullNode;
  let url: string;
  let schema: TestSchema;
  beforeAll(async () => {
    node = new FakeFullNode([...checkpoints, tail]);
    // The System object as after two upgrades: its type from the original package, package_id the current one.
    node.putObject(objectOf(checkpoints[0]!, deployment.systemObjectId, V3));
    for (const object of walrusPackageObjects({
      walPackageId: deployment.walPackageId,
      lineage: [
        { id: ORIGINAL, version: 1n },
        { id: V2, version: 2n, introduces: ['events::ProtocolVersionUpdated'] },
        { id: V3, version: 3n },
      ],
    }))
      node.putObject(object);
    url = await node.listen();
    schema = await createTestSchema('discovery');
  });
  afterAll(async () => {
    await node.close();
    await schema.drop();
  });

  const args = (systemObject: string) => [
    'run',
    '--deployment',
    'testnet',
    '--system-object',
    systemObject,
    '--staking-object',
    deployment.stakingObjectId,
    '--source',
    `grpc:${url}`,
    '--to',
    `${LAST}`,
    '--db',
    TEST_DATABASE_URL,
    '--db-schema',
    schema.schema,
    '--metrics-port',
    '0',
    '--progress-interval-ms',
    '0',
  ];

  it('discovers the lineage and the WAL package from the System object over gRPC, then indexes with them', async () => {
    const result = await runCli(args(deployment.systemObjectId));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const discovered = logLines(result.stdout).find(
      (l) => l.msg === 'discovered the walrus package ids from the System object',
    );
    expect(discovered).toMatchObject({
      walrusPackageIds: [ORIGINAL, V2, V3],
      walPackageId: deployment.walPackageId,
      systemObjectId: deployment.systemObjectId,
    });

    const { rows } = await schema.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(rows[0]!.n).toBe(eventCount + 1);
    const upgraded = await schema.pool.query<{ event_type: string; type_name: string; json: unknown }>(
      'SELECT event_type, type_name, json FROM events WHERE checkpoint = $1',
      [LAST.toString()],
    );
    expect(upgraded.rows).toEqual([
      {
        event_type: `${V2}::events::ProtocolVersionUpdated`,
        type_name: `${ORIGINAL}::events::ProtocolVersionUpdated`,
        json: { epoch: 3, start_epoch: 4, protocol_version: '2' },
      },
    ]);
    const blobs = await schema.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM blobs');
    expect(blobs.rows[0]!.n).toBeGreaterThan(0);
    const marks = await schema.pool.query<{ pipeline: string; checkpoint: string }>(
      'SELECT pipeline, checkpoint::text AS checkpoint FROM pipeline_watermarks ORDER BY pipeline',
    );
    expect(marks.rows).toEqual([
      { pipeline: 'events', checkpoint: `${LAST}` },
      { pipeline: 'walrus', checkpoint: `${LAST}` },
    ]);
  });

  it('exits 1 with a clear error when the System object is not on the node, indexing nothing', async () => {
    const missing = syntheticAddress('no such system');
    const result = await runCli(args(missing));
    expect(result.code).toBe(1);
    const failure = logLines(result.stdout).find((l) => l.level === 50)!;
    expect(failure.msg).toMatch(
      new RegExp(`^the testnet System object ${missing} was not found on grpc:${url}, so the walrus package ids`),
    );
    expect(logLines(result.stdout).some((l) => l.msg === 'indexing started')).toBe(false);
  });
});
