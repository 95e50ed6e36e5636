// Builds the source named on the command line: `grpc:<url>`, `store:<url>` or `dir:<path>`.
import { DirectorySource } from './directory.ts';
import { GrpcSource } from './grpc.ts';
import { HttpStoreSource } from './http-store.ts';
import type { CheckpointSource, SourceLogger } from './source.ts';

export type SourceConfig =
  { kind: 'grpc'; url: string } | { kind: 'store'; url: string; concurrency?: number } | { kind: 'dir'; path: string };

export function createSource(config: SourceConfig, log?: SourceLogger): CheckpointSource {
  switch (config.kind) {
    case 'grpc':
      return new GrpcSource(config.url, { log });
    case 'store':
      return new HttpStoreSource(config.url, { log, concurrency: config.concurrency });
    case 'dir':
      return new DirectorySource(config.path);
  }
}
