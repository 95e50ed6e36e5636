// Writes a folded walrus batch inside the caller's transaction. Each table's rows go in with `upsertRows` (one
// statement for a few rows, a COPY stage for many); the few small patch statements pass their rows as JSON (`jsonb_to_recordset`). A batch
// of any size is a handful of round trips on both Postgres and PGlite, and re-applying the same batch leaves the
// tables unchanged (idempotent replay).
import type { CopyValue } from '../db/copy-text.ts';
import { jsonText } from '../db/copy-text.ts';
import type { SqlExecutor } from '../db/database.ts';
import { upsertRows } from '../db/tables.ts';
import type { CommitteeEntry } from '../db/walrus-schema.ts';
import type { EpochPatch, StakingPatch, SystemPatch } from './changes.ts';
import type { FoldedBatch } from './fold.ts';
import type { WalrusContext } from './handlers.ts';
import { emptyWalrusContext } from './handlers.ts';

/** The part of the runner's transaction the committer uses. */
export type Queryable = Pick<SqlExecutor, 'query' | 'copyRows'>;

function json(rows: readonly object[]): string {
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** snake_case of a camelCase key. */
function column(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

interface ColumnSpec {
  /** camelCase key in the row objects. */
  key: string;
  sqlType: string;
}

/** A row object's value in COPY text form for a column of `sqlType`. */
function copyValue(value: unknown, sqlType: string): CopyValue {
  if (value === null || value === undefined) return null;
  if (sqlType === 'jsonb') return jsonText(value);
  if (sqlType === 'integer[]') {
    if (!Array.isArray(value)) throw new Error(`expected an array for an integer[] column, got ${typeof value}`);
    return `{${value.map((v) => String(v)).join(',')}}`;
  }
  if (typeof value === 'object') throw new Error(`unexpected ${JSON.stringify(value)} for a ${sqlType} column`);
  return value as CopyValue;
}

async function upsert(
  db: Queryable,
  table: string,
  columns: readonly ColumnSpec[],
  conflict: readonly string[],
  keepOnConflict: readonly string[],
  rows: readonly object[],
  /** A column that must not go backwards: an older row never overwrites a newer one (replays are harmless). */
  monotonic?: string,
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => column(c.key));
  const conflictNames = conflict.map(column);
  const keep = new Set([...conflictNames, ...keepOnConflict.map(column)]);
  const updates = names.filter((n) => !keep.has(n)).map((n) => `${n} = excluded.${n}`);
  const guard = monotonic === undefined ? '' : ` WHERE ${table}.${column(monotonic)} <= excluded.${column(monotonic)}`;
  const action = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}${guard}`;
  await upsertRows(
    db,
    table,
    names,
    rows.map((row) => columns.map((c) => copyValue((row as Record<string, unknown>)[c.key], c.sqlType))),
    `ON CONFLICT (${conflictNames.join(', ')}) ${action}`,
  );
}

const BLOB_COLUMNS: ColumnSpec[] = [
  { key: 'objectId', sqlType: 'text' },
  { key: 'blobId', sqlType: 'text' },
  { key: 'ownerKind', sqlType: 'text' },
  { key: 'owner', sqlType: 'text' },
  { key: 'size', sqlType: 'bigint' },
  { key: 'encodingType', sqlType: 'smallint' },
  { key: 'encodedSize', sqlType: 'bigint' },
  { key: 'deletable', sqlType: 'boolean' },
  { key: 'registeredEpoch', sqlType: 'integer' },
  { key: 'certifiedEpoch', sqlType: 'integer' },
  { key: 'storageId', sqlType: 'text' },
  { key: 'startEpoch', sqlType: 'integer' },
  { key: 'endEpoch', sqlType: 'integer' },
  { key: 'storageSize', sqlType: 'numeric' },
  { key: 'status', sqlType: 'text' },
  { key: 'createdCheckpoint', sqlType: 'bigint' },
  { key: 'createdTxDigest', sqlType: 'text' },
  { key: 'createdTimestampMs', sqlType: 'bigint' },
  { key: 'updatedCheckpoint', sqlType: 'bigint' },
  { key: 'updatedTxDigest', sqlType: 'text' },
];
const CREATED = ['createdCheckpoint', 'createdTxDigest', 'createdTimestampMs'];
const BLOB_WITH_ATTRIBUTES_COLUMNS: ColumnSpec[] = [...BLOB_COLUMNS, { key: 'attributes', sqlType: 'jsonb' }];

const STAKED_WAL_COLUMNS: ColumnSpec[] = [
  { key: 'objectId', sqlType: 'text' },
  { key: 'ownerKind', sqlType: 'text' },
  { key: 'owner', sqlType: 'text' },
  { key: 'nodeId', sqlType: 'text' },
  { key: 'principal', sqlType: 'bigint' },
  { key: 'state', sqlType: 'text' },
  { key: 'activationEpoch', sqlType: 'integer' },
  { key: 'withdrawEpoch', sqlType: 'integer' },
  { key: 'createdCheckpoint', sqlType: 'bigint' },
  { key: 'createdTxDigest', sqlType: 'text' },
  { key: 'updatedCheckpoint', sqlType: 'bigint' },
  { key: 'updatedTxDigest', sqlType: 'text' },
];

const STORAGE_NODE_COLUMNS: ColumnSpec[] = [
  { key: 'nodeId', sqlType: 'text' },
  { key: 'state', sqlType: 'text' },
  { key: 'withdrawingEpoch', sqlType: 'integer' },
  { key: 'name', sqlType: 'text' },
  { key: 'networkAddress', sqlType: 'text' },
  { key: 'publicKey', sqlType: 'text' },
  { key: 'nextEpochPublicKey', sqlType: 'text' },
  { key: 'networkPublicKey', sqlType: 'text' },
  { key: 'metadataFieldId', sqlType: 'text' },
  { key: 'storagePriceVote', sqlType: 'numeric' },
  { key: 'writePriceVote', sqlType: 'numeric' },
  { key: 'nodeCapacityVote', sqlType: 'numeric' },
  { key: 'commissionRate', sqlType: 'integer' },
  { key: 'pendingCommissionRates', sqlType: 'jsonb' },
  { key: 'commission', sqlType: 'bigint' },
  { key: 'commissionReceiverKind', sqlType: 'text' },
  { key: 'commissionReceiver', sqlType: 'text' },
  { key: 'governanceAuthorizedKind', sqlType: 'text' },
  { key: 'governanceAuthorized', sqlType: 'text' },
  { key: 'activationEpoch', sqlType: 'integer' },
  { key: 'latestEpoch', sqlType: 'integer' },
  { key: 'walBalance', sqlType: 'bigint' },
  { key: 'numShares', sqlType: 'bigint' },
  { key: 'rewardsPool', sqlType: 'bigint' },
  { key: 'pendingStake', sqlType: 'jsonb' },
  { key: 'pendingSharesWithdraw', sqlType: 'jsonb' },
  { key: 'preActiveWithdrawals', sqlType: 'jsonb' },
  { key: 'exchangeRatesId', sqlType: 'text' },
  { key: 'createdCheckpoint', sqlType: 'bigint' },
  { key: 'updatedCheckpoint', sqlType: 'bigint' },
  { key: 'updatedTxDigest', sqlType: 'text' },
];

const EPOCH_COLUMNS: ColumnSpec[] = [
  { key: 'epoch', sqlType: 'integer' },
  { key: 'state', sqlType: 'text' },
  { key: 'changeStartedTimestampMs', sqlType: 'bigint' },
  { key: 'changeStartedCheckpoint', sqlType: 'bigint' },
  { key: 'changeDoneTimestampMs', sqlType: 'bigint' },
  { key: 'nextParamsSelectedTimestampMs', sqlType: 'bigint' },
  { key: 'syncWeight', sqlType: 'integer' },
  { key: 'totalCapacitySize', sqlType: 'numeric' },
  { key: 'usedCapacitySize', sqlType: 'numeric' },
  { key: 'storagePricePerUnitSize', sqlType: 'numeric' },
  { key: 'writePricePerUnitSize', sqlType: 'numeric' },
  { key: 'nShards', sqlType: 'integer' },
];

const SYSTEM_COLUMNS: ColumnSpec[] = [
  { key: 'objectId', sqlType: 'text' },
  { key: 'version', sqlType: 'bigint' },
  { key: 'packageId', sqlType: 'text' },
  { key: 'newPackageId', sqlType: 'text' },
  { key: 'epoch', sqlType: 'integer' },
  { key: 'nShards', sqlType: 'integer' },
  { key: 'totalCapacitySize', sqlType: 'numeric' },
  { key: 'usedCapacitySize', sqlType: 'numeric' },
  { key: 'storagePricePerUnitSize', sqlType: 'numeric' },
  { key: 'writePricePerUnitSize', sqlType: 'numeric' },
  { key: 'maxEpochsAhead', sqlType: 'integer' },
  { key: 'futureAccounting', sqlType: 'jsonb' },
  { key: 'updatedCheckpoint', sqlType: 'bigint' },
];

const STAKING_COLUMNS: ColumnSpec[] = [
  { key: 'objectId', sqlType: 'text' },
  { key: 'version', sqlType: 'bigint' },
  { key: 'packageId', sqlType: 'text' },
  { key: 'newPackageId', sqlType: 'text' },
  { key: 'nShards', sqlType: 'integer' },
  { key: 'epochDurationMs', sqlType: 'bigint' },
  { key: 'firstEpochStartMs', sqlType: 'bigint' },
  { key: 'epoch', sqlType: 'integer' },
  { key: 'epochState', sqlType: 'text' },
  { key: 'epochStateValue', sqlType: 'bigint' },
  { key: 'nextCommittee', sqlType: 'jsonb' },
  { key: 'nextEpochCapacity', sqlType: 'numeric' },
  { key: 'updatedCheckpoint', sqlType: 'bigint' },
];

/** Reads rows by key as camelCase objects (values as text, which is how they go back into JSON). */
async function readRows(
  db: Queryable,
  table: string,
  keyColumn: string,
  keyType: string,
  columns: readonly ColumnSpec[],
  keys: readonly (string | number)[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (keys.length === 0) return out;
  const select = columns.map((c) =>
    c.sqlType === 'jsonb' ? column(c.key) : `${column(c.key)}::text AS ${column(c.key)}`,
  );
  const result = await db.query<Record<string, unknown>>(
    `SELECT ${select.join(', ')} FROM ${table} WHERE ${keyColumn} = ANY($1::${keyType}[])`,
    [keys.map(String)],
  );
  for (const row of result.rows) {
    const camel: Record<string, unknown> = {};
    for (const c of columns) camel[c.key] = row[column(c.key)];
    out.set(String(camel[columns[0]!.key]), camel);
  }
  return out;
}

/** Merges patches into the stored rows (a patch's present keys win, null included) and writes them back. */
async function mergeAndWrite(
  db: Queryable,
  table: string,
  columns: readonly ColumnSpec[],
  keyType: string,
  patches: Map<string | number, Record<string, unknown>>,
): Promise<void> {
  if (patches.size === 0) return;
  const keyColumn = column(columns[0]!.key);
  const stored = await readRows(db, table, keyColumn, keyType, columns, [...patches.keys()]);
  const rows = [...patches].map(([key, patch]) => {
    const merged: Record<string, unknown> = { ...stored.get(String(key)) };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) merged[k] = v;
    merged[columns[0]!.key] = key;
    return merged;
  });
  const monotonic = columns.some((c) => c.key === 'updatedCheckpoint') ? 'updatedCheckpoint' : undefined;
  await upsert(db, table, columns, [columns[0]!.key], [], rows, monotonic);
}

/** Writes `batch` using `db`, which must be inside the transaction that also advances the watermark. */
export async function commitWalrusBatch(db: Queryable, batch: FoldedBatch): Promise<void> {
  // Singletons and epochs: read, merge, write (patches may set columns back to null).
  const system = new Map<string, Record<string, unknown>>();
  for (const [id, { patch, checkpoint }] of batch.system)
    system.set(id, { ...(patch as SystemPatch), updatedCheckpoint: checkpoint });
  await mergeAndWrite(db, 'system_state', SYSTEM_COLUMNS, 'text', system);
  const staking = new Map<string, Record<string, unknown>>();
  for (const [id, { patch, checkpoint }] of batch.staking)
    staking.set(id, { ...(patch as StakingPatch), updatedCheckpoint: checkpoint });
  await mergeAndWrite(db, 'staking_state', STAKING_COLUMNS, 'text', staking);
  await mergeAndWrite(
    db,
    'epochs',
    EPOCH_COLUMNS,
    'integer',
    batch.epochs as Map<number, EpochPatch & Record<string, unknown>>,
  );

  await upsert(
    db,
    'committee_members',
    [
      { key: 'epoch', sqlType: 'integer' },
      { key: 'nodeId', sqlType: 'text' },
      { key: 'shardIndices', sqlType: 'integer[]' },
      { key: 'weight', sqlType: 'integer' },
    ],
    ['epoch', 'nodeId'],
    [],
    [...batch.committees.values()].map(({ epoch, member }: { epoch: number; member: CommitteeEntry }) => ({
      epoch,
      nodeId: member.nodeId,
      shardIndices: member.shards,
      weight: member.shards.length,
    })),
  );

  await upsert(
    db,
    'storage_nodes',
    STORAGE_NODE_COLUMNS,
    ['nodeId'],
    ['createdCheckpoint'],
    [...batch.storageNodes.values()],
    'updatedCheckpoint',
  );
  if (batch.nodeMetadata.size > 0) {
    await db.query(
      `UPDATE storage_nodes n SET image_url = r.image_url, project_url = r.project_url, description = r.description, extra_fields = r.extra_fields
       FROM jsonb_to_recordset($1::jsonb) AS r(node_id text, image_url text, project_url text, description text, extra_fields jsonb)
       WHERE n.node_id = r.node_id`,
      [
        json(
          [...batch.nodeMetadata].map(([nodeId, m]) => ({
            node_id: nodeId,
            image_url: m?.imageUrl ?? null,
            project_url: m?.projectUrl ?? null,
            description: m?.description ?? null,
            extra_fields: m?.extraFields ?? null,
          })),
        ),
      ],
    );
  }
  await upsert(
    db,
    'pool_exchange_rates',
    [
      { key: 'nodeId', sqlType: 'text' },
      { key: 'epoch', sqlType: 'integer' },
      { key: 'walAmount', sqlType: 'numeric' },
      { key: 'shareAmount', sqlType: 'numeric' },
    ],
    ['nodeId', 'epoch'],
    [],
    [...batch.exchangeRates.values()],
  );

  // Blobs: full rows, then patches of rows the batch has no contents for, then attributes.
  const blobRows = [];
  const blobPatches = [];
  for (const [objectId, folded] of batch.blobs) {
    if (folded.row !== undefined) blobRows.push(folded.row);
    else {
      const { patch, origin } = folded.patch;
      blobPatches.push({
        object_id: objectId,
        status: patch.status ?? null,
        certified_epoch: patch.certifiedEpoch ?? null,
        end_epoch: patch.endEpoch ?? null,
        owner_kind: patch.holder?.ownerKind ?? null,
        owner: patch.holder?.owner ?? null,
        updated_checkpoint: origin.checkpoint,
        updated_tx_digest: origin.txDigest,
      });
    }
  }
  // Attributes of a blob whose full row is in the batch ride along with the row, so the row is written once.
  const rowsWithAttributes = [];
  const rowsWithoutAttributes = [];
  const laterAttributes = new Map(batch.blobAttributes);
  for (const row of blobRows) {
    const attributes = laterAttributes.get(row.objectId);
    if (attributes === undefined) rowsWithoutAttributes.push(row);
    else {
      rowsWithAttributes.push({ ...row, attributes: attributes.attributes });
      laterAttributes.delete(row.objectId);
    }
  }
  await upsert(db, 'blobs', BLOB_COLUMNS, ['objectId'], CREATED, rowsWithoutAttributes, 'updatedCheckpoint');
  await upsert(
    db,
    'blobs',
    BLOB_WITH_ATTRIBUTES_COLUMNS,
    ['objectId'],
    CREATED,
    rowsWithAttributes,
    'updatedCheckpoint',
  );
  if (blobPatches.length > 0) {
    await db.query(
      `UPDATE blobs b SET status = coalesce(r.status, b.status), certified_epoch = coalesce(r.certified_epoch, b.certified_epoch),
         end_epoch = coalesce(r.end_epoch, b.end_epoch), owner_kind = coalesce(r.owner_kind, b.owner_kind),
         owner = CASE WHEN r.owner_kind IS NULL THEN b.owner ELSE r.owner END,
         updated_checkpoint = r.updated_checkpoint, updated_tx_digest = r.updated_tx_digest
       FROM jsonb_to_recordset($1::jsonb) AS r(object_id text, status text, certified_epoch integer, end_epoch integer,
         owner_kind text, owner text, updated_checkpoint bigint, updated_tx_digest text)
       WHERE b.object_id = r.object_id AND b.updated_checkpoint <= r.updated_checkpoint`,
      [json(blobPatches)],
    );
  }
  if (laterAttributes.size > 0) {
    await db.query(
      `UPDATE blobs b SET attributes = r.attributes FROM jsonb_to_recordset($1::jsonb) AS r(object_id text, attributes jsonb)
       WHERE b.object_id = r.object_id`,
      [json([...laterAttributes].map(([objectId, a]) => ({ object_id: objectId, attributes: a.attributes })))],
    );
  }
  await upsert(
    db,
    'invalid_blob_ids',
    [
      { key: 'blobId', sqlType: 'text' },
      { key: 'epoch', sqlType: 'integer' },
      { key: 'checkpoint', sqlType: 'bigint' },
      { key: 'txDigest', sqlType: 'text' },
      { key: 'timestampMs', sqlType: 'bigint' },
    ],
    ['blobId'],
    [],
    [...batch.invalidBlobIds.values()].map((c) => c.row),
  );

  // Staked positions.
  const stakedRows = [];
  const stakedPatches = [];
  for (const [objectId, folded] of batch.stakedWals) {
    if (folded.row !== undefined) stakedRows.push(folded.row);
    else {
      const { patch, origin } = folded.patch;
      stakedPatches.push({
        object_id: objectId,
        state: patch.state ?? null,
        owner_kind: patch.holder?.ownerKind ?? null,
        owner: patch.holder?.owner ?? null,
        updated_checkpoint: origin.checkpoint,
        updated_tx_digest: origin.txDigest,
      });
    }
  }
  await upsert(
    db,
    'staked_wals',
    STAKED_WAL_COLUMNS,
    ['objectId'],
    ['createdCheckpoint', 'createdTxDigest'],
    stakedRows,
    'updatedCheckpoint',
  );
  if (stakedPatches.length > 0) {
    await db.query(
      `UPDATE staked_wals s SET state = coalesce(r.state, s.state), owner_kind = coalesce(r.owner_kind, s.owner_kind),
         owner = CASE WHEN r.owner_kind IS NULL THEN s.owner ELSE r.owner END,
         updated_checkpoint = r.updated_checkpoint, updated_tx_digest = r.updated_tx_digest
       FROM jsonb_to_recordset($1::jsonb) AS r(object_id text, state text, owner_kind text, owner text,
         updated_checkpoint bigint, updated_tx_digest text)
       WHERE s.object_id = r.object_id AND s.updated_checkpoint <= r.updated_checkpoint`,
      [json(stakedPatches)],
    );
  }
}

/**
 * The handlers' context as the database last committed it: n_shards, and which pool owns which
 * exchange-rate table and metadata field. Called when a pipeline starts (or restarts after a failed commit).
 */
export async function loadWalrusContext(db: Queryable): Promise<WalrusContext> {
  const ctx = emptyWalrusContext();
  const staking = await db.query<{ n_shards: number | null }>(
    'SELECT n_shards FROM staking_state ORDER BY updated_checkpoint DESC LIMIT 1',
  );
  const system = await db.query<{ n_shards: number | null }>(
    'SELECT n_shards FROM system_state ORDER BY updated_checkpoint DESC LIMIT 1',
  );
  ctx.nShards = staking.rows[0]?.n_shards ?? system.rows[0]?.n_shards ?? null;
  const nodes = await db.query<{ node_id: string; exchange_rates_id: string; metadata_field_id: string }>(
    'SELECT node_id, exchange_rates_id, metadata_field_id FROM storage_nodes',
  );
  for (const n of nodes.rows) {
    ctx.nodeByExchangeRatesId.set(n.exchange_rates_id, n.node_id);
    ctx.nodeByMetadataFieldId.set(n.metadata_field_id, n.node_id);
  }
  return ctx;
}
