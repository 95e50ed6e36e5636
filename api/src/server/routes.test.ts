import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { ApiDatabase } from '../database.ts';
import type { LiveFeed } from '../subscriptions/live-feed.ts';
import { routesPlugin, type MetricsSource } from './plugins.ts';

// /metrics alone: the database and the live feed only serve /healthz.
function yogaWith(metrics: MetricsSource) {
  return createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    logging: false,
    plugins: [routesPlugin(metrics, undefined as unknown as ApiDatabase, undefined as unknown as LiveFeed, 1000)],
  });
}

describe('/metrics', () => {
  it('serves the source text with its content type', async () => {
    const yoga = yogaWith({ text: async () => 'up 1\n', contentType: 'text/plain; version=0.0.4' });
    const response = await yoga.fetch('http://api.test/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await response.text()).toBe('up 1\n');
  });

  it('answers 503 with the reason when the metrics cannot be gathered', async () => {
    const yoga = yogaWith({
      text: () =>
        Promise.reject(new Error("the API's primary process did not send the workers' metrics within 6000 ms")),
      contentType: 'text/plain',
    });
    const response = await yoga.fetch('http://api.test/metrics');
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("the API's primary process did not send the workers' metrics within 6000 ms\n");
  });
});
