import { parseDeployment } from '@open-walrus/sdk';
import { bcs } from '@mysten/bcs';
import { describe, expect, it } from 'vitest';
import { sdkEventDecoder } from './app.ts';
import { packageLineage } from './config/deployment.ts';
import { extractEvents, eventTypeClassifier } from './pipelines/events/pipeline.ts';
import { makeCheckpoint, syntheticAddress, syntheticDigest } from './testing/checkpoints.ts';

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
