import { describe, expect, it } from 'vitest';
import {
  formatProgress,
  type ProgressBarView,
  progressFraction,
  type ProgressSnapshot,
  ProgressTracker,
  renderProgressBar,
  TtyProgressBar,
} from './progress.ts';

const VIEW: ProgressBarView = {
  start: 1_000n,
  watermark: 1_499n,
  target: 1_999n,
  lag: 500n,
  checkpointsPerSecond: 250,
  eventsPerSecond: 12_345.6,
  etaSeconds: 2,
};

describe('the progress bar rendering', () => {
  it('shows the share done, position, rates, ETA and lag in one line', () => {
    expect(renderProgressBar(VIEW, 120)).toBe(
      `[${'█'.repeat(20)}${'░'.repeat(20)}]   50.0%  1,499/1,999  250 cp/s  12,346 ev/s  eta 2s  lag 500`,
    );
  });

  it('never fills the last column, shrinking the bar first and then dropping it', () => {
    for (const columns of [200, 100, 80, 60, 50, 40, 20]) {
      const line = renderProgressBar(VIEW, columns);
      expect(line.length, `${columns} columns`).toBeLessThanOrEqual(columns - 1);
    }
    const narrow = renderProgressBar(VIEW, 80);
    const cells = narrow.slice(1, narrow.indexOf(']'));
    expect(cells).toMatch(/^█+░+$/);
    expect(cells.length).toBeLessThan(40);
    expect(cells.length).toBeGreaterThanOrEqual(10);
    expect(renderProgressBar(VIEW, 60)).toBe('50.0%  1,499/1,999  250 cp/s  12,346 ev/s  eta 2s  lag 500');
    expect(renderProgressBar(VIEW, 20)).toBe('50.0%  1,499/1,999 ');
  });

  it('has no bar without an end to measure against, and waits for the first batch', () => {
    expect(renderProgressBar({ ...VIEW, target: undefined, lag: undefined, etaSeconds: undefined }, 120)).toBe(
      'checkpoint 1,499  250 cp/s  12,346 ev/s',
    );
    expect(
      renderProgressBar(
        { ...VIEW, watermark: undefined, start: undefined, checkpointsPerSecond: 0, etaSeconds: undefined },
        120,
      ),
    ).toBe(`[${'░'.repeat(40)}]    0.0%  waiting for the first batch  0.0 cp/s  12,346 ev/s  lag 500`);
  });

  it('says done at the end of the run and live once caught up with the tip, instead of an ETA', () => {
    expect(renderProgressBar({ ...VIEW, watermark: 1_999n, lag: 0n, done: true }, 120)).toBe(
      `[${'█'.repeat(40)}]  100.0%  1,999/1,999  250 cp/s  12,346 ev/s  done  lag 0`,
    );
    expect(
      renderProgressBar({ ...VIEW, watermark: 1_998n, lag: 1n, live: true, checkpointsPerSecond: 4 }, 120),
    ).toMatch(/  1,998\/1,999  4\.0 cp\/s  12,346 ev\/s  live  lag 1$/);
  });

  it('formats long ETAs in minutes and hours, and omits events/s without an events pipeline', () => {
    expect(renderProgressBar({ ...VIEW, etaSeconds: 125, eventsPerSecond: undefined }, 200)).toMatch(
      /  250 cp\/s  eta 2m5s  lag 500$/,
    );
    expect(renderProgressBar({ ...VIEW, etaSeconds: 2 * 3600 + 30 * 60 }, 200)).toContain('eta 2h30m');
  });

  it('measures the share from the run’s first checkpoint, clamped to 0..1', () => {
    expect(progressFraction({ start: 100n, watermark: 149n, target: 199n })).toBe(0.5);
    expect(progressFraction({ start: 100n, watermark: 250n, target: 199n })).toBe(1);
    expect(progressFraction({ start: undefined, watermark: undefined, target: 199n })).toBe(0);
    expect(progressFraction({ start: 5n, watermark: 9n, target: undefined })).toBeUndefined();
  });
});

function snapshot(over: Partial<ProgressSnapshot>): ProgressSnapshot {
  return {
    checkpointsPerSecond: 0,
    rowsPerSecond: {},
    watermark: undefined,
    target: undefined,
    lag: undefined,
    etaSeconds: undefined,
    windowSeconds: 1,
    ...over,
  };
}

describe('the progress tracker', () => {
  it('reports the run’s first checkpoint, the window length and whether the range is bounded', () => {
    const tracker = new ProgressTracker(99n);
    tracker.recordBatch('events', 10, 40, 59n, true);
    tracker.recordBatch('walrus', 10, 7, 59n, false);
    const first = tracker.snapshot(performance.now() + 2_000);
    expect(first).toMatchObject({ start: 50n, watermark: 59n, target: 99n, bounded: true });
    expect(first.windowSeconds).toBeGreaterThan(1.9);
    expect(first.rowsPerSecond.events).toBeCloseTo(40 / first.windowSeconds!);
    expect(formatProgress(first)).toMatch(/^checkpoint 59\/99: 5\.0 cp\/s, events 20\/s, walrus 3\/s eta 8s$/);
    expect(new ProgressTracker(undefined).snapshot().bounded).toBe(false);
  });
});

describe('the terminal progress bar', () => {
  function terminal(columns = 100) {
    const writes: string[] = [];
    return { writes, stream: { columns, write: (text: string) => writes.push(text) } };
  }

  it('redraws one line in place and ends it with a newline after the final snapshot', () => {
    const { writes, stream } = terminal();
    const bar = new TtyProgressBar(stream);
    bar.report(snapshot({ start: 0n, watermark: 9n, target: 99n, checkpointsPerSecond: 10, bounded: true }), false);
    bar.report(snapshot({ start: 0n, watermark: 99n, target: 99n, checkpointsPerSecond: 90, bounded: true }), true);
    bar.report(snapshot({ start: 0n, watermark: 99n, target: 99n }), false);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatch(/^\r\x1b\[2K\[█{4}░{36}\]   10\.0%  9\/99  10 cp\/s  eta 9s$/);
    expect(writes[1]).toMatch(/^\r\x1b\[2K\[█{40}\]  100\.0%  99\/99  50 cp\/s  done\n$/);
  });

  it('averages rates over the smoothing window, since batches land in bursts', () => {
    const { writes, stream } = terminal(200);
    const bar = new TtyProgressBar(stream, { smoothingSeconds: 3 });
    const rates = [0, 0, 900, 0, 0, 600];
    rates.forEach((rate, i) =>
      bar.report(
        snapshot({
          start: 0n,
          watermark: BigInt(i * 100),
          target: 10_000n,
          checkpointsPerSecond: rate,
          rowsPerSecond: { events: rate * 4, walrus: 1 },
        }),
        false,
      ),
    );
    const shown = writes.map((w) => / (\S+) cp\/s  (\S+) ev\/s/.exec(w)!.slice(1, 3).join(' '));
    expect(shown).toEqual(['0.0 0.0', '0.0 0.0', '300 1,200', '300 1,200', '300 1,200', '200 800']);
  });

  it('says live once a run that follows the tip has caught up', () => {
    const { writes, stream } = terminal(200);
    const bar = new TtyProgressBar(stream);
    bar.report(snapshot({ start: 0n, watermark: 500n, target: 501n, lag: 1n, checkpointsPerSecond: 4 }), false);
    bar.report(
      snapshot({ start: 0n, watermark: 500n, target: 501n, lag: 1n, checkpointsPerSecond: 4, bounded: true }),
      false,
    );
    expect(writes[0]).toMatch(/  live  lag 1$/);
    expect(writes[1]).toMatch(/  eta 0s  lag 1$/);
  });

  it('writes log lines above the bar and draws the bar again below them', () => {
    const { writes, stream } = terminal();
    const bar = new TtyProgressBar(stream);
    bar.aboveBar('before any progress\n');
    bar.report(snapshot({ watermark: 7n, checkpointsPerSecond: 2 }), false);
    bar.aboveBar('{"msg":"a log line"}\n');
    bar.report(snapshot({ watermark: 8n, checkpointsPerSecond: 1 }), true);
    bar.aboveBar('after the end\n');
    expect(writes).toEqual([
      'before any progress\n',
      '\r\x1b[2Kcheckpoint 7  2.0 cp/s',
      '\r\x1b[2K{"msg":"a log line"}\ncheckpoint 7  2.0 cp/s',
      '\r\x1b[2Kcheckpoint 8  1.5 cp/s  done\n',
      'after the end\n',
    ]);
  });
});
