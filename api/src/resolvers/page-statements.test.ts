// The node, staked-position and event pages run statements built once per key and reused with other values: every
// combination of their filters, orderings and cursors, each with two sets of values, must give one SQL text per key.
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config.ts';
import type { ReadDb } from '../database.ts';
import type {
  OrderDirection,
  PoolState,
  StakedWalState,
  StorageNodeFilter,
  StorageNodeOrderField,
} from '../generated/resolver-types.ts';
import { parsePage, type Ordering } from '../pagination/connection.ts';
import { encodeCursor } from '../pagination/cursor.ts';
import { storageNodes } from '../tables.ts';
import { nodeOrdering, nodePageStatement } from './nodes.ts';
import { eventOrdering, eventPageStatement, type ParsedEventFilter } from './events.ts';
import { parseStakedWalFilter, stakedWalOrdering, stakedWalPageStatement } from './staking.ts';

// Renders SQL only; it never connects.
const db = drizzle.mock() as unknown as ReadDb;
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

/** Checks one text per key over `statements`, and that keys do repeat (else the check says nothing). */
function expectOneTextPerKey(statements: { key: string; build(db: ReadDb): { toSQL(): { sql: string } } }[]) {
  const textOf = new Map<string, string>();
  for (const statement of statements) {
    const text = statement.build(db).toSQL().sql;
    const known = textOf.get(statement.key);
    if (known === undefined) textOf.set(statement.key, text);
    else expect(text, statement.key).toBe(known);
  }
  expect(textOf.size).toBeLessThan(statements.length);
}

/** Page arguments with and without cursors, forward and backward, whose cursors carry `seed`'s values. */
function pageArgs<Row>(ordering: Ordering<Row>, seed: number) {
  const types = ordering.keys.map((k) => k.type);
  const cursor = () =>
    encodeCursor(
      ordering.name,
      types,
      types.map((t, i) =>
        i === types.length - 1 ? id(seed) : t === 'bigint' ? BigInt(seed) : t === 'int' ? seed : `n${seed}`,
      ),
    );
  return [
    { first: 10 + seed },
    { first: 5 + seed, after: cursor() },
    { last: 7 + seed, before: cursor() },
    { first: 3 + seed, after: cursor(), before: cursor() },
  ].map((args) => parsePage(args, ordering, DEFAULT_LIMITS));
}

describe('page statements', () => {
  it('of storage nodes have one SQL text per key', () => {
    const statements = [];
    const states: (PoolState | undefined)[] = [undefined, 'ACTIVE', 'WITHDRAWING'];
    for (const seed of [1, 2]) {
      for (const state of states) {
        for (const inCommittee of [undefined, true, false]) {
          for (const nameContains of [undefined, `node ${seed}`]) {
            const filter: StorageNodeFilter = { state, inCommittee, nameContains };
            for (const field of ['STAKE', 'COMMISSION', 'SHARDS', 'NAME'] as StorageNodeOrderField[]) {
              for (const direction of ['ASC', 'DESC'] as OrderDirection[]) {
                const ordering = nodeOrdering({ field, direction });
                for (const page of pageArgs(ordering, seed)) {
                  for (const withApy of [false, true]) {
                    const node: Record<string, PgColumn> =
                      seed === 1
                        ? { nodeId: storageNodes.nodeId }
                        : { nodeId: storageNodes.nodeId, name: storageNodes.name };
                    const key = `columns:${Object.keys(node).join(',')}${withApy ? ' apy' : ''}`;
                    statements.push(nodePageStatement(filter, ordering, page, { node, withApy, key }));
                  }
                }
              }
            }
          }
        }
      }
    }
    expectOneTextPerKey(statements);
  });

  it('of staked positions have one SQL text per key', () => {
    const statements = [];
    const stateSets: (StakedWalState[] | undefined)[] = [undefined, ['STAKED'], ['WITHDRAWING', 'STAKED'], ['MERGED']];
    for (const seed of [1, 2]) {
      for (const owner of [undefined, id(100 + seed)]) {
        for (const nodeId of [undefined, id(200 + seed)]) {
          for (const state of stateSets) {
            for (const page of pageArgs(stakedWalOrdering, seed)) {
              statements.push(
                stakedWalPageStatement(parseStakedWalFilter(owner, state || nodeId ? { state, nodeId } : null), page),
              );
            }
          }
        }
      }
    }
    expectOneTextPerKey(statements);
  });

  it('of events have one SQL text per key', () => {
    const statements = [];
    const typeLists: (string[] | undefined)[] = [undefined, [], ['a::events::X'], ['a::events::X', 'a::events::Y']];
    for (const seed of [1, 2]) {
      for (const types of typeLists) {
        for (const range of [
          {},
          { checkpointGte: BigInt(seed) },
          { checkpointLte: BigInt(seed) },
          { checkpointGte: 1n, checkpointLte: BigInt(9 + seed) },
        ]) {
          for (const sender of [undefined, id(300 + seed)]) {
            for (const transaction of [undefined, `Tx${seed}`]) {
              const filter: ParsedEventFilter = { ...range };
              if (types) filter.types = types.map((t) => `${t}${seed}`);
              if (sender) filter.sender = sender;
              if (transaction) filter.transaction = transaction;
              for (const direction of ['ASC', 'DESC'] as OrderDirection[]) {
                const ordering = eventOrdering(direction);
                for (const page of pageArgs(ordering, seed))
                  statements.push(eventPageStatement(filter, ordering, page));
              }
            }
          }
        }
      }
    }
    expectOneTextPerKey(statements);
  });
});
