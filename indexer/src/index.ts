// Public surface of @open-walrus/indexer: what the walrus domain pipelines, the API and the benchmarks import.
export * from './checkpoint/codec.ts';
export * from './checkpoint/errors.ts';
export * from './config/config.ts';
export * from './config/deployment.ts';
export * from './db/copy-text.ts';
export * from './db/database.ts';
export * from './db/migrate.ts';
export * from './db/open.ts';
export * from './db/schema.ts';
export * from './db/walrus-schema.ts';
export * from './db/tables.ts';
export * from './db/watermarks.ts';
export * from './metrics/metrics.ts';
export * from './pipeline/pipeline.ts';
export * from './pipeline/runner.ts';
export * from './pipelines/events/pipeline.ts';
export * from './pipelines/events/type-tag.ts';
export * from './sources/directory.ts';
export * from './sources/from-config.ts';
export * from './sources/grpc.ts';
export * from './sources/http-store.ts';
export * from './sources/package-discovery.ts';
export * from './sources/source.ts';
export { runConfiguredIndexer, sdkEventDecoder, type IndexerExtensions, type IndexerRunOptions } from './app.ts';
export { createLogger, silentLogger, type Logger } from './util/log.ts';
// Synthetic checkpoint builders (tests, demos, benchmarks): real encoders, generated content.
export {
  type EventPayloadSource,
  type GenericPayloadOptions,
  type SyntheticEvent,
  type SyntheticTransaction,
  genericEventPayloads,
  makeCheckpoint,
  syntheticAddress,
  syntheticCheckpoints,
  writeCheckpointFiles,
} from './testing/checkpoints.ts';
export {
  postgresCpu,
  postgresCpuSecondsSince,
  processCpuSeconds,
  processTreeCpuSeconds,
} from './testing/process-cpu.ts';
// The checkpoint time helper is the codec's (walrus/decode.ts has one of the same name and meaning).
export { checkpointTimestampMs } from './checkpoint/codec.ts';
// The walrus domain pipeline and the synthetic network generator.
export * from './walrus/index.ts';
export * from './synthetic/index.ts';
