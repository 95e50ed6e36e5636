// Bytes produced by the Move side, decoded by the generated TypeScript types. Every case below is a value built in
// Move (with the packages' own constructors, state transitions and `emit_*` functions; events are read back with
// `event::events_by_type`), whose `bcs::to_bytes` a Move unit test compares with the generated type's encoding of
// the expected value; the TypeScript side then decodes those bytes and compares every field. Mechanism:
// ./test-support/move-bytes.ts. Needs the Move framework sources (skipped otherwise).
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveBlobId, ENCODING_TYPE_RS2, encodedBlobLength } from './certificates/blob-id.ts';
import { publicKeyFromSecretKey, signProofOfPossession } from './certificates/certificate.ts';
import { encodeBlobCertMessage } from './certificates/messages.ts';
import { parseDeployment } from './deployment.ts';
import { std, sui, wal, walrus } from './generated/index.ts';
import { resolveFramework } from './move/framework.ts';
import type { TestStatus } from './move/compile.ts';
import { createTypeRegistry } from './registry.ts';
import { DATATYPE_ABIS, withoutEnumKinds } from './test-support/sample-values.ts';
import { createdObjectId, expectedBytes, runMoveChecks, type MoveBytesCase } from './test-support/move-bytes.ts';

const framework = await resolveFramework();
const addr = (hex: string) => normalizeSuiAddress(hex);
const B0B = addr('0xb0b');
const ZERO = addr('0x0');
const C = createdObjectId;

// === Inputs shared by Move and TypeScript ===

const ROOT_HASH = 0x1f2e3d4c5b6a79880123456789abcdef00112233445566778899aabbccddeeffn;
const BLOB_SIZE = 1000n;
const N_SHARDS = 10;
const BLOB_ID = deriveBlobId(ROOT_HASH, ENCODING_TYPE_RS2, BLOB_SIZE);
const ENCODED_SIZE = encodedBlobLength(BLOB_SIZE, N_SHARDS);
const u64Max = ((1n << 64n) - 1n).toString();

/** Two BLS keys (secret keys below the group order). */
const SECRET_KEYS = [Uint8Array.from({ length: 32 }, (_, i) => i + 1), Uint8Array.from({ length: 32 }, () => 0x11)];
const PUBLIC_KEYS = SECRET_KEYS.map(publicKeyFromSecretKey);
const G1 = bls12_381.G1.Point;
const NETWORK_KEY = Uint8Array.from({ length: 33 }, (_, i) => (i === 0 ? 2 : 7));
const POOL_EPOCH = 2;
const moveBytes = (bytes: Uint8Array) => `x"${toHex(bytes)}"`;
/**
 * What the test VM's BLS12-381 group operations return: they are stand-ins that compute nothing (see
 * /work/shared/MOVE-TOOLCHAIN.md), so a key that went through `g1_to_uncompressed_g1` or a sum of keys comes out
 * as zero bytes of the right length. On chain these are the real points (`uncompressedPublicKey`, the G1 sum),
 * which the certificate tests check in TypeScript; here those fields prove the layout, every other field the value.
 */
const STAND_IN_UNCOMPRESSED_G1 = { bytes: Array<number>(96).fill(0) };
const STAND_IN_G1 = { bytes: Array<number>(48).fill(0) };

/**
 * Move helpers the cases share. A blob is registered by `blob::new` from storage covering epochs 2..7 (the
 * storage is object 0, the blob object 1); a pool is created by `staking_pool::new` in epoch 2 after the
 * committee selection, with a real proof of possession for the dummy sender.
 */
const HELPERS = `use sui::event;
use walrus::{blob::Blob, events, staking_pool::StakingPool};

fun id(a: address): ID { object::id_from_address(a) }

fun only_event<T: copy + drop>(): T {
    let events = event::events_by_type<T>();
    assert!(events.length() == 1, 1);
    events[0]
}

fun registered_blob(deletable: bool, ctx: &mut TxContext): Blob {
    let storage = walrus::storage_resource::create_storage(2, 7, ${ENCODED_SIZE}, ctx);
    walrus::blob::new(storage, ${BLOB_ID}u256, ${ROOT_HASH}u256, ${BLOB_SIZE}, ${ENCODING_TYPE_RS2}, deletable, 3, ${N_SHARDS}, ctx)
}

fun certified_message(epoch: u32, bytes: vector<u8>): walrus::messages::CertifiedBlobMessage {
    walrus::messages::certify_blob_message(walrus::messages::new_certified_message(bytes, epoch, 7))
}

fun uncompressed_key(bytes: vector<u8>): sui::group_ops::Element<sui::bls12381::UncompressedG1> {
    sui::bls12381::g1_to_uncompressed_g1(&sui::bls12381::g1_from_bytes(&bytes))
}

fun pool_context(): walrus::walrus_context::WalrusContext {
    walrus::walrus_context::new(${POOL_EPOCH}, true, sui::vec_map::empty())
}

fun new_pool(ctx: &mut TxContext): StakingPool {
    walrus::staking_pool::new(
        b"node-a".to_string(),
        b"node-a.example:9000".to_string(),
        walrus::node_metadata::new(b"https://img".to_string(), b"https://proj".to_string(), b"a node".to_string()),
        ${moveBytes(PUBLIC_KEYS[0]!)},
        ${moveBytes(NETWORK_KEY)},
        ${moveBytes(signProofOfPossession(SECRET_KEYS[0]!, POOL_EPOCH, ZERO))},
        500,
        100000,
        20000,
        1000000000000,
        &pool_context(),
        ctx,
    )
}`;

const storageValue = (id: string, start: number, end: number, size: bigint) => ({
  id: { id },
  start_epoch: start,
  end_epoch: end,
  storage_size: size.toString(),
});
const blobValue = (deletable: boolean, certified: number | null) => ({
  id: { id: C(1) },
  registered_epoch: 3,
  blob_id: BLOB_ID.toString(),
  size: BLOB_SIZE.toString(),
  encoding_type: ENCODING_TYPE_RS2,
  certified_epoch: certified,
  storage: storageValue(C(0), 2, 7, ENCODED_SIZE),
  deletable,
});
const emptyPending = { pos0: { contents: [] } };

// === Framework and small walrus types ===

const SMALL: MoveBytesCase[] = [
  {
    name: 'node_metadata',
    move: 'walrus::node_metadata::new(b"https://img".to_string(), b"https://proj".to_string(), b"a node".to_string())',
    type: walrus.node_metadata.NodeMetadata,
    value: {
      image_url: 'https://img',
      project_url: 'https://proj',
      description: 'a node',
      extra_fields: { contents: [] },
    },
  },
  {
    name: 'metadata',
    move: '{ let mut m = walrus::metadata::new(); m.insert_or_update(b"k".to_string(), b"v".to_string()); m.insert_or_update(b"a".to_string(), b"b".to_string()); m }',
    type: walrus.metadata.Metadata,
    value: {
      metadata: {
        contents: [
          { key: 'k', value: 'v' },
          { key: 'a', value: 'b' },
        ],
      },
    },
  },
  {
    name: 'authorized_object',
    move: 'walrus::auth::authorized_object(id(@0xb0b))',
    type: walrus.auth.Authorized,
    value: { ObjectID: { pos0: B0B } },
  },
  {
    name: 'authenticated_sender',
    move: 'walrus::auth::authenticate_sender(ctx)',
    type: walrus.auth.Authenticated,
    value: { Sender: { pos0: ZERO } },
  },
  {
    name: 'balance_of_wal',
    move: 'sui::balance::create_for_testing<wal::wal::WAL>(5)',
    type: sui.balance.Balance(wal.wal.WAL),
    value: { value: '5' },
  },
  {
    name: 'option_u32',
    move: 'option::some(7u32)',
    type: std.option.Option(bcs.u32()),
    value: 7,
  },
  {
    name: 'vec_set_of_ids',
    move: 'sui::vec_set::singleton(id(@0xb0b))',
    type: sui.vec_set.VecSet(sui.object.ID),
    value: { contents: [B0B] },
  },
  {
    name: 'uq64_64',
    move: 'std::uq64_64::from_int(3)',
    type: std.uq64_64.UQ64_64,
    value: { pos0: (3n << 64n).toString() },
  },
  {
    name: 'pool_exchange_rate',
    move: 'walrus::pool_exchange_rate::new(1500, 1000)',
    type: walrus.pool_exchange_rate.PoolExchangeRate,
    value: { Variable: { wal_amount: '1500', share_amount: '1000' } },
  },
  {
    name: 'pending_values',
    move: '{ let mut p = walrus::pending_values::empty(); p.insert_or_add(3, 10); p.insert_or_add(2, 5); p.insert_or_add(3, 1); p }',
    type: walrus.pending_values.PendingValues,
    value: {
      pos0: {
        contents: [
          { key: 3, value: '11' },
          { key: 2, value: '5' },
        ],
      },
    },
  },
  {
    name: 'committee',
    move: '{ let mut m = sui::vec_map::empty(); m.insert(id(@0xb2), 2u16); m.insert(id(@0xa1), 3u16); m.insert(id(@0xc3), 0u16); walrus::committee::initialize(m) }',
    type: walrus.committee.Committee,
    value: {
      pos0: {
        contents: [
          { key: addr('0xa1'), value: [0, 1, 2] },
          { key: addr('0xb2'), value: [3, 4] },
        ],
      },
    },
  },
];

// === Objects and state ===

const OBJECTS: MoveBytesCase[] = [
  {
    name: 'storage',
    move: 'walrus::storage_resource::create_storage(3, 8, 1048576, ctx)',
    type: walrus.storage_resource.Storage,
    value: storageValue(C(0), 3, 8, 1_048_576n),
  },
  {
    name: 'storage_split_by_epoch',
    move: '{ let mut s = walrus::storage_resource::create_storage(1, 10, 5000, ctx); let tail = s.split_by_epoch(4, ctx); std::unit_test::destroy(s); tail }',
    type: walrus.storage_resource.Storage,
    value: storageValue(C(1), 4, 10, 5000n),
  },
  {
    name: 'epoch_params',
    move: 'walrus::epoch_parameters::new(1099511627776)',
    type: walrus.epoch_parameters.EpochParams,
    value: {
      total_capacity_size: '1099511627776',
      storage_price_per_unit_size: u64Max,
      write_price_per_unit_size: u64Max,
    },
  },
  {
    name: 'blob_registered',
    move: 'registered_blob(true, ctx)',
    type: walrus.blob.Blob,
    value: blobValue(true, null),
  },
  {
    name: 'blob_certified_permanent',
    move: `{ let mut b = registered_blob(false, ctx); b.certify_with_certified_msg(4, certified_message(4, ${moveBytes(encodeBlobCertMessage(4, { blobId: BLOB_ID, persistence: { kind: 'permanent' } }))})); b }`,
    type: walrus.blob.Blob,
    value: blobValue(false, 4),
  },
  {
    name: 'staked_wal',
    move: 'walrus::staked_wal::mint(id(@0xb0b), sui::balance::create_for_testing<wal::wal::WAL>(3000000000), 4, ctx)',
    type: walrus.staked_wal.StakedWal,
    value: {
      id: { id: C(0) },
      state: { Staked: true },
      node_id: B0B,
      principal: { value: '3000000000' },
      activation_epoch: 4,
    },
  },
  {
    name: 'staked_wal_withdrawing_split',
    move: '{ let mut sw = walrus::staked_wal::mint(id(@0xb0b), sui::balance::create_for_testing<wal::wal::WAL>(3000000000), 4, ctx); sw.set_withdrawing(6); let part = sw.split(1000000000, ctx); std::unit_test::destroy(sw); part }',
    type: walrus.staked_wal.StakedWal,
    value: {
      id: { id: C(1) },
      state: { Withdrawing: { withdraw_epoch: 6 } },
      node_id: B0B,
      principal: { value: '1000000000' },
      activation_epoch: 4,
    },
  },
  {
    name: 'staked_wal_from_pool',
    move: '{ let mut pool = new_pool(ctx); let sw = pool.stake(sui::balance::create_for_testing<wal::wal::WAL>(5000000000), &pool_context(), ctx); std::unit_test::destroy(pool); sw }',
    type: walrus.staked_wal.StakedWal,
    value: {
      id: { id: C(4) },
      state: { Staked: true },
      node_id: C(0),
      principal: { value: '5000000000' },
      activation_epoch: POOL_EPOCH + 2,
    },
  },
  {
    name: 'staking_pool',
    move: '{ let mut pool = new_pool(ctx); let sw = pool.stake(sui::balance::create_for_testing<wal::wal::WAL>(5000000000), &pool_context(), ctx); std::unit_test::destroy(sw); pool }',
    type: walrus.staking_pool.StakingPool,
    // Objects in creation order: the pool (its id is the node id), its extra-fields bag, the node's metadata
    // field, the exchange-rate table.
    value: {
      id: { id: C(0) },
      state: { Active: true },
      voting_params: { storage_price: '100000', write_price: '20000', node_capacity: '1000000000000' },
      node_info: {
        name: 'node-a',
        node_id: C(0),
        network_address: 'node-a.example:9000',
        public_key: STAND_IN_UNCOMPRESSED_G1,
        next_epoch_public_key: null,
        network_public_key: [...NETWORK_KEY],
        metadata: { id: { id: C(2) } },
      },
      activation_epoch: POOL_EPOCH + 1,
      latest_epoch: POOL_EPOCH,
      wal_balance: '0',
      num_shares: '0',
      pending_shares_withdraw: emptyPending,
      pre_active_withdrawals: emptyPending,
      pending_commission_rate: emptyPending,
      commission_rate: 500,
      exchange_rates: { id: { id: C(3) }, size: '0' },
      pending_stake: { pos0: { contents: [{ key: POOL_EPOCH + 2, value: '5000000000' }] } },
      rewards_pool: { value: '0' },
      commission: { value: '0' },
      commission_receiver: { Address: { pos0: ZERO } },
      governance_authorized: { Address: { pos0: ZERO } },
      extra_fields: { id: { id: C(1) }, size: '1' },
    },
  },
  {
    name: 'storage_node_cap',
    move: '{ let mut cap = walrus::storage_node::new_cap(id(@0xb0b), ctx); cap.set_last_epoch_sync_done(5); cap.set_last_event_blob_attestation(walrus::event_blob::new_attestation(12345, 5)); cap.set_deny_list_properties(77, 3, 4096); cap }',
    type: walrus.storage_node.StorageNodeCap,
    value: {
      id: { id: C(0) },
      node_id: B0B,
      last_epoch_sync_done: 5,
      last_event_blob_attestation: { checkpoint_sequence_num: '12345', epoch: 5 },
      deny_list_root: '77',
      deny_list_sequence: '3',
      deny_list_size: '4096',
    },
  },
  {
    name: 'bls_committee',
    move: `{
        walrus::bls_aggregate::new_bls_committee(7, vector[
            walrus::bls_aggregate::new_bls_committee_member(uncompressed_key(${moveBytes(PUBLIC_KEYS[0]!)}), 3, id(@0xb2)),
            walrus::bls_aggregate::new_bls_committee_member(uncompressed_key(${moveBytes(PUBLIC_KEYS[1]!)}), 4, id(@0xa1)),
        ])
    }`,
    type: walrus.bls_aggregate.BlsCommittee,
    value: {
      members: [
        { public_key: STAND_IN_UNCOMPRESSED_G1, weight: 4, node_id: addr('0xa1') },
        { public_key: STAND_IN_UNCOMPRESSED_G1, weight: 3, node_id: addr('0xb2') },
      ],
      n_shards: 7,
      epoch: 7,
      total_aggregated_key: STAND_IN_G1,
    },
  },
  {
    name: 'system_state_inner_empty',
    move: 'walrus::system_state_inner::create_empty(3, ctx)',
    type: walrus.system_state_inner.SystemStateInnerV1,
    value: {
      committee: { members: [], n_shards: 0, epoch: 0, total_aggregated_key: { bytes: [...G1.ZERO.toBytes(true)] } },
      total_capacity_size: '0',
      used_capacity_size: '0',
      storage_price_per_unit_size: u64Max,
      write_price_per_unit_size: u64Max,
      future_accounting: {
        current_index: 0,
        length: 3,
        ring_buffer: [0, 1, 2].map((epoch) => ({ epoch, used_capacity: '0', rewards_to_distribute: { value: '0' } })),
      },
      event_blob_certification_state: { latest_certified_blob: null, aggregate_weight_per_blob: { contents: [] } },
      deny_list_sizes: { id: { id: C(0) } },
    },
  },
];

// === Events: every event struct of walrus::events ===

interface EventCase extends MoveBytesCase {
  event: string;
}

function event(name: string, eventName: keyof typeof walrus.events, move: string, value: unknown): EventCase {
  return { name, event: eventName, move, type: walrus.events[eventName] as never, value };
}

const digest = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const POOL_ID = addr('0x9001');
const POOLED_BLOB = addr('0xb10b');

const EVENTS: EventCase[] = [
  event(
    'event_blob_registered',
    'BlobRegistered',
    '{ std::unit_test::destroy(registered_blob(true, ctx)); only_event<events::BlobRegistered>() }',
    {
      epoch: 3,
      blob_id: BLOB_ID.toString(),
      size: BLOB_SIZE.toString(),
      encoding_type: ENCODING_TYPE_RS2,
      end_epoch: 7,
      deletable: true,
      object_id: C(1),
    },
  ),
  event(
    'event_blob_certified',
    'BlobCertified',
    `{ let mut b = registered_blob(true, ctx); b.certify_with_certified_msg(5, certified_message(5, ${moveBytes(encodeBlobCertMessage(5, { blobId: BLOB_ID, persistence: { kind: 'deletable', objectId: C(1) } }))})); std::unit_test::destroy(b); only_event<events::BlobCertified>() }`,
    { epoch: 5, blob_id: BLOB_ID.toString(), end_epoch: 7, deletable: true, object_id: C(1), is_extension: false },
  ),
  event(
    'event_blob_extended',
    'BlobCertified',
    '{ let mut b = registered_blob(false, ctx); b.certify_for_testing(3); b.extend(4, 2); std::unit_test::destroy(b); only_event<events::BlobCertified>() }',
    // An extension reports the epoch the blob was certified in, not the current one.
    { epoch: 3, blob_id: BLOB_ID.toString(), end_epoch: 9, deletable: false, object_id: C(1), is_extension: true },
  ),
  event(
    'event_blob_deleted',
    'BlobDeleted',
    '{ let mut b = registered_blob(true, ctx); b.certify_for_testing(4); std::unit_test::destroy(b.delete(5)); only_event<events::BlobDeleted>() }',
    { epoch: 5, blob_id: BLOB_ID.toString(), end_epoch: 7, object_id: C(1), was_certified: true },
  ),
  event(
    'event_invalid_blob_id',
    'InvalidBlobID',
    `{ events::emit_invalid_blob_id(6, ${BLOB_ID}); only_event<events::InvalidBlobID>() }`,
    {
      epoch: 6,
      blob_id: BLOB_ID.toString(),
    },
  ),
  event(
    'event_epoch_change_start',
    'EpochChangeStart',
    '{ events::emit_epoch_change_start(7); only_event<events::EpochChangeStart>() }',
    { epoch: 7 },
  ),
  event(
    'event_epoch_change_done',
    'EpochChangeDone',
    '{ events::emit_epoch_change_done(8); only_event<events::EpochChangeDone>() }',
    { epoch: 8 },
  ),
  event(
    'event_shards_received',
    'ShardsReceived',
    '{ events::emit_shards_received(9, vector[3, 1, 4]); only_event<events::ShardsReceived>() }',
    {
      epoch: 9,
      shards: [3, 1, 4],
    },
  ),
  event(
    'event_epoch_parameters_selected',
    'EpochParametersSelected',
    '{ events::emit_epoch_parameters_selected(10); only_event<events::EpochParametersSelected>() }',
    { next_epoch: 10 },
  ),
  event(
    'event_shard_recovery_start',
    'ShardRecoveryStart',
    '{ events::emit_shard_recovery_start(11, vector[2, 700]); only_event<events::ShardRecoveryStart>() }',
    { epoch: 11, shards: [2, 700] },
  ),
  event(
    'event_contract_upgraded',
    'ContractUpgraded',
    '{ events::emit_contract_upgraded(12, id(@0xc0de), 3); only_event<events::ContractUpgraded>() }',
    { epoch: 12, package_id: addr('0xc0de'), version: '3' },
  ),
  event(
    'event_register_deny_list_update',
    'RegisterDenyListUpdate',
    '{ events::emit_register_deny_list_update(13, 11259375, 21, id(@0xb0b)); only_event<events::RegisterDenyListUpdate>() }',
    { epoch: 13, root: '11259375', sequence_number: '21', node_id: B0B },
  ),
  event(
    'event_deny_list_update',
    'DenyListUpdate',
    '{ events::emit_deny_list_update(14, 11259375, 22, id(@0xb0b)); only_event<events::DenyListUpdate>() }',
    { epoch: 14, root: '11259375', sequence_number: '22', node_id: B0B },
  ),
  event(
    'event_deny_list_blob_deleted',
    'DenyListBlobDeleted',
    `{ events::emit_deny_listed_blob_deleted(15, ${BLOB_ID}); only_event<events::DenyListBlobDeleted>() }`,
    { epoch: 15, blob_id: BLOB_ID.toString() },
  ),
  event(
    'event_contract_upgrade_proposed',
    'ContractUpgradeProposed',
    `{ events::emit_contract_upgrade_proposed(16, ${moveBytes(digest)}); only_event<events::ContractUpgradeProposed>() }`,
    { epoch: 16, package_digest: [...digest] },
  ),
  event(
    'event_contract_upgrade_quorum_reached',
    'ContractUpgradeQuorumReached',
    `{ events::emit_contract_upgrade_quorum_reached(17, ${moveBytes(digest)}); only_event<events::ContractUpgradeQuorumReached>() }`,
    { epoch: 17, package_digest: [...digest] },
  ),
  event(
    'event_protocol_version_updated',
    'ProtocolVersionUpdated',
    '{ events::emit_protocol_version(18, 19, 2); only_event<events::ProtocolVersionUpdated>() }',
    { epoch: 18, start_epoch: 19, protocol_version: '2' },
  ),
  event(
    'event_prices_updated',
    'PricesUpdated',
    '{ events::emit_prices_updated(19, 100000, 20000); only_event<events::PricesUpdated>() }',
    {
      epoch: 19,
      storage_price: '100000',
      write_price: '20000',
    },
  ),
  event(
    'event_storage_pool_created',
    'StoragePoolCreated',
    '{ events::emit_storage_pool_created(20, id(@0x9001), 123456789, 20, 30); only_event<events::StoragePoolCreated>() }',
    {
      epoch: 20,
      storage_pool_id: POOL_ID,
      reserved_encoded_capacity_bytes: '123456789',
      start_epoch: 20,
      end_epoch: 30,
    },
  ),
  event(
    'event_pooled_blob_registered',
    'PooledBlobRegistered',
    `{ events::emit_pooled_blob_registered(21, ${BLOB_ID}, 1000, 1, true, id(@0xb10b), id(@0x9001)); only_event<events::PooledBlobRegistered>() }`,
    {
      epoch: 21,
      blob_id: BLOB_ID.toString(),
      unencoded_size: '1000',
      encoding_type: 1,
      deletable: true,
      object_id: POOLED_BLOB,
      storage_pool_id: POOL_ID,
    },
  ),
  event(
    'event_pooled_blob_certified',
    'PooledBlobCertified',
    `{ events::emit_pooled_blob_certified(22, ${BLOB_ID}, false, id(@0xb10b), id(@0x9001)); only_event<events::PooledBlobCertified>() }`,
    { epoch: 22, blob_id: BLOB_ID.toString(), deletable: false, object_id: POOLED_BLOB, storage_pool_id: POOL_ID },
  ),
  event(
    'event_pooled_blob_deleted',
    'PooledBlobDeleted',
    `{ events::emit_pooled_blob_deleted(23, ${BLOB_ID}, id(@0xb10b), true, id(@0x9001)); only_event<events::PooledBlobDeleted>() }`,
    { epoch: 23, blob_id: BLOB_ID.toString(), object_id: POOLED_BLOB, was_certified: true, storage_pool_id: POOL_ID },
  ),
  event(
    'event_storage_pool_extended',
    'StoragePoolExtended',
    '{ events::emit_storage_pool_extended(24, id(@0x9001), 40); only_event<events::StoragePoolExtended>() }',
    { epoch: 24, storage_pool_id: POOL_ID, new_end_epoch: 40 },
  ),
];

const CASES: MoveBytesCase[] = [...SMALL, ...OBJECTS, ...EVENTS];

const WALRUS_V1 = addr('0xb1');
const registry = createTypeRegistry(
  parseDeployment({
    network: 'localnet',
    walPackageId: '0xaa',
    walrusPackageIds: [WALRUS_V1, '0xb2'],
    systemObjectId: '0xc',
    stakingObjectId: '0xd',
  }),
);

const decoded = (c: MoveBytesCase) => withoutEnumKinds(c.type.parse(expectedBytes(c)));

describe.skipIf(framework.kind !== 'local')('bytes produced by Move', () => {
  let statuses = new Map<string, TestStatus>();
  let output = '';

  beforeAll(async () => {
    if (framework.kind !== 'local') return;
    ({ statuses, output } = await runMoveChecks(CASES, framework, HELPERS));
  }, 180_000);

  it('run one Move test per case, and every one passes', () => {
    const failed = CASES.filter((c) => statuses.get(c.name) !== 'pass').map((c) => c.name);
    expect(failed, output).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  describe.each([
    ['framework and small walrus types', SMALL],
    ['objects and state', OBJECTS],
    ['events', EVENTS],
  ] as const)('%s', (_, cases) => {
    it.each(cases)('$name: Move encodes it as the generated type does, and it decodes field for field', (c) => {
      expect(statuses.get(c.name)).toBe('pass');
      expect(decoded(c)).toEqual(c.value);
    });
  });

  it.each(EVENTS)('$name decodes through the type registry by its event type', (c) => {
    const type = `${WALRUS_V1}::events::${c.event}`;
    expect(registry.decode(type, expectedBytes(c))).toEqual(c.value);
  });

  it('covers every event struct of walrus::events', () => {
    const declared = [...DATATYPE_ABIS.keys()]
      .filter((k) => k.startsWith('walrus::events::'))
      .map((k) => k.slice('walrus::events::'.length));
    expect(new Set(EVENTS.map((e) => e.event))).toEqual(new Set(declared));
  });
});

describe.skipIf(framework.kind !== 'local')('the Move bytes check', () => {
  it('fails when the encoding differs from Move’s: a wrong width, and a wrong object id', async () => {
    if (framework.kind !== 'local') return;
    const wrongWidth: MoveBytesCase = {
      name: 'wrong_width',
      move: 'sui::balance::create_for_testing<wal::wal::WAL>(5)',
      type: bcs.struct('W', { value: bcs.u32() }),
      value: { value: 5 },
    };
    const storage = OBJECTS.find((c) => c.name === 'storage')!;
    const wrongId: MoveBytesCase = {
      ...storage,
      name: 'wrong_object_id',
      value: storageValue(C(1), 3, 8, 1_048_576n),
    };
    const { statuses } = await runMoveChecks([wrongWidth, wrongId, storage], framework, HELPERS);
    expect(Object.fromEntries(statuses)).toEqual({ wrong_width: 'fail', wrong_object_id: 'fail', storage: 'pass' });
  }, 180_000);
});
