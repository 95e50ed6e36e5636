import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { FORCED_EXIT_CODE, REPEAT_WINDOW_MS, stopSignalHandler } from './signals.ts';

function harness() {
  const lines: Array<{ level: number; msg: string; signal?: string }> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const stop = new AbortController();
  const exits: number[] = [];
  let clock = 1_000_000;
  const handle = stopSignalHandler({ stop, log, exit: (code) => void exits.push(code), now: () => clock });
  return { lines, stop, exits, handle, advance: (ms: number) => (clock += ms) };
}

describe('the stop signal handler', () => {
  it('aborts the run on the first signal and logs it once', () => {
    const h = harness();
    h.handle('SIGTERM');
    expect(h.stop.signal.aborted).toBe(true);
    expect((h.stop.signal.reason as Error).message).toBe('stopped by SIGTERM');
    expect(h.lines).toMatchObject([{ level: 30, msg: 'stopping after the current batch', signal: 'SIGTERM' }]);
    expect(h.exits).toEqual([]);
  });

  it('takes a repeat within the window as the same request (the launcher passes on a Ctrl-C the CLI also got)', () => {
    const h = harness();
    h.handle('SIGINT');
    h.advance(REPEAT_WINDOW_MS - 1);
    h.handle('SIGINT');
    expect(h.exits).toEqual([]);
    expect(h.lines).toHaveLength(1);
  });

  it('quits at once on a signal after the window', () => {
    const h = harness();
    h.handle('SIGINT');
    h.advance(REPEAT_WINDOW_MS);
    h.handle('SIGINT');
    expect(h.exits).toEqual([FORCED_EXIT_CODE]);
    expect(h.lines[1]).toMatchObject({ level: 40, msg: 'stopping now, without waiting for the current batch' });
  });
});
