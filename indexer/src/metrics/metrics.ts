// Prometheus metrics of one indexer process, in their own registry (no global state, so tests and several
// runners in one process do not collide). Rates (rows/s, checkpoints/s) come from the counters via rate().
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class IndexerMetrics {
  readonly registry: Registry;
  readonly checkpointsProcessed: Counter;
  readonly rowsCommitted: Counter<'pipeline'>;
  readonly batchCommitSeconds: Histogram<'pipeline'>;
  readonly watermark: Gauge<'pipeline'>;
  readonly sourceTip: Gauge;
  readonly checkpointLag: Gauge<'pipeline'>;
  readonly timeLagSeconds: Gauge<'pipeline'>;
  readonly errors: Counter<'kind'>;
  readonly unknownEventTypes: Counter<'event_type'>;
  readonly eventDecodeFailures: Counter<'event_type'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registry = new Registry();
    this.registry = registry;
    if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'indexer_process_' });
    this.checkpointsProcessed = new Counter({
      name: 'indexer_checkpoints_processed_total',
      help: 'Checkpoints received from the source and run through every pipeline processor',
      registers: [registry],
    });
    this.rowsCommitted = new Counter({
      name: 'indexer_rows_committed_total',
      help: 'Rows written by committed batches, per pipeline (rate() = rows/s)',
      labelNames: ['pipeline'],
      registers: [registry],
    });
    this.batchCommitSeconds = new Histogram({
      name: 'indexer_batch_commit_seconds',
      help: 'Time to write one batch and its watermark in one transaction, retries included',
      labelNames: ['pipeline'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.watermark = new Gauge({
      name: 'indexer_watermark_checkpoint',
      help: 'Last checkpoint committed, per pipeline',
      labelNames: ['pipeline'],
      registers: [registry],
    });
    this.sourceTip = new Gauge({
      name: 'indexer_source_tip_checkpoint',
      help: 'Highest checkpoint the source reports it can serve',
      registers: [registry],
    });
    this.checkpointLag = new Gauge({
      name: 'indexer_checkpoint_lag',
      help: 'Checkpoints between the source tip and the pipeline watermark',
      labelNames: ['pipeline'],
      registers: [registry],
    });
    this.timeLagSeconds = new Gauge({
      name: 'indexer_time_lag_seconds',
      help: 'Seconds between now and the timestamp of the last committed checkpoint, per pipeline',
      labelNames: ['pipeline'],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'indexer_errors_total',
      help: 'Errors by kind: db_retry (transient database failure, retried), fatal (run stopped)',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.unknownEventTypes = new Counter({
      name: 'indexer_unknown_event_types_total',
      help: 'Events of our packages stored raw because no decoder knows their type',
      labelNames: ['event_type'],
      registers: [registry],
    });
    this.eventDecodeFailures = new Counter({
      name: 'indexer_event_decode_failures_total',
      help: 'Events of a known type whose BCS the decoder rejected; stored raw',
      labelNames: ['event_type'],
      registers: [registry],
    });
  }

  /** Records the source tip and recomputes each pipeline's checkpoint lag. */
  observeTip(tip: bigint, watermarks: ReadonlyMap<string, bigint>): void {
    this.sourceTip.set(Number(tip));
    for (const [pipeline, watermark] of watermarks) {
      this.checkpointLag.set({ pipeline }, Math.max(0, Number(tip - watermark)));
    }
  }
}
