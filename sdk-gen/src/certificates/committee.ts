/**
 * The signing committee of one epoch as `bls_aggregate::BlsCommittee` holds it (spec 3.1, 4.5): members in
 * node-ID order with their BLS keys and shard weights, plus the signer-bitmap format and the stake thresholds.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';

import { normalizeAddress } from './address.ts';
import { CertificateError, CommitteeError } from './errors.ts';
import { assertSmallUint } from './uint.ts';

const G1 = bls12_381.G1.Point;

/** A committee member as given by the caller; `publicKey` is a G1 key, 48 bytes compressed or 96 uncompressed. */
export type CommitteeMemberInput = { nodeId: string; publicKey: Uint8Array; weight: number };

/** A member of a built committee; `publicKey` is always the 48-byte compressed G1 key. */
export type CommitteeMember = { nodeId: string; publicKey: Uint8Array; weight: number };

/** A committee: `members` sorted by node ID, `nShards` = Σ weights, `totalAggregatedKey` = Σ keys (compressed). */
export type BlsCommittee = {
  epoch: number;
  members: readonly CommitteeMember[];
  nShards: number;
  totalAggregatedKey: Uint8Array;
};

/**
 * Builds a committee for `epoch`. Members are sorted by node ID compared as `u256` (the address bytes read
 * big-endian, which is the order of the normalized hex strings), as the chain stores them. Rejects duplicate
 * node IDs, weights outside `1..65535`, a total above `u16::MAX` and keys that are not valid G1 points.
 */
export function createCommittee(epoch: number, members: readonly CommitteeMemberInput[]): BlsCommittee {
  if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > 0xffff_ffff) {
    throw new CommitteeError('InvalidEpoch', `committee epoch must be a u32, got ${epoch}`);
  }
  const normalized = members.map((member, index) => normalizeMember(member, index));
  normalized.sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  for (let i = 1; i < normalized.length; i++) {
    const current = normalized[i];
    if (current !== undefined && current.nodeId === normalized[i - 1]?.nodeId) {
      throw new CommitteeError('DuplicateNodeId', `node ${current.nodeId} appears more than once in the committee`);
    }
  }
  const nShards = normalized.reduce((sum, member) => sum + member.weight, 0);
  if (nShards > 0xffff) {
    throw new CommitteeError(
      'TooManyShards',
      `the weights sum to ${nShards} shards; n_shards is a u16 (at most 65535)`,
    );
  }
  const totalAggregatedKey = normalized
    .reduce((sum, member) => sum.add(G1.fromBytes(member.publicKey)), G1.ZERO)
    .toBytes(true);
  return { epoch, members: normalized, nShards, totalAggregatedKey };
}

/** Index of `nodeId` in the committee's member order, or throws `UnknownSigner`. */
export function memberIndex(committee: BlsCommittee, nodeId: string): number {
  const id = normalizeAddress(nodeId, 'node ID');
  const index = committee.members.findIndex((member) => member.nodeId === id);
  if (index < 0) {
    throw new CertificateError('UnknownSigner', `node ${id} is not a member of the epoch-${committee.epoch} committee`);
  }
  return index;
}

/** The 96-byte uncompressed form of a G1 public key, as `BlsCommitteeMember.public_key` stores it. */
export function uncompressedPublicKey(publicKey: Uint8Array): Uint8Array {
  return G1.fromBytes(publicKey).toBytes(false);
}

// === Signer bitmaps ===

/**
 * Encodes signer indices as the chain's bitmap: bit `i` of byte `j` (least significant first) is member `8j+i`.
 * Always emits `ceil(memberCount / 8)` bytes. Throws `RangeError` on an index outside the committee or a
 * repeated index.
 */
export function encodeSignersBitmap(memberCount: number, signerIndices: readonly number[]): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(memberCount / 8));
  for (const index of signerIndices) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= memberCount) {
      throw new RangeError(`signer index ${index} is outside the committee of ${memberCount} members`);
    }
    const mask = 1 << (index % 8);
    const byte = index >> 3;
    if (((bitmap[byte] ?? 0) & mask) !== 0) throw new RangeError(`signer index ${index} is listed twice`);
    bitmap[byte] = (bitmap[byte] ?? 0) | mask;
  }
  return bitmap;
}

/**
 * Decodes a signer bitmap into ascending member indices, with the chain's rules: a bitmap shorter than
 * `ceil(memberCount / 8)` bytes leaves the missing members as non-signers; a longer one, or a set bit at an
 * index `≥ memberCount`, throws `InvalidBitmap`.
 */
export function decodeSignersBitmap(memberCount: number, bitmap: Uint8Array): number[] {
  const maxBytes = Math.ceil(memberCount / 8);
  if (bitmap.length > maxBytes) {
    throw new CertificateError(
      'InvalidBitmap',
      `signer bitmap has ${bitmap.length} bytes, but a committee of ${memberCount} members allows at most ${maxBytes}`,
    );
  }
  const indices: number[] = [];
  bitmap.forEach((byte, j) => {
    for (let i = 0; i < 8; i++) {
      if ((byte & (1 << i)) === 0) continue;
      const index = 8 * j + i;
      if (index >= memberCount) {
        throw new CertificateError(
          'InvalidBitmap',
          `signer bitmap sets bit ${index}, but the committee has only ${memberCount} members`,
        );
      }
      indices.push(index);
    }
  });
  return indices;
}

// === Thresholds (weights in shards) ===

/** Quorum (more than two thirds): `3w ≥ 2n + 1`. */
export function isQuorum(weight: number, nShards: number): boolean {
  return 3 * weight >= 2 * nShards + 1;
}

/** At least one correct node (f+1, more than one third): `3w ≥ n + 1`. */
export function isAboveValidity(weight: number, nShards: number): boolean {
  return 3 * weight >= nShards + 1;
}

// === Internals ===

function normalizeMember(member: CommitteeMemberInput, position: number): CommitteeMember {
  let nodeId: string;
  try {
    nodeId = normalizeAddress(member.nodeId, `node ID of member ${position}`);
  } catch (error) {
    throw new CommitteeError('InvalidNodeId', (error as Error).message);
  }
  try {
    assertSmallUint(member.weight, 16, `weight of node ${nodeId}`);
  } catch (error) {
    throw new CommitteeError('InvalidWeight', (error as Error).message);
  }
  if (member.weight === 0) {
    throw new CommitteeError(
      'InvalidWeight',
      `node ${nodeId} has weight 0; every committee member holds at least one shard`,
    );
  }
  let publicKey: Uint8Array;
  try {
    const point = G1.fromBytes(member.publicKey);
    if (point.is0()) throw new Error('the key is the point at infinity');
    publicKey = point.toBytes(true);
  } catch (error) {
    throw new CommitteeError(
      'InvalidPublicKey',
      `node ${nodeId} has no valid BLS12-381 G1 public key (48 or 96 bytes): ${(error as Error).message}`,
    );
  }
  return { nodeId, publicKey, weight: member.weight };
}
