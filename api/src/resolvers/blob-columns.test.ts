import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSdl } from '../schema/sdl.ts';
import { gql, openTestBackend, type BackendKind, type TestBackend } from '../testing/backends.ts';
import { writeFixture } from '../testing/fixtures.ts';

const schema = buildSchema(readSdl());
const blobFields = Object.values((schema.getType('Blob') as GraphQLObjectType).getFields());

/** The field with every scalar below it, objects one level down (deeper ones by `__typename`). */
function selectionOf(name: string, type: GraphQLOutputType, depth = 2): string {
  // Blob.attribute is the one field below a Blob with a required argument.
  const args = name === 'attribute' ? '(key: "content-type")' : '';
  const named = getNamedType(type);
  if (!isObjectType(named)) return `${name}${args}`;
  if (depth === 0) return `${name}${args} { __typename }`;
  const inner = Object.values(named.getFields()).map((f) => selectionOf(f.name, f.type, depth - 1));
  return `${name}${args} { ${inner.join(' ')} }`;
}

/** Every Blob field, by name, with the arguments the required ones need. */
const selections = new Map(blobFields.map((f) => [f.name, selectionOf(f.name, f.type)]));
const everyField = [...selections.values()].join(' ');

describe.each<BackendKind>(['postgres', 'pglite'])('blob pages read the selected columns on %s', (kind) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await openTestBackend(kind);
    await writeFixture(backend.writer);
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('answer each Blob field alone as they answer it with every field selected (every column read)', async () => {
    const api = backend.api();
    expect(blobFields.length).toBeGreaterThan(15);
    const whole = await gql(api, `{ blobs(first: 100) { nodes { objectId ${everyField} } } }`);
    expect(whole.errors).toBeUndefined();
    const rows = whole.data!.blobs.nodes as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(50);
    // The fixture fills the nullable columns on some blobs, so a column left out would show as a difference.
    for (const name of ['attribute', 'certifiedEpoch', 'encodedSize']) {
      expect(rows.some((r) => r[name] !== null)).toBe(true);
    }
    for (const [name, selection] of selections) {
      const alone = await gql(
        api,
        `{ blobs(first: 100) { nodes { objectId ${selection} } edges { node { ${selection} } } } }`,
      );
      expect(alone.errors, `${name}: ${JSON.stringify(alone.errors)}`).toBeUndefined();
      const expected = rows.map((r) => ({ objectId: r.objectId, [name]: r[name] }));
      expect(alone.data!.blobs.nodes, name).toEqual(expected);
      expect(
        alone.data!.blobs.edges.map((e: { node: Record<string, unknown> }) => e.node[name]),
        name,
      ).toEqual(rows.map((r) => r[name]));
    }
  });

  it('answer a page as blob(objectId) answers each of its blobs', async () => {
    const api = backend.api();
    const page = await gql(
      api,
      `{ blobs(first: 5, orderBy: { field: SIZE, direction: ASC }) { nodes { ${everyField} } } }`,
    );
    expect(page.errors).toBeUndefined();
    for (const node of page.data!.blobs.nodes as Record<string, unknown>[]) {
      const one = await gql(api, `query($id: String!) { blob(objectId: $id) { ${everyField} } }`, {
        id: node.objectId,
      });
      expect(node).toEqual(one.data!.blob);
    }
  });

  it('read only the columns of the selected fields and the ordering keys', async () => {
    const statements: string[] = [];
    const api = backend.api({ onStatement: (text) => statements.push(text) });
    const res = await gql(
      api,
      `fragment F on Blob { storage { endEpoch } }
       { blobs(first: 10) { edges { cursor node { blobId status ...F } } pageInfo { endCursor } } }`,
    );
    expect(res.errors).toBeUndefined();
    const page = statements.find((s) => /^select .* from "blobs"/.test(s) && !/count\(/.test(s))!;
    for (const column of [
      '"object_id"',
      '"blob_id"',
      '"status"',
      '"end_epoch"',
      '"storage_id"',
      '"created_checkpoint"',
    ]) {
      expect(page).toContain(column);
    }
    for (const column of ['"attributes"', '"created_tx_digest"', '"updated_tx_digest"', '"owner"', '"encoded_size"']) {
      expect(page).not.toContain(column);
    }
  });

  it('page on by a cursor of a narrowed page, in every ordering', async () => {
    const api = backend.api();
    for (const field of ['CREATED', 'SIZE', 'REGISTERED_EPOCH', 'END_EPOCH']) {
      const all = await gql(api, `{ blobs(first: 100, orderBy: { field: ${field} }) { nodes { objectId } } }`);
      const first = await gql(api, `{ blobs(first: 7, orderBy: { field: ${field} }) { pageInfo { endCursor } } }`);
      const next = await gql(
        api,
        `query($after: String) { blobs(first: 7, after: $after, orderBy: { field: ${field} }) { nodes { objectId } } }`,
        { after: first.data!.blobs.pageInfo.endCursor },
      );
      expect(next.errors, field).toBeUndefined();
      expect(next.data!.blobs.nodes, field).toEqual(all.data!.blobs.nodes.slice(7, 14));
    }
  });
});
