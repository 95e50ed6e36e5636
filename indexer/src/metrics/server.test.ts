import { afterEach, describe, expect, it } from 'vitest';
import { packageLineage } from '../config/deployment.ts';
import { runIndexer } from '../pipeline/runner.ts';
import { eventsPipeline } from '../pipelines/events/pipeline.ts';
import { openTestBackend, type TestBackend } from '../testing/backends.ts';
import { genericEventPayloads, syntheticAddress, syntheticCheckpoints } from '../testing/checkpoints.ts';
import { MemorySource } from '../testing/memory-source.ts';
import { silentLogger } from '../util/log.ts';
import { IndexerMetrics } from './metrics.ts';
import { type HealthState, type MetricsServer, startMetricsServer } from './server.ts';
import { formatProgress, ProgressTracker } from './progress.ts';

const PACKAGE = syntheticAddress('metrics-pkg');

describe('metrics and health endpoints', () => {
  let backend: TestBackend | undefined;
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    await backend?.dispose();
    server = undefined;
    backend = undefined;
  });

  it('expose rows, watermark, lag, batch latency and unknown event types after a run', async () => {
    backend = await openTestBackend('postgres', 'metrics');
    const metrics = new IndexerMetrics();
    const checkpoints = [
      ...syntheticCheckpoints({
        count: 20,
        transactionsPerCheckpoint: 2,
        payloads: genericEventPayloads({ packageId: PACKAGE, eventsPerTransaction: 3, typeCount: 1 }),
      }),
    ];
    await runIndexer({
      db: backend.db,
      source: new MemorySource(checkpoints),
      pipelines: [eventsPipeline({ lineage: packageLineage([PACKAGE]), metrics })],
      log: silentLogger(),
      metrics,
    });
    const health: HealthState = { status: 'running' };
    server = await startMetricsServer(metrics, () => health, '127.0.0.1', 0);
    const base = `http://127.0.0.1:${server.port}`;

    const body = await (await fetch(`${base}/metrics`)).text();
    expect(body).toContain('indexer_rows_committed_total{pipeline="events"} 120');
    expect(body).toContain('indexer_watermark_checkpoint{pipeline="events"} 19');
    expect(body).toContain('indexer_checkpoints_processed_total 20');
    expect(body).toMatch(/indexer_batch_commit_seconds_count\{pipeline="events"\} [1-9]/);
    expect(body).toContain(`indexer_unknown_event_types_total{event_type="${PACKAGE}::events::GenericEvent0"} 120`);
    expect(body).toContain('indexer_checkpoint_lag{pipeline="events"} 0');

    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'running' });
    health.status = 'failed';
    health.detail = 'checkpoint 7 from dir:/x is unusable';
    const failed = await fetch(`${base}/healthz`);
    expect(failed.status).toBe(503);
    expect((await failed.json()).detail).toContain('checkpoint 7');
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it('formats a progress line with rates, ETA and lag', () => {
    const tracker = new ProgressTracker(1_000n);
    tracker.setTip(1_500n);
    tracker.recordBatch('events', 100, 5_000, 499n, true);
    const line = formatProgress(tracker.snapshot(performance.now() + 10_000));
    expect(line).toMatch(/^checkpoint 499\/1000: \d+\.\d cp\/s, events \d+\/s eta \d+s lag 1001$/);
  });
});
