// The two load generators of the benchmark: autocannon against the API over loopback, and a loop of pg clients
// replaying the statements the API sent, both at the same fixed concurrency for the same time.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Statement } from './plans.ts';

export interface Figures {
  requests: number;
  /** Requests answered with a non-2xx status, a GraphQL error, or not at all. */
  failures: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** Runs autocannon once against the GraphQL endpoint, cycling through the request bodies. */
async function cannon(url: string, bodies: string[], connections: number, seconds: number): Promise<Figures> {
  let next = 0;
  let failures = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) failures++;
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    failures: failures + result.errors + result.timeouts,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/**
 * Drives the API with autocannon (`connections` keep-alive connections, each sending its next request as soon as
 * the previous one is answered) after a one-second warm-up. autocannon resolves latency to the millisecond.
 */
export async function driveApi(
  url: string,
  query: string,
  samples: Record<string, unknown>[],
  connections: number,
  seconds: number,
  /** Called between the warm-up and the timed run. */
  hooks: { started?: () => void } = {},
): Promise<Figures> {
  const bodies = samples.map((variables) => JSON.stringify({ query, variables }));
  await cannon(url, bodies, connections, 1);
  hooks.started?.();
  return cannon(url, bodies, connections, seconds);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * Replays recorded requests straight through pg: `concurrency` workers, each taking a pooled client and sending one
 * request's statements (BEGIN ... ROLLBACK included) back to back, after a one-second warm-up.
 */
export async function drivePg(
  pool: pg.Pool,
  recorded: Statement[][],
  concurrency: number,
  seconds: number,
): Promise<Figures> {
  let counter = 0;
  const once = async () => {
    const client = await pool.connect();
    try {
      for (const statement of recorded[counter++ % recorded.length]!)
        await client.query(statement.sql, statement.params);
    } finally {
      client.release();
    }
  };
  const run = async (ms: number, latencies: number[] | undefined) => {
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const t0 = performance.now();
          await once();
          latencies?.push(performance.now() - t0);
        }
      }),
    );
  };
  await run(1000, undefined);
  const latencies: number[] = [];
  const started = performance.now();
  await run(seconds * 1000, latencies);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failures: 0,
    seconds: elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}
