// What `runConfiguredIndexer` needs to index the walrus domain of a deployment: the SDK's decoder for the
// `events` table and the `walrus` pipeline, both from one type registry of the deployment's package lineage.
import { createTypeRegistry, type Deployment } from '@open-walrus/sdk';
import type { IndexerExtensions } from '../app.ts';
import { walrusPipeline } from './pipeline.ts';

export function walrusIndexerExtensions(deployment: Deployment): IndexerExtensions {
  const registry = createTypeRegistry(deployment);
  return {
    // Unknown types (not generated) stay raw in the events table: undefined, not an error.
    decodeEvent: (typeName, bytes) =>
      registry.decoderFor(typeName) === undefined ? undefined : registry.decode(typeName, bytes),
    pipelines: () => [walrusPipeline({ registry })],
  };
}
