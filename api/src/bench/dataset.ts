// The benchmark's dataset, generated inside Postgres with generate_series: 1M blobs, 100 nodes, 100k staked
// positions, 100 epochs of committees and exchange rates, 300k events, 1,000 invalid blob ids. Secondary indexes
// are dropped during the load and rebuilt after it, as a backfill would; a VACUUM ANALYZE then leaves the tables
// as autovacuum would (statistics, visibility map for index-only scans).
import { createHash } from 'node:crypto';
import type pg from 'pg';

export interface DatasetSize {
  blobs: number;
  owners: number;
  nodes: number;
  epochs: number;
  stakedWals: number;
  stakers: number;
  events: number;
}

export const DEFAULT_SIZE: DatasetSize = {
  blobs: 1_000_000,
  owners: 10_000,
  nodes: 100,
  epochs: 100,
  stakedWals: 100_000,
  stakers: 20_000,
  events: 300_000,
};

/** `0x` + a two-hex-digit kind tag + the number in 62 hex digits: distinct id spaces per object kind. */
export const idSql = (tag: string, n: string) => `'0x${tag}' || lpad(to_hex(${n}), 62, '0')`;
export const idOf = (tag: string, n: number) => `0x${tag}${n.toString(16).padStart(62, '0')}`;

export const PACKAGE_ID = idOf('ee', 1);
const GENESIS_MS = 1_700_000_000_000;
const EPOCH_MS = 86_400_000;

const TABLES = [
  'blobs',
  'storage_nodes',
  'committee_members',
  'pool_exchange_rates',
  'staked_wals',
  'events',
  'epochs',
  'invalid_blob_ids',
];

/**
 * A transaction digest of checkpoint `n`: 32 characters of the base58 alphabet (md5 hex with `0`, which base58
 * lacks, replaced), so the API's digest check accepts it in a `transaction` filter.
 */
export const digestSql = (n: string) => `translate(md5('tx' || ${n}), '0', 'z')`;

/** Loads the dataset into the (migrated, empty) schema the pool's search_path points at. */
export async function loadDataset(pool: pg.Pool, size: DatasetSize, log: (line: string) => void): Promise<void> {
  const { rows: indexes } = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = indexname)`,
    [TABLES],
  );
  for (const index of indexes) await pool.query(`DROP INDEX "${index.indexname}"`);
  const current = size.epochs;
  const step = async (label: string, statement: string) => {
    const started = Date.now();
    await pool.query(statement);
    log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };

  await step(
    `${size.nodes} storage nodes`,
    `INSERT INTO storage_nodes (node_id, state, name, network_address, public_key, network_public_key,
       metadata_field_id, image_url, description, extra_fields, storage_price_vote, write_price_vote,
       node_capacity_vote, commission_rate, pending_commission_rates, commission, commission_receiver_kind,
       commission_receiver, governance_authorized_kind, governance_authorized, activation_epoch, latest_epoch,
       wal_balance, num_shares, rewards_pool, pending_stake, pending_shares_withdraw, pre_active_withdrawals,
       exchange_rates_id, created_checkpoint, updated_checkpoint, updated_tx_digest)
     SELECT ${idSql('b0', 'n')}, 'active', 'node-' || n, 'node' || n || '.example:9185', '0x' || repeat('ab', 96),
       '0x02' || repeat('cd', 32), ${idSql('b1', 'n')}, 'https://node' || n || '.example/logo.png', 'node ' || n,
       '{}'::jsonb, 100000, 20000, 1099511627776, (n * 37) % 2000, '[]'::jsonb, n * 1000000, 'address',
       ${idSql('b0', 'n')}, 'address', ${idSql('b0', 'n')}, 0, ${current},
       (1000 + (n * 7919) % 5000)::bigint * 1000000000, (1000 + (n * 7919) % 5000)::bigint * 900000000,
       50000000000, '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, ${idSql('b2', 'n')}, 1, 1, 'tx-node-' || n
     FROM generate_series(1, ${size.nodes}) n`,
  );
  await step(
    `${size.epochs + 1} epochs`,
    `INSERT INTO epochs (epoch, state, change_started_timestamp_ms, change_started_checkpoint, change_done_timestamp_ms,
       total_capacity_size, used_capacity_size, storage_price_per_unit_size, write_price_per_unit_size, n_shards)
     SELECT e, CASE WHEN e = ${current} THEN 'epoch_change_done' ELSE 'next_params_selected' END,
       ${GENESIS_MS} + e::bigint * ${EPOCH_MS}, e::bigint * 10000, ${GENESIS_MS} + e::bigint * ${EPOCH_MS} + 60000,
       1125899906842624, e::bigint * 1073741824, 100000, 20000, 1000
     FROM generate_series(0, ${current}) e`,
  );
  const shardsPerNode = Math.floor(1000 / size.nodes);
  await step(
    `committees of ${size.nodes} nodes for ${size.epochs} epochs`,
    `INSERT INTO committee_members (epoch, node_id, shard_indices, weight)
     SELECT e, ${idSql('b0', 'n')}, ARRAY(SELECT generate_series((n - 1) * ${shardsPerNode}, n * ${shardsPerNode} - 1)), ${shardsPerNode}
     FROM generate_series(1, ${current}) e, generate_series(1, ${size.nodes}) n`,
  );
  await step(
    `exchange rates`,
    `INSERT INTO pool_exchange_rates (node_id, epoch, wal_amount, share_amount)
     SELECT ${idSql('b0', 'n')}, e, 1000000000000 + e::bigint * n * 10000000, 1000000000000
     FROM generate_series(1, ${current}) e, generate_series(1, ${size.nodes}) n`,
  );
  await step(
    `${size.blobs} blobs`,
    `INSERT INTO blobs (object_id, blob_id, owner_kind, owner, size, encoding_type, encoded_size, deletable,
       registered_epoch, certified_epoch, storage_id, start_epoch, end_epoch, storage_size, status, attributes,
       created_checkpoint, created_tx_digest, created_timestamp_ms, updated_checkpoint, updated_tx_digest)
     SELECT ${idSql('0b', 'i')},
       rtrim(translate(encode(sha256(int8send(i)), 'base64'), '+/', '-_'), '='),
       'address', ${idSql('aa', `i % ${size.owners}`)}, s, 1, s * 5 + 64032, i % 2 = 0, r,
       CASE WHEN i % 10 = 0 THEN NULL ELSE r END, ${idSql('05', 'i')}, r, r + 1 + i % 53, s * 5 + 64032,
       CASE WHEN i % 10 = 0 THEN 'registered' ELSE 'certified' END,
       CASE WHEN i % 10 = 3 THEN jsonb_build_object('content-type', 'image/png', 'name', 'file-' || i) END,
       i, 'tx-' || i, ${GENESIS_MS}::bigint + i::bigint * 250, i, 'tx-' || i
     FROM (SELECT i, (i::bigint * 7919) % 10000000 + 1 AS s, (i::bigint * ${current} / ${size.blobs})::int AS r
           FROM generate_series(1, ${size.blobs}) i) g`,
  );
  await step(
    `${size.stakedWals} staked positions`,
    `INSERT INTO staked_wals (object_id, owner_kind, owner, node_id, principal, state, activation_epoch, withdraw_epoch,
       created_checkpoint, created_tx_digest, updated_checkpoint, updated_tx_digest)
     SELECT ${idSql('5e', 'i')}, 'address', ${idSql('cc', `i % ${size.stakers}`)}, ${idSql('b0', `1 + i % ${size.nodes}`)},
       (1 + i % 1000)::bigint * 1000000000, CASE WHEN i % 10 = 0 THEN 'withdrawing' ELSE 'staked' END,
       1 + i % ${current}, CASE WHEN i % 10 = 0 THEN ${current + 1} END, i, 'tx-stake-' || i, i, 'tx-stake-' || i
     FROM generate_series(1, ${size.stakedWals}) i`,
  );
  await step(
    `${size.events} events`,
    `INSERT INTO events (tx_digest, event_index, checkpoint, tx_index, timestamp_ms, sender, event_type, type_name, bcs, json)
     SELECT ${digestSql('i')}, 0, i, 0, ${GENESIS_MS}::bigint + i::bigint * 250, ${idSql('aa', `i % ${size.owners}`)},
       '${PACKAGE_ID}::events::' || t, '${PACKAGE_ID}::events::' || t, '\\x00'::bytea,
       jsonb_build_object('epoch', 1, 'object_id', ${idSql('0b', 'i')})
     FROM (SELECT i, CASE WHEN i % 3 = 0 THEN 'BlobCertified' ELSE 'BlobRegistered' END AS t
           FROM generate_series(1, ${size.events}) i) g`,
  );
  await step(
    '1000 invalid blob ids',
    `INSERT INTO invalid_blob_ids (blob_id, epoch, checkpoint, tx_digest, timestamp_ms)
     SELECT rtrim(translate(encode(sha256(int8send(-i)), 'base64'), '+/', '-_'), '='), 1 + i % ${current}, i,
       ${digestSql('i')}, ${GENESIS_MS}::bigint + i::bigint * 250
     FROM generate_series(1, 1000) i`,
  );
  await step(
    'system, staking and watermarks',
    `INSERT INTO system_state (object_id, version, package_id, epoch, n_shards, total_capacity_size, used_capacity_size,
       storage_price_per_unit_size, write_price_per_unit_size, max_epochs_ahead, future_accounting, updated_checkpoint)
       VALUES ('${idOf('5a', 1)}', 2, '${PACKAGE_ID}', ${current}, 1000, 1125899906842624, 107374182400, 100000, 20000,
       53, '[]'::jsonb, ${size.blobs});
     INSERT INTO staking_state (object_id, version, package_id, n_shards, epoch_duration_ms, first_epoch_start_ms,
       epoch, epoch_state, epoch_state_value, updated_checkpoint)
       VALUES ('${idOf('57', 1)}', 2, '${PACKAGE_ID}', 1000, ${EPOCH_MS}, ${GENESIS_MS}, ${current},
       'epoch_change_done', ${GENESIS_MS + current * EPOCH_MS}, ${size.blobs});
     INSERT INTO pipeline_watermarks (pipeline, checkpoint, checkpoint_timestamp_ms)
       VALUES ('events', ${size.blobs}, ${GENESIS_MS + size.blobs * 250}), ('walrus', ${size.blobs}, ${GENESIS_MS + size.blobs * 250})`,
  );
  const started = Date.now();
  for (const index of indexes) await pool.query(index.indexdef);
  log(`  rebuilt ${indexes.length} secondary indexes (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const vacuumed = Date.now();
  for (const table of TABLES) await pool.query(`VACUUM (ANALYZE) "${table}"`);
  log(`  vacuumed and analyzed (${((Date.now() - vacuumed) / 1000).toFixed(1)} s)`);
}

/** The blob id the dataset gives blob `i` (what `rtrim(translate(encode(sha256(int8send(i)), ...)))` computes). */
export function blobIdOf(i: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(i));
  return createHash('sha256').update(bytes).digest('base64url');
}

/** The transaction digest {@link digestSql} gives checkpoint `n`. */
export function digestOf(n: number): string {
  return createHash('md5').update(`tx${n}`).digest('hex').replaceAll('0', 'z');
}
