// What `runConfiguredIndexer` needs to index the walrus domain of a deployment: the SDK's decoder for the
// `events` table and the `walrus` pipeline, both from one type registry of the deployment's package lineage.
import { createTypeRegistry, type Deployment, type TypeRegistry } from '@open-walrus/sdk';
import type { IndexerExtensions } from '../app.ts';
import { walrusPipeline } from './pipeline.ts';

/**
 * The registry with its decodes shared per contents buffer. Both pipelines read the same decoded checkpoint, so
 * an event's BCS bytes are one buffer that the events table and the walrus handlers would otherwise each decode
 * (BCS decoding is most of the indexer's CPU). A buffer holds one value of one type, so the buffer alone is the
 * key; decoded values are treated as read-only by every reader. Entries go with their checkpoint (weak keys).
 */
export function sharingDecodes(registry: TypeRegistry): TypeRegistry {
  const decoded = new WeakMap<Uint8Array, unknown>();
  return {
    decoderFor: (typeTag) => registry.decoderFor(typeTag),
    decode: (typeTag, bytes) => {
      if (decoded.has(bytes)) return decoded.get(bytes);
      const value = registry.decode(typeTag, bytes);
      decoded.set(bytes, value);
      return value;
    },
    canonicalTypeTag: (typeTag) => registry.canonicalTypeTag(typeTag),
    packageAliasOf: (address) => registry.packageAliasOf(address),
  };
}

export function walrusIndexerExtensions(deployment: Deployment): IndexerExtensions {
  const registry = sharingDecodes(createTypeRegistry(deployment));
  return {
    // Unknown types (not generated) stay raw in the events table: undefined, not an error.
    decodeEvent: (typeName, bytes) =>
      registry.decoderFor(typeName) === undefined ? undefined : registry.decode(typeName, bytes),
    pipelines: () => [walrusPipeline({ registry })],
  };
}
