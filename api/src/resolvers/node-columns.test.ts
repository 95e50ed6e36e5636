import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSdl } from '../schema/sdl.ts';
import { committeeMembers, storageNodes } from '../tables.ts';
import { gql, openTestBackend, type BackendKind, type TestBackend } from '../testing/backends.ts';
import { CURRENT_EPOCH, hexId, NODE_A, NODE_B, nodeRow, writeFixture } from '../testing/fixtures.ts';

const schema = buildSchema(readSdl());
const nodeFields = Object.values((schema.getType('StorageNode') as GraphQLObjectType).getFields());

/** The field with every scalar below it, objects one level down (deeper ones by `__typename`). */
function selectionOf(name: string, type: GraphQLOutputType, depth = 2): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return name;
  if (depth === 0) return `${name} { __typename }`;
  const inner = Object.values(named.getFields()).map((f) => selectionOf(f.name, f.type, depth - 1));
  return `${name} { ${inner.join(' ')} }`;
}

/** A node whose every nullable column holds a value and whose lists are not empty, so no column can go missing unseen. */
const EPSILON = hexId(5, 0xbb);

describe.each<BackendKind>(['postgres', 'pglite'])('storage node reads of the selected columns on %s', (kind) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await openTestBackend(kind);
    await writeFixture(backend.writer);
    await backend.writer.insert(storageNodes).values(
      nodeRow(EPSILON, 'Epsilon', {
        state: 'withdrawing',
        withdrawingEpoch: 7,
        nextEpochPublicKey: `0x${'ef'.repeat(96)}`,
        projectUrl: 'https://epsilon.example',
        extraFields: { region: 'us', tier: 'gold' },
        pendingCommissionRates: [{ epoch: 6, value: '150' }],
        commission: 12_345n,
        commissionReceiverKind: 'object',
        commissionReceiver: hexId(6, 0xee),
        governanceAuthorizedKind: 'object',
        governanceAuthorized: hexId(7, 0xee),
        activationEpoch: 2,
        latestEpoch: 2,
        walBalance: 2_500_000_000_000n,
        numShares: 2_400_000_000_000n,
        rewardsPool: 7_000_000n,
        pendingStake: [{ epoch: 4, value: '1000' }],
        pendingSharesWithdraw: [{ epoch: 4, value: '20' }],
        preActiveWithdrawals: [{ epoch: 5, value: '30' }],
        updatedCheckpoint: 99n,
        updatedTxDigest: 'EpsilonTx1111111111111111111111111111',
      }),
    );
    await backend.writer.insert(committeeMembers).values({
      epoch: CURRENT_EPOCH,
      nodeId: EPSILON,
      shardIndices: [10, 11],
      weight: 2,
    });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('answer every StorageNode field through a page of nodes and through a committee as through storageNode(id)', async () => {
    const api = backend.api();
    expect(nodeFields.length).toBeGreaterThan(25);
    for (const field of nodeFields) {
      const selection = selectionOf(field.name, field.type);
      const list = await gql(api, `{ storageNodes(first: 100) { nodes { nodeId ${selection} } } }`);
      const seats = await gql(api, `{ currentEpoch { committee { nodeId node { nodeId ${selection} } } } }`);
      expect(list.errors, `${field.name}: ${JSON.stringify(list.errors)}`).toBeUndefined();
      expect(seats.errors, `${field.name}: ${JSON.stringify(seats.errors)}`).toBeUndefined();
      const listed = list.data!.storageNodes.nodes as Record<string, unknown>[];
      const seated = (seats.data!.currentEpoch.committee as { node: Record<string, unknown> }[]).map((m) => m.node);
      expect(listed).toHaveLength(5);
      expect(seated.map((n) => n.nodeId)).toContain(EPSILON);
      for (const node of [...listed, ...seated]) {
        const whole = await gql(api, `query($id: String!) { storageNode(id: $id) { nodeId ${selection} } }`, {
          id: node.nodeId,
        });
        expect(node, field.name).toEqual(whole.data!.storageNode);
      }
    }
  });

  it('read only the columns the selected fields need, for a page of nodes and for a committee', async () => {
    const statements: string[] = [];
    const api = backend.api({ onStatement: (text) => statements.push(text) });
    const res = await gql(
      api,
      `{ storageNodes(first: 10) { nodes { name stake } edges { node { metadata { projectUrl } } } }
         currentEpoch { committee { weight node { name } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const list = statements.find((s) => /from "storage_nodes" left join "committee_members"/.test(s))!;
    const committee = statements.find((s) => /from "committee_members" left join "storage_nodes"/.test(s))!;
    for (const column of ['"name"', '"wal_balance"', '"image_url"', '"project_url"', '"extra_fields"']) {
      expect(list).toContain(column);
    }
    for (const column of ['"public_key"', '"pending_stake"', '"network_address"']) expect(list).not.toContain(column);
    expect(committee).toContain('"storage_nodes"."name"');
    for (const column of ['"public_key"', '"wal_balance"', '"shard_indices"']) expect(committee).not.toContain(column);
  });

  it('read a page of nodes asked for their APY with its APY window, in one statement', async () => {
    const statements: string[] = [];
    const api = backend.api({ onStatement: (text) => statements.push(text) });
    const res = await gql(api, '{ storageNodes(first: 10) { nodes { nodeId apy } } }');
    expect(res.errors).toBeUndefined();
    // (PGlite reads the chain head with statements of its own: leave them out.)
    const reads = statements.filter((s) => /storage_nodes|pool_exchange_rates/.test(s));
    expect(reads).toHaveLength(1);
    // The window's two ends are select-list subqueries, which Postgres evaluates only for the rows of the page.
    expect(reads[0]).toMatch(
      /^select .*\(select json_build_array\(.* from "pool_exchange_rates" .* limit 1\).* from "storage_nodes" left join "committee_members" /,
    );
    expect(reads[0]).not.toMatch(/lateral/);
    const apys = new Map(
      res.data!.storageNodes.nodes.map((n: { nodeId: string; apy: number | null }) => [n.nodeId, n.apy]),
    );
    // Alpha's share value grows 1% per epoch (fixtures); Beta has a single flat rate, so no APY.
    expect(apys.get(NODE_A)).toBeGreaterThan(0);
    expect(apys.get(NODE_B)).toBeNull();
  });

  it('serve a committee asked for with and without shard indices and nodes in one request, each whole', async () => {
    const res = await gql(
      backend.api(),
      `{ currentEpoch { a: committee { nodeId shardIndices node { name } } b: committee { nodeId weight }
         c: committee { shardIndices node { stake } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const { a, b, c } = res.data!.currentEpoch;
    expect(a.map((m: { nodeId: string }) => m.nodeId)).toEqual(b.map((m: { nodeId: string }) => m.nodeId));
    expect(a.find((m: { nodeId: string }) => m.nodeId === EPSILON)).toEqual({
      nodeId: EPSILON,
      shardIndices: [10, 11],
      node: { name: 'Epsilon' },
    });
    expect(c.map((m: { shardIndices: number[] }) => m.shardIndices)).toEqual(
      a.map((m: { shardIndices: number[] }) => m.shardIndices),
    );
    expect(c.find((m: { node: { stake: string } }) => m.node.stake === '2500000000000')).toBeDefined();
  });

  it('answer an epoch asked with its committee, and a missing one with null and no error', async () => {
    const res = await gql(
      backend.api(),
      `{ found: epoch(number: ${CURRENT_EPOCH}) { epoch committee { nodeId node { name } } }
         missing: epoch(number: 999) { epoch committee { nodeId node { name } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.missing).toBeNull();
    expect(res.data!.found.committee.map((m: { node: { name: string } }) => m.node.name)).toContain('Epsilon');
  });
});
