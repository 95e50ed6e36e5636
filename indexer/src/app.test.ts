import { parseDeployment } from '@open-walrus/sdk';
import { bcs } from '@mysten/bcs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfiguredIndexer, sdkEventDecoder } from './app.ts';
import { parseConfig } from './config/config.ts';
import { packageLineage } from './config/deployment.ts';
import { openDatabase } from './db/open.ts';
import { extractEvents, eventTypeClassifier } from './pipelines/events/pipeline.ts';
import { writeSyntheticNetwork } from './synthetic/generate.ts';
import { makeCheckpoint, syntheticAddress, syntheticDigest } from './testing/checkpoints.ts';
import { silentLogger } from './util/log.ts';
import { walrusIndexerExtensions } from './walrus/extensions.ts';

const ORIGINAL = syntheticAddress('walrus-original');
const UPGRADE = syntheticAddress('walrus-upgrade');
const deployment = parseDeployment({
  network: 'localnet',
  walPackageId: syntheticAddress('wal'),
  walrusPackageIds: [ORIGINAL, UPGRADE],
  systemObjectId: syntheticAddress('system'),
  stakingObjectId: syntheticAddress('staking'),
});

describe('the SDK event decoder plugged into the events pipeline', () => {
  it('decodes known walrus events to JSON and leaves unknown types raw', () => {
    const checkpoint = makeCheckpoint(3n, [
      {
        digest: syntheticDigest('t'),
        events: [
          {
            eventType: `${ORIGINAL}::events::EpochChangeStart`,
            bcs: bcs.u32().serialize(17).toBytes(),
            sender: syntheticAddress('s'),
          },
          { eventType: `${UPGRADE}::events::NotInTheSdk`, bcs: new Uint8Array([1]), sender: syntheticAddress('s') },
          {
            eventType: `${ORIGINAL}::events::EpochChangeStart`,
            bcs: new Uint8Array([1]),
            sender: syntheticAddress('s'),
          },
        ],
      },
    ]);
    const rows = extractEvents(
      checkpoint,
      { sequenceNumber: 3n, timestampMs: 0n, epoch: 0n, source: 'test' },
      eventTypeClassifier(packageLineage(deployment.walrusPackageIds), 'events'),
      sdkEventDecoder(deployment),
    );
    expect(rows.map((r) => [r.typeName, r.json, r.outcome])).toEqual([
      [`${ORIGINAL}::events::EpochChangeStart`, '{"epoch":17}', 'decoded'],
      [`${ORIGINAL}::events::NotInTheSdk`, null, 'unknown'],
      [`${ORIGINAL}::events::EpochChangeStart`, null, 'failed'],
    ]);
  });
});

describe('the configured indexer on a database its caller opened', () => {
  it('indexes into it, leaves it open for the caller and exposes the raw client', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-shared-'));
    const database = await openDatabase({ kind: 'pglite' });
    try {
      await writeSyntheticNetwork(dir, 30, { seed: 3, nodes: 4, shards: 20, epochCheckpoints: 16 });
      const config = parseConfig({
        deployment: 'local',
        deploymentFile: join(dir, 'deployment.json'),
        source: `dir:${dir}`,
        metricsPort: '0',
        progressIntervalMs: '0',
      });
      const summary = await runConfiguredIndexer(config, silentLogger(), {
        ...walrusIndexerExtensions(config.deployment),
        database,
      });
      expect(summary.watermarks).toEqual({ events: 29n, walrus: 29n });
      // Still open: the handle another reader (the API) would share sees what was committed.
      expect('pglite' in database.handle).toBe(true);
      if (!('pglite' in database.handle)) return;
      const { rows } = await database.handle.pglite.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM storage_nodes',
      );
      expect(rows[0]!.n).toBe(4);
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
