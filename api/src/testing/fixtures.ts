// A small, fully known indexed state for API tests, written with drizzle into the indexer's real tables.
import { walrus } from '@open-walrus/sdk';
import type { ReadDb } from '../database.ts';
import {
  blobs,
  committeeMembers,
  epochs,
  events,
  invalidBlobIds,
  pipelineWatermarks,
  poolExchangeRates,
  stakedWals,
  stakingState,
  storageNodes,
  systemState,
} from '../tables.ts';

type BlobInsert = typeof blobs.$inferInsert;
type NodeInsert = typeof storageNodes.$inferInsert;
type StakedWalInsert = typeof stakedWals.$inferInsert;

/** `0x` + 64 hex digits for a small number. */
export const hexId = (n: number, prefix = 0) =>
  `0x${prefix.toString(16).padStart(8, '0')}${n.toString(16).padStart(56, '0')}`;
/** A canonical textual blob id from a seed byte. */
export const blobIdOf = (seed: number) => Buffer.alloc(32, seed).toString('base64url');

export const OWNER_X = hexId(1, 0xaa);
export const OWNER_Y = hexId(2, 0xaa);
export const NODE_A = hexId(1, 0xbb);
export const NODE_B = hexId(2, 0xbb);
export const NODE_C = hexId(3, 0xbb);
export const NODE_D = hexId(4, 0xbb);
export const PACKAGE = hexId(7, 0xcc);
export const DAY_MS = 86_400_000n;
export const GENESIS_MS = 1_700_000_000_000n;
export const CURRENT_EPOCH = 3;
export const CHECKPOINT = 100n;

export function blobRow(i: number, overrides: Partial<BlobInsert> = {}): BlobInsert {
  return {
    objectId: hexId(i, 0x0b),
    blobId: blobIdOf(i % 200),
    ownerKind: 'address',
    owner: OWNER_X,
    size: BigInt(1000 * i),
    encodingType: 1,
    encodedSize: BigInt(5000 * i + 64_032),
    deletable: i % 2 === 0,
    registeredEpoch: 1 + (i % 3),
    certifiedEpoch: i % 4 === 0 ? null : 1 + (i % 3),
    storageId: hexId(i, 0x05),
    startEpoch: 1 + (i % 3),
    endEpoch: 5 + (i % 7),
    storageSize: BigInt(10_000 * i),
    status: i % 4 === 0 ? 'registered' : 'certified',
    attributes: i % 5 === 0 ? { 'content-type': i % 10 === 0 ? 'image/png' : 'text/plain', index: String(i) } : null,
    createdCheckpoint: BigInt(10 + i),
    createdTxDigest: `Tx${String(i).padStart(40, '1')}`,
    createdTimestampMs: GENESIS_MS + BigInt(i) * 1000n,
    updatedCheckpoint: BigInt(10 + i),
    updatedTxDigest: `Tx${String(i).padStart(40, '1')}`,
    ...overrides,
  };
}

export function nodeRow(id: string, name: string, overrides: Partial<NodeInsert> = {}): NodeInsert {
  return {
    nodeId: id,
    state: 'active',
    name,
    networkAddress: `${name.toLowerCase()}.example:9185`,
    publicKey: `0x${'ab'.repeat(96)}`,
    networkPublicKey: `0x02${'cd'.repeat(32)}`,
    metadataFieldId: hexId(9, 0xdd),
    imageUrl: `https://${name.toLowerCase()}.example/logo.png`,
    projectUrl: null,
    description: `${name} storage`,
    extraFields: { region: 'eu' },
    storagePriceVote: 100_000n,
    writePriceVote: 20_000n,
    nodeCapacityVote: 1n << 40n,
    commissionRate: 500,
    pendingCommissionRates: [],
    commission: 0n,
    commissionReceiverKind: 'address',
    commissionReceiver: id,
    governanceAuthorizedKind: 'address',
    governanceAuthorized: id,
    activationEpoch: 0,
    latestEpoch: CURRENT_EPOCH,
    walBalance: 1_000_000_000_000n,
    numShares: 1_000_000_000_000n,
    rewardsPool: 50_000_000_000n,
    pendingStake: [],
    pendingSharesWithdraw: [],
    preActiveWithdrawals: [],
    exchangeRatesId: hexId(8, 0xdd),
    createdCheckpoint: 1n,
    updatedCheckpoint: 90n,
    updatedTxDigest: 'NodeTx11111111111111111111111111111111',
    ...overrides,
  };
}

function staked(i: number, overrides: Partial<StakedWalInsert>): StakedWalInsert {
  return {
    objectId: hexId(i, 0x5e),
    ownerKind: 'address',
    owner: OWNER_X,
    nodeId: NODE_A,
    principal: 10_000_000_000n,
    state: 'staked',
    activationEpoch: 1,
    withdrawEpoch: null,
    createdCheckpoint: BigInt(i),
    createdTxDigest: `Stake${String(i).padStart(38, '1')}`,
    updatedCheckpoint: BigInt(i),
    updatedTxDigest: `Stake${String(i).padStart(38, '1')}`,
    ...overrides,
  };
}

/** Number of blobs the fixture writes (objects 1..BLOB_COUNT, plus object 1001 sharing blob 1's id). */
export const BLOB_COUNT = 60;
export const INVALID_BLOB = blobIdOf(150);

export const EXPIRED_BLOB = blobRow(1003, {
  createdCheckpoint: 77n,
  updatedCheckpoint: 77n,
  blobId: blobIdOf(160),
  startEpoch: 1,
  endEpoch: 2,
  // Stored as certified, as the indexer stores it: readers see it expired, since the current epoch (3) is past 2.
  status: 'certified',
});

/** An event of checkpoint 99: between the walrus watermark (98) and the events watermark (100). */
export const LATE_EVENT = {
  txDigest: `Delete${String(1).padStart(36, '1')}`,
  eventIndex: 0,
  checkpoint: 99n,
  txIndex: 0,
  timestampMs: GENESIS_MS + 99_000n,
  sender: OWNER_X,
  eventType: `${PACKAGE}::events::BlobDeleted`,
  typeName: `${PACKAGE}::events::BlobDeleted`,
  bcs: walrus.events.BlobDeleted.serialize({
    epoch: 3,
    // blobIdOf(1) is 32 bytes of 0x01: the same number read little- or big-endian.
    blob_id: BigInt(`0x${'01'.repeat(32)}`),
    end_epoch: 6,
    object_id: hexId(1, 0x0b),
    was_certified: true,
  }).toBytes(),
  json: { epoch: 3, blob_id: blobIdOf(1), end_epoch: 6, object_id: hexId(1, 0x0b), was_certified: true },
};

/** Writes the whole fixture state. */
export async function writeFixture(db: ReadDb): Promise<void> {
  await db.insert(epochs).values(
    [0, 1, 2, 3].map((epoch) => ({
      epoch,
      state: epoch === CURRENT_EPOCH ? ('epoch_change_done' as const) : ('next_params_selected' as const),
      changeStartedTimestampMs: epoch === 0 ? GENESIS_MS - DAY_MS : GENESIS_MS + BigInt(epoch - 1) * DAY_MS,
      changeStartedCheckpoint: BigInt(epoch * 10),
      changeDoneTimestampMs: epoch === 0 ? null : GENESIS_MS + BigInt(epoch - 1) * DAY_MS + 60_000n,
      totalCapacitySize: 1n << 50n,
      usedCapacitySize: BigInt(epoch) << 30n,
      storagePricePerUnitSize: 100_000n,
      writePricePerUnitSize: 20_000n,
      nShards: 10,
    })),
  );
  await db.insert(stakingState).values({
    objectId: hexId(1, 0x57),
    version: 2n,
    packageId: PACKAGE,
    nShards: 10,
    epochDurationMs: DAY_MS,
    firstEpochStartMs: GENESIS_MS,
    epoch: CURRENT_EPOCH,
    epochState: 'epoch_change_done',
    epochStateValue: GENESIS_MS + 2n * DAY_MS + 60_000n,
    nextCommittee: null,
    nextEpochCapacity: null,
    updatedCheckpoint: 90n,
  });
  await db.insert(systemState).values({
    objectId: hexId(1, 0x5a),
    version: 2n,
    packageId: PACKAGE,
    epoch: CURRENT_EPOCH,
    nShards: 1000,
    totalCapacitySize: 1n << 50n,
    usedCapacitySize: 3n << 30n,
    storagePricePerUnitSize: 100_000n,
    writePricePerUnitSize: 20_000n,
    maxEpochsAhead: 53,
    futureAccounting: [
      { epoch: 3, usedCapacity: '3221225472', rewardsToDistribute: '1000' },
      { epoch: 4, usedCapacity: '1073741824', rewardsToDistribute: '500' },
    ],
    updatedCheckpoint: 95n,
  });
  await db.insert(storageNodes).values([
    nodeRow(NODE_A, 'Alpha', { walBalance: 4_000_000_000_000n, commissionRate: 1000 }),
    nodeRow(NODE_B, 'Beta', {
      walBalance: 3_000_000_000_000n,
      commissionRate: 200,
      pendingCommissionRates: [{ epoch: 5, value: '300' }],
    }),
    nodeRow(NODE_C, 'Gamma_%', { walBalance: 3_000_000_000_000n, commissionRate: 700 }),
    nodeRow(NODE_D, 'Delta', { walBalance: 500_000_000_000n, commissionRate: 0 }),
  ]);
  const seats = (epoch: number, members: [string, number[]][]) =>
    members.map(([nodeId, shardIndices]) => ({ epoch, nodeId, shardIndices, weight: shardIndices.length }));
  await db.insert(committeeMembers).values([
    ...seats(1, [
      [NODE_A, [0, 1, 2, 3, 4]],
      [NODE_B, [5, 6, 7, 8, 9]],
    ]),
    ...seats(2, [
      [NODE_A, [0, 1, 2, 3]],
      [NODE_B, [5, 6, 7]],
      [NODE_C, [4, 8, 9]],
    ]),
    ...seats(3, [
      [NODE_A, [0, 1, 2, 3]],
      [NODE_B, [5, 6, 7]],
      [NODE_C, [4, 8, 9]],
    ]),
  ]);
  // Alpha's share value grows 1% per epoch from epoch 1; Beta stays flat.
  await db.insert(poolExchangeRates).values([
    { nodeId: NODE_A, epoch: 1, walAmount: null, shareAmount: null },
    { nodeId: NODE_A, epoch: 2, walAmount: 1_010_000n, shareAmount: 1_000_000n },
    { nodeId: NODE_A, epoch: 3, walAmount: 1_020_100n, shareAmount: 1_000_000n },
    { nodeId: NODE_B, epoch: 1, walAmount: null, shareAmount: null },
  ]);
  await db
    .insert(stakedWals)
    .values([
      staked(1, { nodeId: NODE_A, activationEpoch: 1 }),
      staked(2, { nodeId: NODE_B, state: 'withdrawing', activationEpoch: 1, withdrawEpoch: 3 }),
      staked(3, { nodeId: NODE_D, activationEpoch: 2 }),
      staked(4, { nodeId: NODE_A, activationEpoch: 4 }),
      staked(5, { owner: OWNER_Y, nodeId: NODE_A, state: 'withdrawn', activationEpoch: 1, withdrawEpoch: 2 }),
    ]);
  await db.insert(blobs).values([
    ...Array.from({ length: BLOB_COUNT }, (_, k) => blobRow(k + 1, k + 1 > 55 ? { owner: OWNER_Y } : {})),
    // A second object for blob 1's id: permanent and certified, ending later.
    blobRow(1001, {
      createdCheckpoint: 75n,
      updatedCheckpoint: 75n,
      blobId: blobIdOf(1),
      deletable: false,
      endEpoch: 40,
      status: 'certified',
      certifiedEpoch: 2,
    }),
    // Expired: its end epoch (2) has begun, so its expiry time is that epoch's recorded start.
    EXPIRED_BLOB,
    // The invalid blob id.
    blobRow(1002, { createdCheckpoint: 76n, updatedCheckpoint: 76n, blobId: INVALID_BLOB, owner: OWNER_Y }),
  ]);
  await db.insert(invalidBlobIds).values({
    blobId: INVALID_BLOB,
    epoch: 2,
    checkpoint: 80n,
    txDigest: 'Invalid1111111111111111111111111111111',
    timestampMs: GENESIS_MS + DAY_MS,
  });
  const eventType = (name: string) => `${PACKAGE}::events::${name}`;
  await db.insert(events).values([
    {
      txDigest: `Tx${String(1).padStart(40, '1')}`,
      eventIndex: 0,
      checkpoint: 11n,
      txIndex: 0,
      timestampMs: GENESIS_MS + 1000n,
      sender: OWNER_X,
      eventType: eventType('BlobRegistered'),
      typeName: eventType('BlobRegistered'),
      bcs: new Uint8Array([1, 2, 3]),
      json: { epoch: 2, object_id: hexId(1, 0x0b), size: '1000' },
    },
    {
      txDigest: `Cert${String(1).padStart(38, '1')}`,
      eventIndex: 0,
      checkpoint: 12n,
      txIndex: 1,
      timestampMs: GENESIS_MS + 2000n,
      sender: OWNER_X,
      eventType: eventType('BlobCertified'),
      typeName: eventType('BlobCertified'),
      bcs: new Uint8Array([4, 5]),
      json: { epoch: 2, object_id: hexId(1, 0x0b), is_extension: false },
    },
    {
      txDigest: `Epoch${String(1).padStart(37, '1')}`,
      eventIndex: 0,
      checkpoint: 30n,
      txIndex: 0,
      timestampMs: GENESIS_MS + 2n * DAY_MS,
      sender: OWNER_Y,
      eventType: eventType('EpochChangeStart'),
      typeName: eventType('EpochChangeStart'),
      bcs: new Uint8Array([3, 0, 0, 0]),
      json: { epoch: 3 },
    },
    // Committed by the events pipeline (watermark 100) beyond the walrus watermark (98): the domain tables have not
    // seen it (blob 1 is still live), so no response may show it while the walrus watermark stays below 99.
    LATE_EVENT,
  ]);
  await db.insert(pipelineWatermarks).values([
    { pipeline: 'events', checkpoint: CHECKPOINT, checkpointTimestampMs: GENESIS_MS + 100_000n },
    { pipeline: 'walrus', checkpoint: CHECKPOINT - 2n, checkpointTimestampMs: GENESIS_MS + 98_000n },
  ]);
}
