// The two load generators of the benchmark: autocannon against the API over loopback, and a loop of pg clients
// replaying the statements the API sent, both at the same fixed concurrency for the same time.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { statementName, writeInOneTurn } from '../database.ts';
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
 * Replays recorded requests straight through pg as the API sent them: `concurrency` workers, each taking a pooled
 * client (in pipeline mode, as the API's) and sending one request's statements write by write (the statements of
 * one write together, then waiting for their answers), the ROLLBACK without waiting for its answer, as the API does;
 * after a one-second warm-up.
 */
export async function drivePg(
  pool: pg.Pool,
  recorded: Statement[][],
  concurrency: number,
  seconds: number,
  /** Called between the warm-up and the timed run. */
  hooks: { started?: () => void } = {},
): Promise<Figures> {
  const requests = recorded.map((statements) => {
    const writes: Statement[][] = [];
    let ending: Statement | undefined;
    for (const statement of statements) {
      if (statement.sql === 'ROLLBACK') ending = statement;
      else if (writes.length > 0 && statement.write !== undefined && writes.at(-1)![0]!.write === statement.write) {
        writes.at(-1)!.push(statement);
      } else writes.push([statement]);
    }
    return { writes, ending };
  });
  let counter = 0;
  // The API's statements go out prepared under their names; the snapshot's opening and ROLLBACK as simple queries.
  const send = (client: pg.PoolClient, statement: Statement) => {
    writeInOneTurn(client);
    const name = statement.prepared ? statementName(statement.sql) : undefined;
    return client.query({ text: statement.sql, values: statement.params, ...(name ? { name } : {}) });
  };
  const once = async () => {
    const { writes, ending } = requests[counter++ % requests.length]!;
    const client = await pool.connect();
    try {
      for (const write of writes) await Promise.all(write.map((statement) => send(client, statement)));
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    if (ending) send(client, ending).catch(() => undefined);
    client.release();
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
  hooks.started?.();
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
