import { buildSchema, parse as parseOnly, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSdl } from '../schema/sdl.ts';
import { hasBigIntLiteral, runsCompiled } from './compiled-execution.ts';

const schema = buildSchema(readSdl());
/** Parses a document the schema accepts (a typo in a field name would make a case pass for the wrong reason). */
function parse(query: string) {
  const document = parseOnly(query);
  expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  return document;
}
const compiled = (query: string, operationName?: string) => runsCompiled(schema, parse(query), operationName);

describe('which operations run compiled', () => {
  it('compiles queries whose BigInt arguments come as variables or are absent', () => {
    expect(compiled(`query($id: String!) { blob(objectId: $id) { objectId size } }`)).toBe(true);
    expect(compiled(`query($c: BigInt) { events(filter: { checkpointLte: $c }) { nodes { name } } }`)).toBe(true);
    // Literals of other types are plain JSON: an Int, a String, an enum.
    expect(
      compiled(
        `{ epoch(number: 3) { epoch } blobs(filter: { status: [CERTIFIED] }, first: 5) { nodes { objectId } } }`,
      ),
    ).toBe(true);
  });

  it('leaves documents with a BigInt literal to graphql-js, at any depth of an input value', () => {
    const nested = parse(`{ events(filter: { checkpointLte: "12" }) { nodes { name } } }`);
    expect(hasBigIntLiteral(schema, nested)).toBe(true);
    expect(runsCompiled(schema, nested, undefined)).toBe(false);
    expect(compiled(`{ blobs(filter: { sizeGte: 10 }) { nodes { objectId } } }`)).toBe(false);
    // A string literal given to a String argument next to it is not one.
    expect(hasBigIntLiteral(schema, parse(`{ blobsByBlobId(blobId: "12") { objectId } }`))).toBe(false);
  });

  it('leaves subscriptions to graphql-js, choosing by the named operation', () => {
    const both = `query Q { currentEpoch { epoch } } subscription S { checkpointIndexed { checkpoint } }`;
    expect(compiled(both, 'Q')).toBe(true);
    expect(compiled(both, 'S')).toBe(false);
    expect(compiled(`subscription { epochChanged { epoch } }`)).toBe(false);
  });
});
