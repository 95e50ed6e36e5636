import { bcs } from '@mysten/sui/bcs';
import { describe, expect, it } from 'vitest';
import { syntheticRun } from '../synthetic/generate.ts';
import { walrusIndexerExtensions } from './extensions.ts';

describe('walrus indexer extensions', () => {
  const { deployment } = syntheticRun({ seed: 2 });
  const extensions = walrusIndexerExtensions(deployment);
  const original = deployment.walrusPackageIds[0]!;

  it('decode events of the deployment through the SDK types', () => {
    const bytes = bcs.u32().serialize(7).toBytes();
    expect(extensions.decodeEvent!(`${original}::events::EpochChangeStart`, bytes)).toEqual({ epoch: 7 });
  });

  it('leave events of unknown types undecoded instead of failing', () => {
    expect(extensions.decodeEvent!(`${original}::events::NoSuchEvent`, new Uint8Array([1]))).toBeUndefined();
  });

  it('add the walrus pipeline', () => {
    const pipelines = extensions.pipelines!({} as never);
    expect(pipelines.map((p) => p.name)).toEqual(['walrus']);
  });
});
