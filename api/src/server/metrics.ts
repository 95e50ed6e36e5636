// Prometheus metrics of one API instance, in a registry of its own (several servers can live in one process).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  operations: Counter<'type' | 'outcome'>;
  operationDuration: Histogram<'type'>;
  rejected: Counter<'stage'>;
  httpResponses: Counter<'path' | 'status'>;
}

export function createMetrics(withDefaults = true): ApiMetrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'walrus_api_' });
  return {
    registry,
    operations: new Counter({
      name: 'walrus_api_graphql_operations_total',
      help: 'GraphQL operations executed, by operation type and outcome (error = at least one error in the result).',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    operationDuration: new Histogram({
      name: 'walrus_api_graphql_operation_duration_seconds',
      help: 'Time to execute a GraphQL operation (resolvers and database reads).',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'walrus_api_graphql_rejected_total',
      help: 'Operations refused before execution (invalid, or beyond a limit), by stage.',
      labelNames: ['stage'],
      registers: [registry],
    }),
    httpResponses: new Counter({
      name: 'walrus_api_http_responses_total',
      help: 'HTTP responses by path and status code.',
      labelNames: ['path', 'status'],
      registers: [registry],
    }),
  };
}
