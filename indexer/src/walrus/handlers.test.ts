import { encodedBlobLength } from '@open-walrus/sdk';
import { describe, expect, it } from 'vitest';
import type { BlobRow, ChangeOrigin, WalrusChange } from './changes.ts';
import { emptyBatch, foldChanges } from './fold.ts';
import {
  blobIdText,
  emptyWalrusContext,
  processTransaction,
  WalrusHandlerError,
  type WalrusContext,
} from './handlers.ts';
import type {
  BlobShape,
  NodeMetadataShape,
  PoolExchangeRateShape,
  StakedWalShape,
  StakingInnerShape,
  StakingPoolShape,
  SystemInnerShape,
} from './shapes.ts';
import { EVENTS, type EventView, type ObjectChangeView, type TransactionView, TYPES } from './transaction-view.ts';

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const ALICE = id(0xa11ce);
const BOB = id(0xb0b);
const origin = (checkpoint: number, tx = `tx${checkpoint}`): ChangeOrigin => ({
  checkpoint: BigInt(checkpoint),
  txDigest: tx,
  timestampMs: BigInt(1_700_000_000_000 + checkpoint * 1000),
});
const tx = (checkpoint: number, events: EventView[], objects: ObjectChangeView[]): TransactionView => ({
  origin: origin(checkpoint),
  events,
  objects,
});
const addressHolder = (address: string) => ({ ownerKind: 'address' as const, owner: address });
const objectHolder = (parent: string) => ({ ownerKind: 'object' as const, owner: parent });

function blob(objectId: string, overrides: Partial<BlobShape> = {}): BlobShape {
  return {
    id: { id: objectId },
    registered_epoch: 1,
    blob_id: '258',
    size: '1000',
    encoding_type: 1,
    certified_epoch: null,
    storage: { id: { id: id(0x5100) }, start_epoch: 1, end_epoch: 5, storage_size: '99999999' },
    deletable: true,
    ...overrides,
  };
}

function ctxWithShards(nShards = 10): WalrusContext {
  return { ...emptyWalrusContext(), nShards };
}

function only<K extends WalrusChange['kind']>(changes: WalrusChange[], kind: K): Extract<WalrusChange, { kind: K }>[] {
  return changes.filter((c): c is Extract<WalrusChange, { kind: K }> => c.kind === kind);
}

function foldedBlob(changes: WalrusChange[], objectId: string): BlobRow {
  const folded = foldChanges(emptyBatch(), changes).blobs.get(objectId);
  if (folded?.row === undefined) throw new Error(`no full row for ${objectId}`);
  return folded.row;
}

describe('blob id text', () => {
  it('is the URL-safe base64 of the 32 little-endian bytes', () => {
    const text = blobIdText('258'); // 0x0102 → bytes 02 01 00 …
    expect(Buffer.from(text, 'base64url')).toEqual(Buffer.from([2, 1, ...new Array(30).fill(0)]));
    expect(text).toHaveLength(43);
  });
});

describe('blob objects', () => {
  it('turn a created Blob into a full registered row with its owner, storage and encoded size', () => {
    const ctx = ctxWithShards();
    const changes = processTransaction(
      ctx,
      tx(
        10,
        [],
        [{ objectId: id(1), type: TYPES.blob, operation: 'created', holder: addressHolder(ALICE), value: blob(id(1)) }],
      ),
    );
    const [change] = only(changes, 'blob');
    expect(change!.row).toMatchObject({
      objectId: id(1),
      blobId: blobIdText('258'),
      ownerKind: 'address',
      owner: ALICE,
      size: 1000n,
      encodedSize: encodedBlobLength(1000n, 10),
      deletable: true,
      registeredEpoch: 1,
      certifiedEpoch: null,
      storageId: id(0x5100),
      startEpoch: 1,
      endEpoch: 5,
      storageSize: 99999999n,
      status: 'registered',
      createdCheckpoint: 10n,
      updatedTxDigest: 'tx10',
    });
  });

  it('mark a mutated Blob with a certified epoch as certified and leave the encoded size unknown without n_shards', () => {
    const ctx = { ...emptyWalrusContext(), epoch: 2 };
    const changes = processTransaction(
      ctx,
      tx(
        11,
        [],
        [
          {
            objectId: id(1),
            type: TYPES.blob,
            operation: 'mutated',
            holder: addressHolder(ALICE),
            value: blob(id(1), { certified_epoch: 2 }),
          },
        ],
      ),
    );
    expect(only(changes, 'blob')[0]!.row).toMatchObject({ status: 'certified', certifiedEpoch: 2, encodedSize: null });
  });

  it('mark a Blob destroyed in a transaction with BlobDeleted as deleted', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(
        12,
        [
          {
            type: EVENTS.blobDeleted,
            value: { epoch: 2, blob_id: '258', end_epoch: 5, object_id: id(1), was_certified: false },
          },
        ],
        [
          {
            objectId: id(1),
            type: TYPES.blob,
            operation: 'deleted',
            inputHolder: addressHolder(ALICE),
            input: blob(id(1)),
          },
        ],
      ),
    );
    expect(only(changes, 'blob').map((c) => [c.row.status, c.row.owner])).toEqual([['deleted', ALICE]]);
    expect(only(changes, 'blobPatch')).toEqual([]);
  });

  it('mark a Blob destroyed without BlobDeleted as burned, as a patch when its last contents are unknown', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(13, [], [{ objectId: id(1), type: TYPES.blob, operation: 'deleted' }]),
    );
    expect(only(changes, 'blobPatch')).toEqual([
      { kind: 'blobPatch', objectId: id(1), patch: { status: 'burned' }, origin: origin(13) },
    ]);
  });

  it('record a Blob wrapped into a SharedBlob as held by that SharedBlob', () => {
    const shared = id(0x5b);
    const changes = processTransaction(
      ctxWithShards(),
      tx(
        14,
        [],
        [
          { objectId: id(1), type: TYPES.blob, operation: 'wrapped', inputHolder: addressHolder(ALICE) },
          {
            objectId: shared,
            type: TYPES.sharedBlob,
            operation: 'created',
            holder: { ownerKind: 'shared', owner: null },
            value: { id: { id: shared }, blob: blob(id(1), { certified_epoch: 2 }), funds: { value: '0' } },
          },
        ],
      ),
    );
    expect(only(changes, 'blobPatch')).toEqual([]);
    expect(only(changes, 'blob').map((c) => [c.row.ownerKind, c.row.owner, c.row.status])).toEqual([
      ['shared_blob', shared, 'certified'],
    ]);
  });

  it('record a Blob wrapped into an unknown object as wrapped with no owner', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(15, [], [{ objectId: id(1), type: TYPES.blob, operation: 'wrapped', inputHolder: addressHolder(ALICE) }]),
    );
    expect(only(changes, 'blobPatch')[0]!.patch).toEqual({ holder: { ownerKind: 'wrapped', owner: null } });
  });

  it('set the attributes from the metadata dynamic field and clear them when the field is removed', () => {
    const field = {
      id: { id: id(0xf1) },
      name: [...Buffer.from('metadata')],
      value: { metadata: { contents: [{ key: 'content-type', value: 'text/plain' }] } },
    };
    const added = processTransaction(
      ctxWithShards(),
      tx(
        16,
        [],
        [
          {
            objectId: id(0xf1),
            type: TYPES.blobMetadataField,
            operation: 'created',
            holder: objectHolder(id(1)),
            value: field,
          },
        ],
      ),
    );
    expect(only(added, 'blobAttributes').map((c) => [c.objectId, c.attributes])).toEqual([
      [id(1), { 'content-type': 'text/plain' }],
    ]);
    const removed = processTransaction(
      ctxWithShards(),
      tx(
        17,
        [],
        [{ objectId: id(0xf1), type: TYPES.blobMetadataField, operation: 'deleted', inputHolder: objectHolder(id(1)) }],
      ),
    );
    expect(only(removed, 'blobAttributes').map((c) => [c.objectId, c.attributes])).toEqual([[id(1), null]]);
  });

  it('refuse a mutated object whose contents the checkpoint does not carry, naming checkpoint and transaction', () => {
    expect(() =>
      processTransaction(
        ctxWithShards(),
        tx(18, [], [{ objectId: id(1), type: TYPES.blob, operation: 'mutated', holder: addressHolder(ALICE) }]),
      ),
    ).toThrow(WalrusHandlerError);
    expect(() =>
      processTransaction(
        ctxWithShards(),
        tx(18, [], [{ objectId: id(1), type: TYPES.blob, operation: 'mutated', holder: addressHolder(ALICE) }]),
      ),
    ).toThrow(/checkpoint 18, transaction tx18/);
  });
});

describe('blob events', () => {
  it('build an event blob (no object ever visible) from BlobRegistered and BlobCertified', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(
        20,
        [
          {
            type: EVENTS.blobRegistered,
            value: {
              epoch: 3,
              blob_id: '7',
              size: '2048',
              encoding_type: 1,
              end_epoch: 10,
              deletable: false,
              object_id: id(9),
            },
          },
          {
            type: EVENTS.blobCertified,
            value: { epoch: 3, blob_id: '7', end_epoch: 10, deletable: false, object_id: id(9), is_extension: false },
          },
        ],
        [],
      ),
    );
    expect(foldedBlob(changes, id(9))).toMatchObject({
      ownerKind: 'unknown',
      owner: null,
      storageId: null,
      startEpoch: 3,
      endEpoch: 10,
      certifiedEpoch: 3,
      status: 'certified',
      deletable: false,
      encodedSize: encodedBlobLength(2048n, 10),
    });
  });

  it('ignore blob events of objects whose contents the transaction shows', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(
        21,
        [
          {
            type: EVENTS.blobCertified,
            value: { epoch: 3, blob_id: '258', end_epoch: 8, deletable: true, object_id: id(1), is_extension: true },
          },
        ],
        [
          {
            objectId: id(1),
            type: TYPES.blob,
            operation: 'mutated',
            holder: addressHolder(BOB),
            value: blob(id(1), { certified_epoch: 3 }),
          },
        ],
      ),
    );
    expect(only(changes, 'blobPatch')).toEqual([]);
    expect(only(changes, 'blob')).toHaveLength(1);
  });

  it('patch an extension of a blob held out of sight with the new end epoch', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(
        22,
        [
          {
            type: EVENTS.blobCertified,
            value: { epoch: 2, blob_id: '1', end_epoch: 12, deletable: false, object_id: id(4), is_extension: true },
          },
        ],
        [],
      ),
    );
    expect(only(changes, 'blobPatch')[0]!.patch).toEqual({ certifiedEpoch: 2, endEpoch: 12, status: 'certified' });
  });

  it('record an invalid blob id with its event epoch', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(23, [{ type: EVENTS.invalidBlobId, value: { epoch: 3, blob_id: '258' } }], []),
    );
    expect(only(changes, 'invalidBlobId')[0]!.row).toEqual({
      blobId: blobIdText('258'),
      epoch: 3,
      checkpoint: 23n,
      txDigest: 'tx23',
      timestampMs: origin(23).timestampMs,
    });
  });
});

describe('epoch events', () => {
  it('start an epoch on EpochChangeStart: sync state and start time; blobs ending there keep their stored status', () => {
    const ctx = ctxWithShards();
    const changes = processTransaction(ctx, tx(30, [{ type: EVENTS.epochChangeStart, value: { epoch: 5 } }], []));
    expect(changes).toEqual([
      {
        kind: 'epoch',
        epoch: 5,
        patch: {
          state: 'epoch_change_sync',
          syncWeight: 0,
          changeStartedTimestampMs: origin(30).timestampMs,
          changeStartedCheckpoint: 30n,
        },
      },
    ]);
    // Expiry is derived when the status is read: a blob ending at the new epoch, seen afterwards, is stored as
    // registered (walrus/blob-status.ts turns it into expired with the current epoch).
    const later = processTransaction(
      ctx,
      tx(
        31,
        [],
        [{ objectId: id(1), type: TYPES.blob, operation: 'mutated', holder: addressHolder(ALICE), value: blob(id(1)) }],
      ),
    );
    expect(only(later, 'blob')[0]!.row.status).toBe('registered');
  });

  it('record EpochChangeDone, EpochParametersSelected (for the current epoch) and PricesUpdated', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(
        32,
        [
          { type: EVENTS.epochChangeDone, value: { epoch: 5 } },
          { type: EVENTS.epochParametersSelected, value: { next_epoch: 6 } },
          {
            type: EVENTS.pricesUpdated,
            value: { epoch: 5, storage_price: '18446744073709551615', write_price: '20000' },
          },
        ],
        [],
      ),
    );
    const folded = foldChanges(emptyBatch(), changes).epochs.get(5);
    expect(folded).toEqual({
      state: 'next_params_selected',
      changeDoneTimestampMs: origin(32).timestampMs,
      nextParamsSelectedTimestampMs: origin(32).timestampMs,
      storagePricePerUnitSize: 18446744073709551615n,
      writePricePerUnitSize: 20000n,
    });
  });
});

function staked(
  objectId: string,
  principal: string,
  state: StakedWalShape['state'] = { $kind: 'Staked', Staked: true },
): StakedWalShape {
  return { id: { id: objectId }, state, node_id: id(0x100), principal: { value: principal }, activation_epoch: 3 };
}

describe('staked positions', () => {
  it('turn StakedWal objects into rows, withdrawing with their withdraw epoch', () => {
    const changes = processTransaction(
      ctxWithShards(),
      tx(
        40,
        [],
        [
          {
            objectId: id(0x51),
            type: TYPES.stakedWal,
            operation: 'created',
            holder: addressHolder(ALICE),
            value: staked(id(0x51), '5000000000'),
          },
          {
            objectId: id(0x52),
            type: TYPES.stakedWal,
            operation: 'mutated',
            holder: addressHolder(BOB),
            value: staked(id(0x52), '1000000000', { $kind: 'Withdrawing', Withdrawing: { withdraw_epoch: 5 } }),
          },
        ],
      ),
    );
    expect(
      only(changes, 'stakedWal').map((c) => [
        c.row.objectId,
        c.row.owner,
        c.row.principal,
        c.row.state,
        c.row.withdrawEpoch,
      ]),
    ).toEqual([
      [id(0x51), ALICE, 5_000_000_000n, 'staked', null],
      [id(0x52), BOB, 1_000_000_000n, 'withdrawing', 5],
    ]);
  });

  it('tell a withdrawal from a join: the joined principal reappears in a surviving position of the same node', () => {
    const joined = processTransaction(
      ctxWithShards(),
      tx(
        41,
        [],
        [
          {
            objectId: id(0x51),
            type: TYPES.stakedWal,
            operation: 'mutated',
            holder: addressHolder(ALICE),
            input: staked(id(0x51), '5000000000'),
            value: staked(id(0x51), '7000000000'),
          },
          {
            objectId: id(0x53),
            type: TYPES.stakedWal,
            operation: 'deleted',
            inputHolder: addressHolder(ALICE),
            input: staked(id(0x53), '2000000000'),
          },
        ],
      ),
    );
    expect(only(joined, 'stakedWalPatch').map((c) => c.patch)).toEqual([{ state: 'merged' }]);
    const withdrawn = processTransaction(
      ctxWithShards(),
      tx(
        42,
        [],
        [
          {
            objectId: id(0x54),
            type: TYPES.stakedWal,
            operation: 'deleted',
            inputHolder: addressHolder(ALICE),
            input: staked(id(0x54), '2000000000'),
          },
        ],
      ),
    );
    expect(only(withdrawn, 'stakedWalPatch').map((c) => c.patch)).toEqual([{ state: 'withdrawn' }]);
  });
});

const NODE = id(0x100);
const RATES_TABLE = id(0x101);
const METADATA_FIELD = id(0x102);

function pool(overrides: Partial<StakingPoolShape> = {}): StakingPoolShape {
  const pending = (entries: [number, string][]) => ({
    pos0: { contents: entries.map(([key, value]) => ({ key, value })) },
  });
  return {
    id: { id: NODE },
    state: { $kind: 'Active', Active: true },
    voting_params: { storage_price: '100', write_price: '2000', node_capacity: '1000000000000' },
    node_info: {
      name: 'node-1',
      node_id: NODE,
      network_address: 'node1.example:9185',
      public_key: { bytes: [1, 2, 3] },
      next_epoch_public_key: null,
      network_public_key: [4, 5],
      metadata: { id: { id: METADATA_FIELD } },
    },
    activation_epoch: 1,
    latest_epoch: 3,
    wal_balance: '9000000000',
    num_shares: '8000000000',
    pending_shares_withdraw: pending([]),
    pre_active_withdrawals: pending([]),
    pending_commission_rate: pending([[5, '700']]),
    commission_rate: 500,
    exchange_rates: { id: { id: RATES_TABLE }, size: '2' },
    pending_stake: pending([[4, '1000000000']]),
    rewards_pool: { value: '123' },
    commission: { value: '45' },
    commission_receiver: { $kind: 'ObjectID', ObjectID: { pos0: id(0xcab) } },
    extra_fields: { id: { id: id(0x1ff) }, size: '0' },
    governance_authorized: { $kind: 'Address', Address: { pos0: ALICE } },
    ...overrides,
  };
}

describe('storage nodes', () => {
  it('turn a StakingPool into a storage node row and learn its table and metadata field ids', () => {
    const ctx = ctxWithShards();
    const changes = processTransaction(
      ctx,
      tx(
        50,
        [],
        [
          {
            objectId: NODE,
            type: TYPES.stakingPool,
            operation: 'mutated',
            holder: objectHolder(id(0x99)),
            value: pool(),
          },
        ],
      ),
    );
    expect(only(changes, 'storageNode')[0]!.row).toMatchObject({
      nodeId: NODE,
      state: 'active',
      name: 'node-1',
      publicKey: '0x010203',
      networkPublicKey: '0x0405',
      commissionRate: 500,
      pendingCommissionRates: [{ epoch: 5, value: '700' }],
      pendingStake: [{ epoch: 4, value: '1000000000' }],
      commissionReceiverKind: 'object',
      commissionReceiver: id(0xcab),
      governanceAuthorizedKind: 'address',
      governanceAuthorized: ALICE,
      walBalance: 9_000_000_000n,
      numShares: 8_000_000_000n,
      nodeCapacityVote: 1_000_000_000_000n,
    });
    expect(ctx.nodeByExchangeRatesId.get(RATES_TABLE)).toBe(NODE);
    expect(ctx.nodeByMetadataFieldId.get(METADATA_FIELD)).toBe(NODE);
  });

  it('attribute exchange rates and metadata to the node through its table and field ids', () => {
    const ctx = ctxWithShards();
    ctx.nodeByExchangeRatesId.set(RATES_TABLE, NODE);
    ctx.nodeByMetadataFieldId.set(METADATA_FIELD, NODE);
    const rate: PoolExchangeRateShape = { $kind: 'Variable', Variable: { wal_amount: '9000', share_amount: '8000' } };
    const metadata: NodeMetadataShape = {
      image_url: 'https://img',
      project_url: 'https://proj',
      description: 'a node',
      extra_fields: { contents: [{ key: 'k', value: 'v' }] },
    };
    const changes = processTransaction(
      ctx,
      tx(
        51,
        [],
        [
          {
            objectId: id(0x201),
            type: TYPES.exchangeRateField,
            operation: 'created',
            holder: objectHolder(RATES_TABLE),
            value: { id: { id: id(0x201) }, name: 3, value: rate },
          },
          {
            objectId: id(0x202),
            type: TYPES.exchangeRateField,
            operation: 'created',
            holder: objectHolder(RATES_TABLE),
            value: { id: { id: id(0x202) }, name: 1, value: { $kind: 'Flat', Flat: true } },
          },
          {
            objectId: id(0x203),
            type: TYPES.nodeMetadataField,
            operation: 'mutated',
            holder: objectHolder(METADATA_FIELD),
            value: { id: { id: id(0x203) }, name: { dummy_field: false }, value: metadata },
          },
        ],
      ),
    );
    expect(only(changes, 'exchangeRate').map((c) => c.row)).toEqual([
      { nodeId: NODE, epoch: 3, walAmount: 9000n, shareAmount: 8000n },
      { nodeId: NODE, epoch: 1, walAmount: null, shareAmount: null },
    ]);
    expect(only(changes, 'nodeMetadata')).toEqual([
      {
        kind: 'nodeMetadata',
        nodeId: NODE,
        metadata: {
          imageUrl: 'https://img',
          projectUrl: 'https://proj',
          description: 'a node',
          extraFields: { k: 'v' },
        },
      },
    ]);
  });

  it('hold an exchange rate of a pool not yet seen until that pool appears', () => {
    const ctx = ctxWithShards();
    const first = processTransaction(
      ctx,
      tx(
        52,
        [],
        [
          {
            objectId: id(0x201),
            type: TYPES.exchangeRateField,
            operation: 'created',
            holder: objectHolder(RATES_TABLE),
            value: { id: { id: id(0x201) }, name: 2, value: { $kind: 'Flat', Flat: true } },
          },
        ],
      ),
    );
    expect(only(first, 'exchangeRate')).toEqual([]);
    const second = processTransaction(
      ctx,
      tx(
        53,
        [],
        [
          {
            objectId: NODE,
            type: TYPES.stakingPool,
            operation: 'mutated',
            holder: objectHolder(id(0x99)),
            value: pool(),
          },
        ],
      ),
    );
    expect(only(second, 'exchangeRate').map((c) => c.row)).toEqual([
      { nodeId: NODE, epoch: 2, walAmount: null, shareAmount: null },
    ]);
    expect(ctx.pendingExchangeRates.size).toBe(0);
  });
});

describe('system and staking state', () => {
  const STAKING = id(0x5a);
  const SYSTEM = id(0x5b);

  it('read the Staking inner state: epoch, state, committee of the epoch, next committee', () => {
    const inner: StakingInnerShape = {
      n_shards: 10,
      epoch_duration: '86400000',
      first_epoch_start: '1700000000000',
      pools: { id: { id: id(0x5b0) }, size: '2' },
      epoch: 4,
      active_set: { id: { id: id(0x5b1) } },
      previous_committee: { pos0: { contents: [] } },
      next_epoch_public_keys: { id: { id: id(0x5b2) } },
      next_committee: { pos0: { contents: [{ key: NODE, value: [0, 1, 2] }] } },
      committee: {
        pos0: {
          contents: [
            { key: NODE, value: [3, 4] },
            { key: id(0x300), value: [0, 1, 2, 5, 6, 7, 8, 9] },
          ],
        },
      },
      next_epoch_params: {
        total_capacity_size: '5000',
        storage_price_per_unit_size: '0',
        write_price_per_unit_size: '0',
      },
      epoch_state: { $kind: 'EpochChangeSync', EpochChangeSync: { pos0: 2 } },
    };
    const ctx = emptyWalrusContext();
    const changes = processTransaction(
      ctx,
      tx(
        60,
        [],
        [
          {
            objectId: id(0x5f),
            type: TYPES.stakingInnerField,
            operation: 'mutated',
            holder: objectHolder(STAKING),
            value: { id: { id: id(0x5f) }, name: '1', value: inner },
          },
        ],
      ),
    );
    expect(ctx).toMatchObject({ nShards: 10 });
    expect(only(changes, 'staking')[0]).toMatchObject({
      objectId: STAKING,
      patch: {
        version: 1n,
        epoch: 4,
        epochState: 'epoch_change_sync',
        epochStateValue: 2n,
        nextCommittee: [{ nodeId: NODE, shards: [0, 1, 2] }],
        nextEpochCapacity: 5000n,
        epochDurationMs: 86_400_000n,
      },
    });
    expect(only(changes, 'epoch')).toEqual([
      { kind: 'epoch', epoch: 4, patch: { state: 'epoch_change_sync', syncWeight: 2 } },
    ]);
    expect(only(changes, 'committee')[0]!.members).toEqual([
      { nodeId: NODE, shards: [3, 4] },
      { nodeId: id(0x300), shards: [0, 1, 2, 5, 6, 7, 8, 9] },
    ]);
  });

  it('keep the shard count of the Staking state when the System committee of epoch 0 is empty', () => {
    const ctx = ctxWithShards(10);
    const inner: SystemInnerShape = {
      committee: { members: [], n_shards: 0, epoch: 0, total_aggregated_key: { bytes: [] } },
      total_capacity_size: '0',
      used_capacity_size: '0',
      storage_price_per_unit_size: '18446744073709551615',
      write_price_per_unit_size: '18446744073709551615',
      event_blob_certification_state: { latest_certified_blob: null, aggregate_weight_per_blob: { contents: [] } },
      deny_list_sizes: { id: { id: id(0x5b3) } },
      future_accounting: {
        current_index: 0,
        length: 1,
        ring_buffer: [{ epoch: 0, used_capacity: '0', rewards_to_distribute: { value: '0' } }],
      },
    };
    const changes = processTransaction(
      ctx,
      tx(
        62,
        [],
        [
          {
            objectId: id(0x6f),
            type: TYPES.systemInnerField,
            operation: 'created',
            holder: objectHolder(SYSTEM),
            value: { id: { id: id(0x6f) }, name: '1', value: inner },
          },
        ],
      ),
    );
    expect(ctx.nShards).toBe(10);
    expect(only(changes, 'epoch')[0]!.patch.nShards).toBeUndefined();
  });

  it('read the System inner state: capacity, prices, and future accounting from the ring start', () => {
    const inner: SystemInnerShape = {
      committee: { members: [], n_shards: 10, epoch: 4, total_aggregated_key: { bytes: [] } },
      total_capacity_size: '1000000',
      used_capacity_size: '2500',
      storage_price_per_unit_size: '100',
      write_price_per_unit_size: '2000',
      event_blob_certification_state: { latest_certified_blob: null, aggregate_weight_per_blob: { contents: [] } },
      deny_list_sizes: { id: { id: id(0x5b3) } },
      future_accounting: {
        current_index: 1,
        length: 3,
        ring_buffer: [
          { epoch: 6, used_capacity: '10', rewards_to_distribute: { value: '1' } },
          { epoch: 4, used_capacity: '2500', rewards_to_distribute: { value: '3' } },
          { epoch: 5, used_capacity: '20', rewards_to_distribute: { value: '2' } },
        ],
      },
    };
    const ctx = emptyWalrusContext();
    const changes = processTransaction(
      ctx,
      tx(
        61,
        [],
        [
          {
            objectId: id(0x6f),
            type: TYPES.systemInnerField,
            operation: 'mutated',
            holder: objectHolder(SYSTEM),
            value: { id: { id: id(0x6f) }, name: '1', value: inner },
          },
        ],
      ),
    );
    expect(ctx.nShards).toBe(10);
    const system = only(changes, 'system')[0]!;
    expect(system.objectId).toBe(SYSTEM);
    expect(system.patch.futureAccounting!.map((f) => f.epoch)).toEqual([4, 5, 6]);
    expect(system.patch).toMatchObject({ maxEpochsAhead: 3, usedCapacitySize: 2500n, writePricePerUnitSize: 2000n });
    expect(only(changes, 'epoch')[0]).toMatchObject({
      epoch: 4,
      patch: { totalCapacitySize: 1_000_000n, storagePricePerUnitSize: 100n, nShards: 10 },
    });
  });
});
