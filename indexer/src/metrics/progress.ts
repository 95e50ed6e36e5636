// Backfill progress: checkpoints/s and rows/s per pipeline over the last interval, ETA to the end of the range
// (or the source tip) and the lag behind the tip. Pure bookkeeping, shown either as one log line per interval or,
// on a terminal, as a progress bar redrawn in place (`renderProgressBar`, `TtyProgressBar`).
import type { Logger } from '../util/log.ts';

export interface ProgressSnapshot {
  checkpointsPerSecond: number;
  rowsPerSecond: Record<string, number>;
  watermark: bigint | undefined;
  target: bigint | undefined;
  lag: bigint | undefined;
  etaSeconds: number | undefined;
  /** First checkpoint this run committed (where its progress bar starts), once a batch has committed. */
  start?: bigint;
  /** How long the window the rates cover was. */
  windowSeconds?: number;
  /** The run ends at `--to` (rather than following the source's tip). */
  bounded?: boolean;
}

export class ProgressTracker {
  private checkpoints = 0;
  private readonly rows = new Map<string, number>();
  private windowStart = performance.now();
  private watermark: bigint | undefined;
  private start: bigint | undefined;
  private tip: bigint | undefined;
  private readonly to: bigint | undefined;

  constructor(to: bigint | undefined) {
    this.to = to;
  }

  recordBatch(pipeline: string, checkpoints: number, rows: number, last: bigint, countCheckpoints: boolean): void {
    if (countCheckpoints) this.checkpoints += checkpoints;
    const first = last - BigInt(checkpoints) + 1n;
    if (this.start === undefined || first < this.start) this.start = first;
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
    return {
      checkpointsPerSecond,
      rowsPerSecond,
      watermark: this.watermark,
      target,
      lag,
      etaSeconds,
      start: this.start,
      windowSeconds: seconds,
      bounded: this.to !== undefined,
    };
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

// === The terminal progress bar ===

/** What the bar shows; rates already smoothed (see `TtyProgressBar`). */
export interface ProgressBarView {
  /** First checkpoint of the run (the empty end of the bar). */
  start: bigint | undefined;
  /** Last checkpoint committed by every pipeline so far. */
  watermark: bigint | undefined;
  /** End of the range (`--to`) or the source tip; undefined when neither is known. */
  target: bigint | undefined;
  /** Checkpoints between the source tip and the watermark. */
  lag: bigint | undefined;
  checkpointsPerSecond: number;
  /** Rows/s of the `events` pipeline (one row per event); undefined without that pipeline. */
  eventsPerSecond: number | undefined;
  etaSeconds: number | undefined;
  /** The run ended (`--to` reached, the source ended, or it was stopped). */
  done?: boolean;
  /** Following a live source and caught up with its tip. */
  live?: boolean;
}

const BAR_FULL = '█';
const BAR_EMPTY = '░';
const MIN_BAR = 10;
const MAX_BAR = 40;

function count(n: bigint | number): string {
  return typeof n === 'bigint' ? n.toLocaleString('en-US') : Math.round(n).toLocaleString('en-US');
}

function rate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : count(perSecond);
}

/** Share of the run done, 0..1, or undefined when the bar has no end to measure against. */
export function progressFraction(view: Pick<ProgressBarView, 'start' | 'watermark' | 'target'>): number | undefined {
  const { start, watermark, target } = view;
  if (target === undefined) return undefined;
  if (watermark === undefined || start === undefined) return 0;
  const total = target - start + 1n;
  if (total <= 0n) return 1;
  const done = watermark - start + 1n;
  return Math.min(1, Math.max(0, Number(done) / Number(total)));
}

/**
 * One line of at most `columns - 1` characters (the last column is left free so the terminal never wraps):
 * `[████░░░░]  42.0%  1,234/2,938  512 cp/s  41,020 ev/s  eta 3s  lag 1,704`. Parts that do not fit are dropped
 * from the right; the bar shrinks first, down to 10 cells, then goes.
 */
export function renderProgressBar(view: ProgressBarView, columns: number): string {
  const fraction = progressFraction(view);
  const parts: string[] = [];
  if (view.watermark === undefined) parts.push('waiting for the first batch');
  else if (fraction !== undefined) parts.push(`${count(view.watermark)}/${count(view.target!)}`);
  else parts.push(`checkpoint ${count(view.watermark)}`);
  parts.push(`${rate(view.checkpointsPerSecond)} cp/s`);
  if (view.eventsPerSecond !== undefined) parts.push(`${rate(view.eventsPerSecond)} ev/s`);
  if (view.done) parts.push('done');
  else if (view.live) parts.push('live');
  else if (view.etaSeconds !== undefined) parts.push(`eta ${formatDuration(view.etaSeconds)}`);
  if (view.lag !== undefined) parts.push(`lag ${count(view.lag)}`);
  const limit = Math.max(1, columns - 1);
  let text = parts.join('  ');
  if (fraction !== undefined) {
    const percent = `${(fraction * 100).toFixed(1).padStart(5)}%`;
    const room = limit - text.length - percent.length - 6; // "[" + "]" + two gaps of two
    if (room >= MIN_BAR) {
      const cells = Math.min(MAX_BAR, room);
      const full = Math.floor(fraction * cells);
      text = `[${BAR_FULL.repeat(full)}${BAR_EMPTY.repeat(cells - full)}]  ${percent}  ${text}`;
    } else text = `${percent.trimStart()}  ${text}`;
  }
  return text.length > limit ? text.slice(0, limit) : text;
}

/** Where the bar is drawn: a terminal stream (`process.stderr`). */
export interface ProgressStream {
  write(text: string): unknown;
  /** Width of the terminal; 80 when unknown (or 0, as on a pseudo-terminal nobody sized). */
  columns?: number;
}

export interface TtyProgressBarOptions {
  /** Rates are averaged over the snapshots of this many seconds (batches land in bursts). Default 10. */
  smoothingSeconds?: number;
  /** The pipeline whose rows are events (default `events`). */
  eventsPipeline?: string;
  /** Lag at or below which a run without `--to` counts as caught up ("live"). Default 2 checkpoints. */
  liveLag?: bigint;
}

const CLEAR_LINE = '\r\x1b[2K';

/** How often the CLI redraws the bar (the log line keeps `--progress-interval-ms`). */
export const PROGRESS_BAR_REFRESH_MS = 1_000;

/**
 * The progress bar on a terminal: each snapshot redraws one line in place; the final one stays, followed by a
 * newline. Log lines written to the same terminal go through `aboveBar`, which lifts the bar out of the way and
 * draws it again below them.
 */
export class TtyProgressBar {
  private readonly stream: ProgressStream;
  private readonly smoothingSeconds: number;
  private readonly eventsPipeline: string;
  private readonly liveLag: bigint;
  private readonly windows: Array<{ seconds: number; checkpoints: number; events: number | undefined }> = [];
  private line = '';
  private finished = false;

  constructor(stream: ProgressStream, options: TtyProgressBarOptions = {}) {
    this.stream = stream;
    this.smoothingSeconds = options.smoothingSeconds ?? 10;
    this.eventsPipeline = options.eventsPipeline ?? 'events';
    this.liveLag = options.liveLag ?? 2n;
  }

  /** The runner's `reportProgress`. */
  readonly report = (snapshot: ProgressSnapshot, final: boolean): void => {
    if (this.finished) return;
    this.line = renderProgressBar(this.smooth(snapshot, final), this.stream.columns || 80);
    this.stream.write(`${CLEAR_LINE}${this.line}${final ? '\n' : ''}`);
    if (final) this.finished = true;
  };

  /** Writes `text` (whole lines) above the bar. */
  aboveBar(text: string): void {
    if (this.line === '' || this.finished) {
      this.stream.write(text);
      return;
    }
    this.stream.write(`${CLEAR_LINE}${text}${this.line}`);
  }

  /** Adds a snapshot to the averaging window and returns what the bar shows for it. */
  private smooth(snapshot: ProgressSnapshot, final: boolean): ProgressBarView {
    const seconds = snapshot.windowSeconds ?? 1;
    const events = snapshot.rowsPerSecond[this.eventsPipeline];
    this.windows.push({
      seconds,
      checkpoints: snapshot.checkpointsPerSecond * seconds,
      events: events === undefined ? undefined : events * seconds,
    });
    let total = 0;
    for (let i = this.windows.length - 1; i >= 0; i--) {
      total += this.windows[i]!.seconds;
      if (total >= this.smoothingSeconds) {
        this.windows.splice(0, i);
        break;
      }
    }
    const span = this.windows.reduce((sum, w) => sum + w.seconds, 0);
    const checkpointsPerSecond = this.windows.reduce((sum, w) => sum + w.checkpoints, 0) / span;
    const sawEvents = this.windows.some((w) => w.events !== undefined);
    const eventsPerSecond = sawEvents ? this.windows.reduce((sum, w) => sum + (w.events ?? 0), 0) / span : undefined;
    const remaining =
      snapshot.target !== undefined && snapshot.watermark !== undefined
        ? snapshot.target - snapshot.watermark
        : undefined;
    const etaSeconds =
      remaining !== undefined && checkpointsPerSecond > 0
        ? Math.max(0, Number(remaining) / checkpointsPerSecond)
        : undefined;
    return {
      start: snapshot.start,
      watermark: snapshot.watermark,
      target: snapshot.target,
      lag: snapshot.lag,
      checkpointsPerSecond,
      eventsPerSecond,
      etaSeconds,
      done: final,
      live: !snapshot.bounded && snapshot.lag !== undefined && snapshot.lag <= this.liveLag,
    };
  }
}
