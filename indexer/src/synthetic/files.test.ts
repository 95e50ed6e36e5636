import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTypeRegistry, loadDeployment } from '@open-walrus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIndexer } from '../pipeline/runner.ts';
import { DirectorySource } from '../sources/directory.ts';
import { openTestBackend } from '../testing/backends.ts';
import { readBlobStatuses } from '../testing/blob-statuses.ts';
import { silentLogger } from '../util/log.ts';
import { walrusPipeline } from '../walrus/pipeline.ts';
import { syntheticRun, writeSyntheticNetwork } from './generate.ts';

const OPTIONS = { seed: 21, nodes: 4, shards: 16, epochCheckpoints: 24, stakers: 6, users: 6, maxEpochsAhead: 4 };

describe('synthetic network files', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'walrus-synthetic-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('are checkpoint files plus a deployment the SDK loads, indexed from the directory source', async () => {
    const written = await writeSyntheticNetwork(directory, 200, OPTIONS);
    const files = (await readdir(directory)).filter((f) => f.endsWith('.binpb.zst'));
    expect(files).toHaveLength(200);
    expect(written.events).toBeGreaterThan(100);

    const deployment = loadDeployment(join(directory, 'deployment.json'));
    expect(deployment).toEqual(written.deployment);
    const backend = await openTestBackend('pglite');
    try {
      await runIndexer({
        db: backend.db,
        source: new DirectorySource(directory),
        pipelines: [walrusPipeline({ registry: createTypeRegistry(deployment) })],
        to: 199n,
        log: silentLogger(),
        progressIntervalMs: 0,
      });
      // The same network generated in memory says what the tables must hold.
      const reference = syntheticRun(OPTIONS);
      for (const _ of reference.checkpoints(200));
      expect((await readBlobStatuses(backend.db)).statuses).toEqual(reference.network.expectations.blobStatuses);
    } finally {
      await backend.dispose();
    }
  });
});
