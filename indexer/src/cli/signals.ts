// What SIGINT / SIGTERM do to a running `indexer run`: the first stops it after the current batch; a repeat
// within a second is the same request (a Ctrl-C reaches both the `indexer` launcher and the CLI, and the
// launcher passes its copy on); a later one quits at once, which loses nothing either: the open batch's
// transaction rolls back and the next run resumes after the watermark.
import type { Logger } from '../util/log.ts';

/** Repeats closer than this to the first signal are the same stop request. */
export const REPEAT_WINDOW_MS = 1_000;

/** Exit status when a second signal cuts the stop short (128 + SIGINT, as shells report it). */
export const FORCED_EXIT_CODE = 130;

export interface SignalHandlerOptions {
  /** Aborted on the first signal; the runner commits its current batch and returns. */
  stop: AbortController;
  log: Logger;
  /** Ends the process (default `process.exit`). */
  exit?: (code: number) => void;
  now?: () => number;
}

export function stopSignalHandler(options: SignalHandlerOptions): (signal: NodeJS.Signals) => void {
  const { stop, log } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? Date.now;
  let stoppingSince: number | undefined;
  return (signal) => {
    if (stoppingSince === undefined) {
      stoppingSince = now();
      log.info({ signal }, 'stopping after the current batch');
      stop.abort(new Error(`stopped by ${signal}`));
      return;
    }
    if (now() - stoppingSince < REPEAT_WINDOW_MS) return;
    log.warn({ signal }, 'stopping now, without waiting for the current batch');
    exit(FORCED_EXIT_CODE);
  };
}
