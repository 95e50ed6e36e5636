// The query shapes of the benchmark: the timed mix (what explorers, dashboards and wallets ask most), and every
// other shape the resolvers can send to the database, EXPLAINed on the large dataset. One shape per distinct SQL
// statement pattern: each filter, each ordering (with and without a cursor), each loader, each totalCount.
import { encodeCursor } from '../pagination/cursor.ts';
import { blobIdOf, digestOf, idOf, type DatasetSize } from './dataset.ts';

export interface Shape {
  /** Group of the shape in the printed tables (the root field it exercises). */
  group: string;
  name: string;
  query: string;
  variables(random: () => number): Record<string, unknown>;
}

const none = () => ({});

/** A cursor of a blob ordering after the dataset's blob `i` (its key values are derived the way the dataset is). */
function blobCursor(
  size: DatasetSize,
  field: 'CREATED' | 'SIZE' | 'REGISTERED_EPOCH' | 'END_EPOCH',
  dir: 'ASC' | 'DESC',
  i: number,
) {
  const key = {
    CREATED: { type: 'bigint', value: BigInt(i) },
    SIZE: { type: 'bigint', value: ((BigInt(i) * 7919n) % 10_000_000n) + 1n },
    REGISTERED_EPOCH: { type: 'int', value: Math.floor((i * size.epochs) / size.blobs) },
    END_EPOCH: { type: 'int', value: Math.floor((i * size.epochs) / size.blobs) + 1 + (i % 53) },
  }[field];
  return encodeCursor(`blobs:${field}:${dir}`, [key.type as 'int' | 'bigint', 'text'], [key.value, idOf('0b', i)]);
}

export function mixShapes(size: DatasetSize): Shape[] {
  return [
    {
      group: 'blob',
      name: 'blob by object id',
      query: `query($id: String!) { blob(objectId: $id) { objectId blobId size status certifiedEpoch owner { address }
      storage { endEpoch storageSize } attributes { key value } expiresAt { epoch estimatedTime expired } } }`,
      variables: (r) => ({ id: idOf('0b', 1 + Math.floor(r() * size.blobs)) }),
    },
    {
      group: 'blobs',
      name: "owner's blobs, page of 50",
      query: `query($owner: String!) { blobs(filter: { owner: $owner }, first: 50) {
      edges { cursor node { objectId blobId size status certifiedEpoch deletable storage { endEpoch } } }
      pageInfo { hasNextPage endCursor } } }`,
      variables: (r) => ({ owner: idOf('aa', Math.floor(r() * size.owners)) }),
    },
    {
      group: 'storageNodes',
      name: 'storage nodes, page of 50',
      query: `{ storageNodes(first: 50) { nodes { nodeId name stake commissionRate shards inCommittee apy } pageInfo { hasNextPage } } }`,
      variables: none,
    },
    {
      group: 'epoch',
      name: 'epoch with committee',
      query: `query($n: Int!) { epoch(number: $n) { epoch state startTime estimatedEndTime storagePricePerUnitSize
      writePricePerUnitSize totalCapacitySize usedCapacitySize committee { nodeId weight node { name } } } }`,
      variables: (r) => ({ n: 1 + Math.floor(r() * size.epochs) }),
    },
    {
      group: 'stakedWals',
      name: "staker's positions",
      query: `query($owner: String!) { stakedWals(owner: $owner, first: 50) { nodes { objectId principal state activationEpoch
      withdrawEpoch estimatedRewards estimatedValue canWithdrawNow node { name } } } }`,
      variables: (r) => ({ owner: idOf('cc', Math.floor(r() * size.stakers)) }),
    },
  ];
}

const blobPage = (group: string, name: string, args: string): Shape => ({
  group,
  name,
  query: `{ blobs(${args}, first: 50) { nodes { objectId } } }`,
  variables: none,
});

/** Every other statement pattern the resolvers send, EXPLAINed only. */
export function explainShapes(size: DatasetSize): Shape[] {
  const middle = Math.floor(size.blobs / 2);
  const withEvents = Math.min(4242, size.events);
  return [
    // Single blobs and blob ids.
    {
      group: 'blob',
      name: 'blob history and its blob id status',
      query: `query($id: String!) { blob(objectId: $id) { events { totalCount nodes { name } } blobIdStatus { status } } }`,
      variables: () => ({ id: idOf('0b', withEvents) }),
    },
    {
      group: 'blobsByBlobId',
      name: 'objects of a blob id',
      query: `query($id: String!) { blobsByBlobId(blobId: $id) { objectId status } }`,
      variables: () => ({ id: blobIdOf(middle) }),
    },
    {
      group: 'blobStatus',
      name: 'status of a blob id',
      query: `query($id: String!) { blobStatus(blobId: $id) { status endEpoch deletableCounts { countDeletableTotal } } }`,
      variables: () => ({ id: blobIdOf(middle + 1) }),
    },
    {
      group: 'blobStatus',
      name: 'status of an invalid blob id',
      query: `query($id: String!) { blobStatus(blobId: $id) { status invalidation { epoch } } }`,
      variables: () => ({ id: blobIdOf(-7) }),
    },
    // Blob lists: each ordering, unfiltered, first page and after a cursor.
    blobPage('blobs', 'recent blobs (CREATED DESC)', 'orderBy: { field: CREATED, direction: DESC }'),
    blobPage(
      'blobs',
      'recent blobs after a cursor',
      `after: "${blobCursor(size, 'CREATED', 'DESC', middle)}", orderBy: { field: CREATED, direction: DESC }`,
    ),
    blobPage('blobs', 'oldest blobs (CREATED ASC)', 'orderBy: { field: CREATED, direction: ASC }'),
    blobPage('blobs', 'largest blobs (SIZE DESC)', 'orderBy: { field: SIZE, direction: DESC }'),
    blobPage(
      'blobs',
      'by size after a cursor (SIZE ASC)',
      `after: "${blobCursor(size, 'SIZE', 'ASC', middle)}", orderBy: { field: SIZE, direction: ASC }`,
    ),
    blobPage('blobs', 'by registered epoch (REGISTERED_EPOCH DESC)', 'orderBy: { field: REGISTERED_EPOCH }'),
    blobPage(
      'blobs',
      'by registered epoch after a cursor',
      `after: "${blobCursor(size, 'REGISTERED_EPOCH', 'DESC', middle)}", orderBy: { field: REGISTERED_EPOCH }`,
    ),
    blobPage('blobs', 'by end epoch (END_EPOCH ASC)', 'orderBy: { field: END_EPOCH, direction: ASC }'),
    {
      group: 'blobs',
      name: 'last page of recent blobs (last: 50)',
      query: `{ blobs(last: 50) { nodes { objectId } } }`,
      variables: none,
    },
    // Blob lists: each filter, in the default ordering.
    blobPage('blobs', 'filter status REGISTERED (10%)', 'filter: { status: [REGISTERED] }'),
    blobPage('blobs', 'filter status CERTIFIED, EXPIRED', 'filter: { status: [CERTIFIED, EXPIRED] }'),
    blobPage('blobs', 'filter status DELETED (none)', 'filter: { status: [DELETED] }'),
    blobPage('blobs', 'filter certified: true', 'filter: { certified: true }'),
    blobPage('blobs', 'filter certified: false', 'filter: { certified: false }'),
    blobPage('blobs', 'filter deletable: true', 'filter: { deletable: true }'),
    blobPage('blobs', 'filter deletable: false', 'filter: { deletable: false }'),
    blobPage('blobs', 'filter size range (0.01%)', 'filter: { sizeGte: "1000", sizeLte: "2000" }'),
    blobPage('blobs', 'filter size >= 9,999,000', 'filter: { sizeGte: "9999000" }'),
    blobPage('blobs', 'filter registered epoch range', 'filter: { registeredEpochGte: 40, registeredEpochLte: 41 }'),
    blobPage('blobs', 'filter end epoch range', 'filter: { endEpochGte: 101, endEpochLte: 102 }'),
    blobPage('blobs', 'filter attribute key', 'filter: { attribute: { key: "content-type" } }'),
    blobPage('blobs', 'filter attribute key (absent)', 'filter: { attribute: { key: "colour" } }'),
    blobPage('blobs', 'filter attribute key/value', 'filter: { attribute: { key: "name", value: "file-13" } }'),
    blobPage('blobs', 'filter blob id', `filter: { blobId: "${blobIdOf(middle)}" }`),
    // Blob lists: filters in the ordering they are usually asked with.
    blobPage(
      'blobs',
      'size range by size',
      'filter: { sizeGte: "1000", sizeLte: "2000" }, orderBy: { field: SIZE, direction: ASC }',
    ),
    blobPage(
      'blobs',
      'end epoch range by end epoch',
      'filter: { endEpochGte: 101, endEpochLte: 105 }, orderBy: { field: END_EPOCH, direction: ASC }',
    ),
    blobPage(
      'blobs',
      'registered epoch range by registered epoch',
      'filter: { registeredEpochGte: 40, registeredEpochLte: 41 }, orderBy: { field: REGISTERED_EPOCH }',
    ),
    blobPage(
      'blobs',
      'certified, expiring soonest',
      'filter: { status: [CERTIFIED] }, orderBy: { field: END_EPOCH, direction: ASC }',
    ),
    blobPage(
      'blobs',
      'registered or certified, expiring soonest',
      'filter: { status: [REGISTERED, CERTIFIED] }, orderBy: { field: END_EPOCH, direction: ASC }',
    ),
    blobPage(
      'blobs',
      'expired, latest end epoch first',
      'filter: { status: [EXPIRED] }, orderBy: { field: END_EPOCH, direction: DESC }',
    ),
    blobPage(
      'blobs',
      "owner's largest blobs",
      `filter: { owner: "${idOf('aa', 77)}" }, orderBy: { field: SIZE, direction: DESC }`,
    ),
    blobPage(
      'blobs',
      "owner's registered, deletable blobs",
      `filter: { owner: "${idOf('aa', 77)}", status: [REGISTERED], deletable: true }`,
    ),
    blobPage(
      'blobs',
      'attribute key, by end epoch',
      'filter: { attribute: { key: "content-type" } }, orderBy: { field: END_EPOCH, direction: ASC }',
    ),
    // totalCount of blob lists.
    {
      group: 'blobs totalCount',
      name: 'all blobs',
      query: `{ blobs(first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    {
      group: 'blobs totalCount',
      name: "an owner's blobs",
      query: `{ blobs(filter: { owner: "${idOf('aa', 77)}" }, first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    {
      group: 'blobs totalCount',
      name: 'status REGISTERED (10%)',
      query: `{ blobs(filter: { status: [REGISTERED] }, first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    {
      group: 'blobs totalCount',
      name: 'size range (0.01%)',
      query: `{ blobs(filter: { sizeGte: "1000", sizeLte: "2000" }, first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    {
      group: 'blobs totalCount',
      name: 'attribute key (10%)',
      query: `{ blobs(filter: { attribute: { key: "content-type" } }, first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    {
      group: 'blobs totalCount',
      name: 'deletable: true (50%)',
      query: `{ blobs(filter: { deletable: true }, first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    // Events.
    {
      group: 'events',
      name: 'chain order (ASC)',
      query: `{ events(first: 50) { nodes { checkpoint name } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'newest first (DESC)',
      query: `{ events(orderBy: DESC, first: 50) { nodes { checkpoint name } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'after a cursor',
      query: `{ events(first: 50, after: "${encodeCursor('events:ASC', ['bigint', 'int', 'int'], [BigInt(Math.floor(size.events / 2)), 0, 0])}") { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'one type (short name), ASC',
      query: `{ events(filter: { types: ["BlobCertified"] }, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'one type, newest first',
      query: `{ events(filter: { types: ["BlobCertified"] }, orderBy: DESC, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'a rare type (InvalidBlobID: none)',
      query: `{ events(filter: { types: ["InvalidBlobID"] }, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'a rare type, newest first',
      query: `{ events(filter: { types: ["InvalidBlobID"] }, orderBy: DESC, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'two types',
      query: `{ events(filter: { types: ["BlobCertified", "BlobDeleted"] }, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'sender',
      query: `{ events(filter: { sender: "${idOf('aa', 77)}" }, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'transaction',
      query: `{ events(filter: { transaction: "${digestOf(Math.floor(size.events / 3))}" }) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'checkpoint range',
      query: `{ events(filter: { checkpointGte: "150000", checkpointLte: "150100" }, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events',
      name: 'one type in a checkpoint range',
      query: `{ events(filter: { types: ["BlobRegistered"], checkpointGte: "150000", checkpointLte: "160000" }, first: 50) { nodes { checkpoint } } }`,
      variables: none,
    },
    {
      group: 'events totalCount',
      name: 'all events',
      query: `{ events(first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    {
      group: 'events totalCount',
      name: 'one type',
      query: `{ events(filter: { types: ["BlobCertified"] }, first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    {
      group: 'events totalCount',
      name: 'sender',
      query: `{ events(filter: { sender: "${idOf('aa', 77)}" }, first: 1) { totalCount totalCountEstimate } }`,
      variables: none,
    },
    // Storage nodes: each ordering and filter, one node in full.
    ...(
      [
        ['by stake, after a cursor', `orderBy: { field: STAKE }, after: "${nodeCursor()}"`],
        ['by commission', 'orderBy: { field: COMMISSION, direction: ASC }'],
        ['by shards', 'orderBy: { field: SHARDS }'],
        ['by name', 'orderBy: { field: NAME, direction: ASC }'],
        ['filter state', 'filter: { state: ACTIVE }'],
        ['filter in committee', 'filter: { inCommittee: true }'],
        ['filter not in committee', 'filter: { inCommittee: false }'],
        ['filter name contains', 'filter: { nameContains: "node-1" }'],
      ] as const
    ).map(([name, args]): Shape => ({
      group: 'storageNodes',
      name,
      query: `{ storageNodes(${args}, first: 50) { totalCount nodes { nodeId shards } } }`,
      variables: none,
    })),
    {
      group: 'storageNode',
      name: 'one node: rates, APY, committee seats, positions',
      query: `query($id: String!) { storageNode(id: $id) { name apy inNextCommittee exchangeRates(first: 50) { totalCount nodes { epoch rate } }
        committeeHistory(last: 20) { epoch weight } } }`,
      variables: () => ({ id: idOf('b0', 7) }),
    },
    // Epochs.
    {
      group: 'epochs',
      name: 'newest first with committee sizes',
      query: `{ epochs(first: 50) { totalCount nodes { epoch state committee { weight } } } }`,
      variables: none,
    },
    {
      group: 'epochs',
      name: 'oldest first after a cursor',
      query: `{ epochs(orderBy: ASC, first: 50, after: "${encodeCursor('epochs:ASC', ['int'], [10])}") { nodes { epoch } } }`,
      variables: none,
    },
    {
      group: 'currentEpoch',
      name: 'current epoch with committee',
      query: `{ currentEpoch { epoch durationMs isCurrent committee { nodeId shardIndices } } }`,
      variables: none,
    },
    // Staked positions.
    {
      group: 'stakedWals',
      name: 'positions on one node',
      query: `{ stakedWals(filter: { nodeId: "${idOf('b0', 7)}" }, first: 50) { totalCount nodes { objectId } } }`,
      variables: none,
    },
    {
      group: 'stakedWals',
      name: 'withdrawing positions (10%)',
      query: `{ stakedWals(filter: { state: [WITHDRAWING] }, first: 50) { totalCount nodes { objectId } } }`,
      variables: none,
    },
    {
      group: 'stakedWals',
      name: 'withdrawn positions (none)',
      query: `{ stakedWals(filter: { state: [WITHDRAWN] }, first: 50) { nodes { objectId } } }`,
      variables: none,
    },
    {
      group: 'stakedWals',
      name: "owner's staked positions on one node",
      query: `{ stakedWals(owner: "${idOf('cc', 77)}", filter: { state: [STAKED], nodeId: "${idOf('b0', 78)}" }, first: 50) { totalCount nodes { objectId } } }`,
      variables: none,
    },
    {
      group: 'stakedWals',
      name: 'all positions, after a cursor',
      query: `{ stakedWals(first: 50, after: "${encodeCursor('stakedWals:objectId:ASC', ['text'], [idOf('5e', 5000)])}") { totalCount nodes { objectId } } }`,
      variables: none,
    },
    {
      group: 'stakedWal',
      name: 'one position with its value',
      query: `{ stakedWal(id: "${idOf('5e', 777)}") { principal estimatedValue canWithdrawNow } }`,
      variables: none,
    },
    // Singletons.
    {
      group: 'system',
      name: 'system and staking',
      query: `{ system { epoch maxBlobSize staking { epochState nextCommittee { nodeId } } } }`,
      variables: none,
    },
    {
      group: 'indexerStatus',
      name: 'indexer status',
      query: `{ indexerStatus { checkpoint lagMs pipelines { pipeline checkpoint } } }`,
      variables: none,
    },
  ];
}

/** A STAKE DESC cursor in the middle of the nodes (node 50's balance, as the dataset sets it). */
function nodeCursor(): string {
  const n = 50;
  const balance = BigInt(1000 + ((n * 7919) % 5000)) * 1_000_000_000n;
  return encodeCursor('storageNodes:STAKE:DESC', ['bigint', 'text'], [balance, idOf('b0', n)]);
}
