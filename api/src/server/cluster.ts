// Several API processes on one port (node:cluster), so the API's JavaScript can use more than one core: the primary
// forks the workers, prints the address once every worker listens, replaces a worker that dies while serving, stops
// them all on SIGTERM / SIGINT, and gathers their Prometheus metrics so /metrics on any worker shows the whole API.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** What a worker tells the primary, and the primary's answers. */
type WorkerMessage = { type: 'walrus-api:listening'; url: string } | { type: 'walrus-api:metrics'; id: number };
type PrimaryMessage =
  { type: 'walrus-api:metrics'; id: number; text: string } | { type: 'walrus-api:metrics'; id: number; error: string };

const isMessage = (m: unknown): m is { type: string } =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';

/** How long a worker waits for the primary to gather the cluster's metrics (prom-client gives up after 5 s). */
const METRICS_TIMEOUT_MS = 6_000;

export interface PrimaryOptions {
  workers: number;
  /** Printed once every worker listens, with the URL they share. */
  announce(url: string): void;
  log?: (line: string) => void;
}

/**
 * Runs this process as the primary of `workers` API processes (each reruns the entry script, as a cluster worker).
 * Resolves when the primary stops: exit code 0 after a SIGTERM / SIGINT, 1 when a worker failed before it listened
 * (its own error is on stderr already) or after such a failure of a replacement.
 */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.error(line));
  const aggregator = new AggregatorRegistry();
  const listening = new Set<Worker>();
  let announced = false;
  let stopping: number | undefined;

  return new Promise<number>((resolve) => {
    const stop = (code: number) => {
      if (stopping !== undefined) return;
      stopping = code;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      if (alive.length === 0) resolve(code);
      for (const worker of alive) worker.process.kill('SIGTERM');
    };

    const fork = () => {
      const worker = cluster.fork();
      worker.on('message', (message: unknown) => {
        if (!isMessage(message)) return;
        const m = message as WorkerMessage;
        if (m.type === 'walrus-api:listening') {
          listening.add(worker);
          if (!announced && listening.size === options.workers) {
            announced = true;
            options.announce(m.url);
          }
        } else if (m.type === 'walrus-api:metrics') {
          aggregator.clusterMetrics().then(
            (text) => reply(worker, { type: 'walrus-api:metrics', id: m.id, text }),
            (error: unknown) =>
              reply(worker, {
                type: 'walrus-api:metrics',
                id: m.id,
                error: error instanceof Error ? error.message : String(error),
              }),
          );
        }
      });
      worker.on('exit', (code, signal) => {
        const served = listening.delete(worker);
        if (stopping !== undefined) {
          if (Object.keys(cluster.workers ?? {}).length === 0) resolve(stopping);
        } else if (!served) {
          log(
            `API worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) before it listened; stopping the API`,
          );
          stop(1);
        } else {
          log(`API worker ${worker.process.pid} ended (${signal ?? `code ${code}`}); starting a replacement`);
          fork();
        }
      });
    };

    for (let i = 0; i < options.workers; i++) fork();
    process.once('SIGTERM', () => stop(0));
    process.once('SIGINT', () => stop(0));
  });
}

function reply(worker: Worker, message: PrimaryMessage) {
  if (worker.isConnected()) worker.send(message);
}

/** In a worker: tells the primary this worker serves at `url`. */
export function announceListening(url: string): void {
  process.send?.({ type: 'walrus-api:listening', url } satisfies WorkerMessage);
}

/**
 * In a worker: the text of /metrics for the whole cluster (every worker's `registry`, summed by the primary). The
 * worker answers the primary's collection requests from `registry` from now on.
 */
export function clusterMetricsText(registry: Registry): () => Promise<string> {
  // Constructing an aggregator is what makes prom-client answer the primary's requests in a worker.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<number, { resolve(text: string): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  let next = 0;
  process.on('message', (message: unknown) => {
    if (!isMessage(message) || message.type !== 'walrus-api:metrics') return;
    const m = message as PrimaryMessage;
    const waiting = pending.get(m.id);
    if (!waiting) return;
    pending.delete(m.id);
    clearTimeout(waiting.timer);
    if ('text' in m) waiting.resolve(m.text);
    else waiting.reject(new Error(`gathering the API workers' metrics failed: ${m.error}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          new Error(`the API's primary process did not send the workers' metrics within ${METRICS_TIMEOUT_MS} ms`),
        );
      }, METRICS_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      process.send?.({ type: 'walrus-api:metrics', id } satisfies WorkerMessage);
    });
}

/** A worker's share of the API's database connections (at least one each). */
export function workerPoolSize(total: number, workers: number): number {
  return Math.max(1, Math.ceil(total / workers));
}
