// The indexer's only HTTP surface: Prometheus `/metrics` and `/healthz` (200 while the run is healthy, 503
// once it failed), on a configurable host and port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IndexerMetrics } from './metrics.ts';

export interface HealthState {
  status: 'starting' | 'running' | 'finished' | 'failed';
  detail?: string;
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(
  metrics: IndexerMetrics,
  health: () => HealthState,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
      return;
    }
    if (path === '/healthz') {
      const state = health();
      const ok = state.status !== 'failed';
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(state));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /healthz\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
