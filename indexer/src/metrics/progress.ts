// The backfill progress line: checkpoints/s and rows/s per pipeline over the last interval, ETA to the end of
// the range (or the source tip) and the lag behind the tip. Pure bookkeeping plus one log call per interval.
import type { Logger } from '../util/log.ts';

export interface ProgressSnapshot {
  checkpointsPerSecond: number;
  rowsPerSecond: Record<string, number>;
  watermark: bigint | undefined;
  target: bigint | undefined;
  lag: bigint | undefined;
  etaSeconds: number | undefined;
}

export class ProgressTracker {
  private checkpoints = 0;
  private readonly rows = new Map<string, number>();
  private windowStart = performance.now();
  private watermark: bigint | undefined;
  private tip: bigint | undefined;
  private readonly to: bigint | undefined;

  constructor(to: bigint | undefined) {
    this.to = to;
  }

  recordBatch(pipeline: string, checkpoints: number, rows: number, last: bigint, countCheckpoints: boolean): void {
    if (countCheckpoints) this.checkpoints += checkpoints;
    this.rows.set(pipeline, (this.rows.get(pipeline) ?? 0) + rows);
    if (this.watermark === undefined || last > this.watermark) this.watermark = last;
  }

  setTip(tip: bigint | undefined): void {
    if (tip !== undefined) this.tip = tip;
  }

  /** Rates since the previous snapshot, then starts a new window. */
  snapshot(now = performance.now()): ProgressSnapshot {
    const seconds = Math.max(1e-3, (now - this.windowStart) / 1000);
    const checkpointsPerSecond = this.checkpoints / seconds;
    const rowsPerSecond: Record<string, number> = {};
    for (const [pipeline, rows] of this.rows) rowsPerSecond[pipeline] = rows / seconds;
    const target = this.to ?? this.tip;
    const lag = this.tip !== undefined && this.watermark !== undefined ? this.tip - this.watermark : undefined;
    const remaining = target !== undefined && this.watermark !== undefined ? target - this.watermark : undefined;
    const etaSeconds =
      remaining !== undefined && checkpointsPerSecond > 0
        ? Math.max(0, Number(remaining) / checkpointsPerSecond)
        : undefined;
    this.checkpoints = 0;
    this.rows.clear();
    this.windowStart = now;
    return { checkpointsPerSecond, rowsPerSecond, watermark: this.watermark, target, lag, etaSeconds };
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h${Math.round((seconds % 3600) / 60)}m`;
}

/** One human-readable line (also logged as structured fields). */
export function formatProgress(s: ProgressSnapshot): string {
  const rows = Object.entries(s.rowsPerSecond)
    .map(([pipeline, rate]) => `${pipeline} ${Math.round(rate)}/s`)
    .join(', ');
  const position = s.target !== undefined ? `${s.watermark ?? '-'}/${s.target}` : `${s.watermark ?? '-'}`;
  const eta = s.etaSeconds !== undefined ? ` eta ${formatDuration(s.etaSeconds)}` : '';
  const lag = s.lag !== undefined ? ` lag ${s.lag}` : '';
  return `checkpoint ${position}: ${s.checkpointsPerSecond.toFixed(1)} cp/s${rows ? `, ${rows}` : ''}${eta}${lag}`;
}

export function logProgress(log: Logger, s: ProgressSnapshot): void {
  log.info(
    {
      progress: {
        checkpointsPerSecond: Number(s.checkpointsPerSecond.toFixed(1)),
        rowsPerSecond: Object.fromEntries(Object.entries(s.rowsPerSecond).map(([k, v]) => [k, Math.round(v)])),
        watermark: s.watermark?.toString(),
        target: s.target?.toString(),
        lag: s.lag?.toString(),
        etaSeconds: s.etaSeconds === undefined ? undefined : Math.round(s.etaSeconds),
      },
    },
    formatProgress(s),
  );
}
