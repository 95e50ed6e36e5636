// Cross-cutting concerns as yoga/envelop plugins (never inside resolvers): the request snapshot's lifecycle, the
// output-size limit, Prometheus metrics, and the /healthz and /metrics routes.
import {
  Kind,
  getNamedType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiContext } from '../context.ts';
import type { ApiDatabase } from '../database.ts';
import { apiError } from '../errors.ts';
import { pipelineWatermarks } from '../tables.ts';
import { indexerStatus } from '../schema/status.ts';
import type { LiveFeed } from '../subscriptions/live-feed.ts';
import type { ApiMetrics } from './metrics.ts';

/**
 * Ends each request's snapshot when its execution is done. A subscription ends its snapshot after each event
 * (so every event is read fresh) and closes it when the stream ends.
 */
export function snapshotLifecyclePlugin(): Plugin<ApiContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args }) {
          void args.contextValue.data.close();
        },
      };
    },
    onSubscribe({ args }) {
      const data = args.contextValue.data;
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in Object(result))) {
            void data.close();
            return;
          }
          return {
            onNext() {
              void data.release();
            },
            onEnd() {
              void data.close();
            },
          };
        },
        onSubscribeError() {
          void data.close();
        },
      };
    },
  };
}

/** Integer value of an argument given as a literal or a variable; undefined when absent or not an integer. */
function intArgument(value: ValueNode | undefined, variables: Record<string, unknown> | undefined): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables?.[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

/**
 * Estimates how many objects a query can return: every field with a selection counts once per parent object,
 * and a connection field (or `committeeHistory(last)`) multiplies the objects below it by its page size (`first`,
 * `last`, else the default page size).
 */
export function estimateOutputNodes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  defaultPageSize: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let total = 0;

  const walk = (selectionSet: SelectionSetNode, multiplier: number, seen: Set<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        walk(fragment.selectionSet, multiplier, new Set([...seen, fragment.name.value]));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, multiplier, seen);
      } else if (selection.selectionSet) {
        const args = new Map(selection.arguments?.map((a) => [a.name.value, a.value]));
        const pageSize = intArgument(args.get('first'), variables) ?? intArgument(args.get('last'), variables);
        const returns = fieldTypes.get(selection) ?? '';
        const isPaged = returns.endsWith('Connection') || selection.name.value === 'committeeHistory';
        const childMultiplier = isPaged ? multiplier * Math.max(pageSize ?? defaultPageSize, 1) : multiplier;
        total += multiplier;
        walk(selection.selectionSet, childMultiplier, seen);
      }
    }
  };

  const fieldTypes = fieldTypesOf(schema, document);
  walk(operation.selectionSet, 1, new Set());
  return total;
}

// yoga caches parsed documents, so the return type of each field node is worked out once per document.
const fieldTypeCache = new WeakMap<DocumentNode, Map<object, string>>();

function fieldTypesOf(schema: GraphQLSchema, document: DocumentNode): Map<object, string> {
  const cached = fieldTypeCache.get(document);
  if (cached) return cached;
  const typeInfo = new TypeInfo(schema);
  const fieldTypes = new Map<object, string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = typeInfo.getType();
        if (type) fieldTypes.set(node, getNamedType(type).name);
      },
    }),
  );
  fieldTypeCache.set(document, fieldTypes);
  return fieldTypes;
}

/** Refuses an operation whose estimated output exceeds `maxOutputNodes`, before it touches the database. */
export function outputLimitPlugin(maxOutputNodes: number, defaultPageSize: number): Plugin<ApiContext> {
  const check = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null | undefined;
    variableValues?: Record<string, unknown> | null | undefined;
  }) => {
    const operation = args.document.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
    );
    if (!operation) return undefined;
    const estimate = estimateOutputNodes(
      args.schema,
      args.document,
      operation,
      args.variableValues ?? undefined,
      defaultPageSize,
    );
    if (estimate <= maxOutputNodes) return undefined;
    return apiError(
      'OUTPUT_LIMIT_EXCEEDED',
      `the query could return about ${estimate} objects (page sizes multiply through nested connections), more than ` +
        `the limit of ${maxOutputNodes}; ask for smaller pages or fewer nested connections`,
    );
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/** Counts operations by type and outcome, and times them. */
export function metricsPlugin(metrics: ApiMetrics): Plugin<ApiContext> {
  return {
    onExecute({ args }) {
      const operation = (args.document as DocumentNode).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      const type = operation?.kind === Kind.OPERATION_DEFINITION ? operation.operation : 'unknown';
      const stop = metrics.operationDuration.startTimer({ type });
      return {
        onExecuteDone({ result }) {
          const failed =
            !(Symbol.asyncIterator in Object(result)) && Boolean((result as { errors?: unknown[] }).errors?.length);
          stop();
          metrics.operations.inc({ type, outcome: failed ? 'error' : 'ok' });
        },
      };
    },
    onValidate() {
      return ({ valid }) => {
        if (!valid) metrics.rejected.inc({ stage: 'validation' });
      };
    },
    onResponse({ request, response }) {
      const path = new URL(request.url).pathname;
      metrics.httpResponses.inc({ path: KNOWN_PATHS.has(path) ? path : 'other', status: String(response.status) });
    },
  };
}

const KNOWN_PATHS = new Set(['/graphql', '/healthz', '/metrics']);

/** Serves `/metrics` (Prometheus text) and `/healthz` (a snapshot read of the watermarks, 200 or 503). */
/** Where /metrics comes from: this process's registry, or the whole cluster's (server/cluster.ts). */
export interface MetricsSource {
  text(): Promise<string>;
  contentType: string;
}

export function routesPlugin(
  metrics: MetricsSource,
  database: ApiDatabase,
  live: LiveFeed,
  timeoutMs: number,
): Plugin<ApiContext> {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      if (url.pathname === '/metrics') {
        let text: string;
        try {
          text = await metrics.text();
        } catch (error) {
          endResponse(
            new fetchAPI.Response(`${error instanceof Error ? error.message : String(error)}\n`, { status: 503 }),
          );
          return;
        }
        endResponse(new fetchAPI.Response(text, { headers: { 'content-type': metrics.contentType } }));
      } else if (url.pathname === '/healthz') {
        endResponse(await health(database, live, timeoutMs, fetchAPI.Response));
      }
    },
  };
}

async function health(
  database: ApiDatabase,
  live: LiveFeed,
  timeoutMs: number,
  ResponseClass: typeof Response,
): Promise<Response> {
  const json = (status: number, body: unknown) =>
    new ResponseClass(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  let timer: NodeJS.Timeout | undefined;
  try {
    const read = (async () => {
      const snapshot = await database.openSnapshot();
      try {
        return await snapshot.db.select().from(pipelineWatermarks);
      } finally {
        await snapshot.release();
      }
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const status = indexerStatus(await Promise.race([read, timeout]), Date.now());
    return json(200, {
      status: 'ok',
      database: database.kind,
      checkpoint: status.checkpoint?.toString() ?? null,
      lagMs: status.lagMs?.toString() ?? null,
      subscriptions: live.subscriberCount,
      subscriptionPollError: live.lastPollError?.message ?? null,
    });
  } catch (error) {
    return json(503, { status: 'unavailable', error: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(timer);
  }
}
