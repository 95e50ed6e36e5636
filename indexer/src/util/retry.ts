// Backoff and sleeping that respect an AbortSignal: the shared retry policy of sources and committers.

/** Exponential backoff with full jitter, bounded by `maxMs`. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Attempts before giving up; `Infinity` retries for as long as the process runs. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 10_000, maxAttempts: 10 };

/** Delay before retry number `attempt` (1-based): exponential growth, jittered between half and full value. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
