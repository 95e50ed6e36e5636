// Walrus events: the chain-ordered history, filtered by type, checkpoint range, sender and transaction; and the
// events naming one Blob object.
import { DATATYPES } from '@open-walrus/sdk';
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { ApiContext } from '../context.ts';
import { badInput } from '../errors.ts';
import { conditions, inlineValues, prepared, StatementBinding, type Values } from '../prepared-queries.ts';
import type { EventFilter, OrderDirection } from '../generated/resolver-types.ts';
import {
  keysetPageStatement,
  paginateInMemory,
  parsePage,
  toConnection,
  type Ordering,
  type Page,
  type PageArgs,
} from '../pagination/connection.ts';
import { cappedCounts, exactCounts, withCounts } from '../pagination/counts.ts';
import { parseObjectId } from '../schema/inputs.ts';
import type { EventRow } from '../schema/parents.ts';
import type { Resolvers } from '../schema/resolver-kit.ts';
import { eventsUpToIndexedCheckpoint } from '../consistency.ts';
import { events } from '../tables.ts';

/** Names of the events the walrus `events` module declares, from the generated SDK. */
export const WALRUS_EVENT_NAMES: ReadonlySet<string> = new Set(
  DATATYPES.filter((d) => d.pkg === 'walrus' && d.module === 'events').map((d) => d.name),
);

const FULL_TYPE = /^0x[0-9a-f]{64}::events::[A-Za-z][A-Za-z0-9_]*$/;
const TX_DIGEST = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

export function eventOrdering(direction: OrderDirection | null | undefined): Ordering<EventRow> {
  const dir = direction ?? 'ASC';
  return {
    name: `events:${dir}`,
    direction: dir === 'ASC' ? 'asc' : 'desc',
    keys: [
      { column: events.checkpoint, type: 'bigint', sqlType: 'bigint', value: (r) => r.checkpoint },
      { column: events.txIndex, type: 'int', sqlType: 'integer', value: (r) => r.txIndex },
      { column: events.eventIndex, type: 'int', sqlType: 'integer', value: (r) => r.eventIndex },
    ],
  };
}

/**
 * The full type names a `types` filter asks for. Short names get the original package id of the indexed
 * events; with no event indexed yet, nothing can match (empty list).
 */
async function resolveTypes(ctx: ApiContext, types: readonly string[]): Promise<string[]> {
  if (types.length === 0) throw badInput('filter.types', 'give at least one type, or leave it out');
  if (types.length > ctx.limits.maxMultiGetSize) {
    throw badInput('filter.types', `${types.length} types is more than the limit of ${ctx.limits.maxMultiGetSize}`);
  }
  const prefix = await ctx.data.loaders.eventTypePrefix();
  return types.flatMap((type, i) => {
    if (type.includes('::')) {
      if (!FULL_TYPE.test(type)) {
        throw badInput(`filter.types[${i}]`, `"${type}" is not a type name of the form 0x<64 hex>::events::Name`);
      }
      return [type];
    }
    if (!WALRUS_EVENT_NAMES.has(type)) {
      throw badInput(
        `filter.types[${i}]`,
        `"${type}" is not a Walrus event; known: ${[...WALRUS_EVENT_NAMES].sort().join(', ')}`,
      );
    }
    return prefix === null ? [] : [`${prefix}${type}`];
  });
}

/** An events filter, checked, with its type names resolved. */
export interface ParsedEventFilter {
  /** Full type names; empty when none can match (no event indexed yet). */
  types?: string[];
  checkpointGte?: bigint;
  checkpointLte?: bigint;
  sender?: string;
  transaction?: string;
}

async function parseEventFilter(ctx: ApiContext, filter: EventFilter | null | undefined): Promise<ParsedEventFilter> {
  if (!filter) return {};
  const { checkpointGte, checkpointLte } = filter;
  if (checkpointGte != null && checkpointLte != null && checkpointGte > checkpointLte) {
    throw badInput(
      'filter.checkpointGte',
      `${checkpointGte} is greater than checkpointLte ${checkpointLte}, so nothing can match`,
    );
  }
  if (filter.transaction != null && !TX_DIGEST.test(filter.transaction)) {
    throw badInput(
      'filter.transaction',
      `"${filter.transaction}" is not a transaction digest (base58, 32 to 44 characters)`,
    );
  }
  const parsed: ParsedEventFilter = {};
  if (filter.types != null) parsed.types = await resolveTypes(ctx, filter.types);
  if (checkpointGte != null) parsed.checkpointGte = checkpointGte;
  if (checkpointLte != null) parsed.checkpointLte = checkpointLte;
  if (filter.sender != null) parsed.sender = parseObjectId('filter.sender', filter.sender);
  if (filter.transaction != null) parsed.transaction = filter.transaction;
  return parsed;
}

/** The filter as a condition; its values go to `values` (inline, or placeholders: see prepared-queries.ts). */
function eventFilterSql(f: ParsedEventFilter, values: Values = inlineValues): SQL | undefined {
  const filter = conditions(values);
  const types = f.types;
  // One array parameter, whatever the number of types; none to match: nothing matches.
  filter.add(
    'types',
    types !== undefined && types.length > 0,
    () => sql`${events.typeName} = any(${values.list(types!)})`,
  );
  filter.add('types:none', types !== undefined && types.length === 0, () => sql`false`);
  filter.add('checkpointGte', f.checkpointGte !== undefined, () =>
    gte(events.checkpoint, values.bind(f.checkpointGte!)),
  );
  filter.add('checkpointLte', f.checkpointLte !== undefined, () =>
    lte(events.checkpoint, values.bind(f.checkpointLte!)),
  );
  filter.add('sender', f.sender !== undefined, () => eq(events.sender, values.bind(f.sender!)));
  filter.add('transaction', f.transaction !== undefined, () => eq(events.txDigest, values.bind(f.transaction!)));
  return filter.all;
}

/**
 * A page of events as a statement built once per shape (filter parts, ordering, cursors) on a connection
 * (prepared-queries.ts): its key, the values of its placeholders, and its builder. It reads nothing beyond the
 * indexed checkpoint.
 */
export function eventPageStatement(filter: ParsedEventFilter, ordering: Ordering<EventRow>, page: Page) {
  const values = new StatementBinding();
  const condition = and(eventFilterSql(filter, values), eventsUpToIndexedCheckpoint);
  return keysetPageStatement('event page', values, condition, ordering, page, (db, where, order, limit) =>
    db
      .select()
      .from(events)
      .where(where)
      .orderBy(...order)
      .limit(limit),
  );
}

async function eventPage(ctx: ApiContext, filter: ParsedEventFilter, ordering: Ordering<EventRow>, args: PageArgs) {
  const page = parsePage(args, ordering, ctx.limits);
  const statement = eventPageStatement(filter, ordering, page);
  const rows = await ctx.data.query((db) => prepared(db, statement.key, statement.build).execute(statement.values));
  // Inline, for the count.
  const condition = eventFilterSql(filter);
  const counts = cappedCounts(
    ctx.data.query,
    events,
    and(condition, eventsUpToIndexedCheckpoint),
    condition,
    ctx.limits.maxTotalCount,
  );
  return withCounts(toConnection(rows, ordering, page, counts.totalCount), counts);
}

export const eventQueries: Pick<Resolvers['Query'], 'events'> = {
  events: async (_, args, ctx) =>
    eventPage(ctx, await parseEventFilter(ctx, args.filter), eventOrdering(args.orderBy), args),
};

/**
 * Blob history: events whose decoded `object_id` is this object, batched over the blobs of a page (capped at the
 * indexed checkpoint by the loader).
 */
export const blobEventsResolver: Resolvers['Blob']['events'] = async (blob, args, ctx) => {
  const ordering = eventOrdering('ASC');
  const page = parsePage(args, ordering, ctx.limits);
  return exactCounts(paginateInMemory(await ctx.data.loaders.blobEvents.load(blob.objectId), ordering, page));
};

export const eventResolvers: Resolvers['Event'] = {
  transactionDigest: (e) => e.txDigest,
  transactionIndex: (e) => e.txIndex,
  timestamp: (e) => new Date(Number(e.timestampMs)),
  name: (e) => e.typeName.slice(e.typeName.lastIndexOf('::') + 2),
  contents: (e) => e.json,
  bcs: (e) => Buffer.from(e.bcs).toString('base64'),
};
