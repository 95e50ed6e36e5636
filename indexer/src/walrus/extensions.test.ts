import { bcs } from '@mysten/sui/bcs';
import { describe, expect, it } from 'vitest';
import { syntheticRun } from '../synthetic/generate.ts';
import { createTypeRegistry } from '@open-walrus/sdk';
import { sharingDecodes, walrusIndexerExtensions } from './extensions.ts';

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

describe('sharingDecodes', () => {
  const { deployment } = syntheticRun({ seed: 2 });
  const original = deployment.walrusPackageIds[0]!;
  const tag = `${original}::events::EpochChangeStart`;

  it('decodes each buffer once and answers again with the same value', () => {
    const registry = createTypeRegistry(deployment);
    let decodes = 0;
    const counting = { ...registry, decode: (t: string, b: Uint8Array) => (decodes++, registry.decode(t, b)) };
    const shared = sharingDecodes(counting);
    const bytes = bcs.u32().serialize(7).toBytes();
    const first = shared.decode(tag, bytes);
    expect(shared.decode(tag, bytes)).toBe(first);
    expect(decodes).toBe(1);
    // Equal bytes in another buffer are another value: decoded on their own.
    expect(shared.decode(tag, bcs.u32().serialize(7).toBytes())).toEqual({ epoch: 7 });
    expect(decodes).toBe(2);
  });

  it('does not remember a failed decode', () => {
    const shared = sharingDecodes(createTypeRegistry(deployment));
    const short = new Uint8Array([1]);
    expect(() => shared.decode(tag, short)).toThrow();
    expect(() => shared.decode(tag, short)).toThrow();
  });
});
