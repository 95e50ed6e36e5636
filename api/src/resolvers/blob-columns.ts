// The blob row columns a page of blobs reads: only what its selected Blob fields use, so a page of 50 does not
// transfer and decode every digest, attribute map and provenance column of each row.
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { ObjectFields } from '../generated/resolver-types.ts';
import type { BlobRow } from '../schema/parents.ts';
import { blobs } from '../tables.ts';
import { connectionItemFields, fieldsIn } from '../schema/lookahead.ts';
import { BLOB_ORDERING_KEY_COLUMNS } from './blob-filter.ts';

/** A column of a blob row (its TypeScript key). */
export type BlobColumn = keyof BlobRow;

const BLOB_COLUMNS = getTableColumns(blobs) as Record<BlobColumn, PgColumn>;

/**
 * The row columns each Blob field reads (its resolver in resolvers/blobs.ts, or the default one), besides
 * `objectId`, always read. Exhaustive over the schema's fields (the compiler checks it against the generated field
 * table), so a new field cannot be left without its columns.
 */
const FIELD_COLUMNS: { [Field in keyof ObjectFields['Blob']]: readonly BlobColumn[] } = {
  objectId: [],
  blobId: ['blobId'],
  owner: ['ownerKind', 'owner'],
  size: ['size'],
  encodingType: ['encodingType'],
  encodedSize: ['encodedSize'],
  deletable: ['deletable'],
  registeredEpoch: ['registeredEpoch'],
  certifiedEpoch: ['certifiedEpoch'],
  certified: ['certifiedEpoch'],
  status: ['status', 'endEpoch'],
  storage: ['storageId', 'startEpoch', 'endEpoch', 'storageSize'],
  attributes: ['attributes'],
  attribute: ['attributes'],
  expiresAt: ['endEpoch'],
  events: [],
  blobIdStatus: ['blobId'],
  createdAt: ['createdCheckpoint', 'createdTxDigest'],
  createdTimestamp: ['createdTimestampMs'],
  updatedAt: ['updatedCheckpoint', 'updatedTxDigest'],
};

const ALL_COLUMNS = Object.keys(BLOB_COLUMNS) as BlobColumn[];

/** The columns every ordering's cursor reads (small integers, read whatever the order), as row keys. */
const ORDERING_COLUMNS = ALL_COLUMNS.filter((c) => BLOB_ORDERING_KEY_COLUMNS.includes(BLOB_COLUMNS[c]));

// yoga caches parsed documents, so the selection of a page is worked out once per document.
const selections = new WeakMap<FieldNode, Record<string, PgColumn>>();

/**
 * What a `blobs` connection field reads of each row, from its selection (`nodes { ... }` and `edges { node { ... } }`,
 * fragments included): `objectId`, the ordering keys and the columns of the selected fields, in table order. Such a
 * row is typed as a whole row but holds only those properties: it goes only to the fields it was read for, never into
 * a loader of whole rows.
 */
export function blobPageSelection(info: GraphQLResolveInfo): Record<string, PgColumn> {
  const key = info.fieldNodes[0]!;
  const cached = selections.get(key);
  if (cached) return cached;
  const blobFields = fieldsIn(
    connectionItemFields(info).map((f) => f.selectionSet),
    info,
  );
  const wanted = new Set<BlobColumn>(['objectId', ...ORDERING_COLUMNS]);
  for (const field of blobFields) {
    for (const column of FIELD_COLUMNS[field.name.value as keyof typeof FIELD_COLUMNS] ?? []) wanted.add(column);
  }
  const selection: Record<string, PgColumn> = {};
  for (const column of ALL_COLUMNS) if (wanted.has(column)) selection[column] = BLOB_COLUMNS[column];
  selections.set(key, selection);
  return selection;
}
