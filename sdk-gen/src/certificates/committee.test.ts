import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';

import {
  createCommittee,
  decodeSignersBitmap,
  encodeSignersBitmap,
  isAboveValidity,
  isQuorum,
  memberIndex,
  uncompressedPublicKey,
} from './committee.ts';
import { CertificateError, CommitteeError } from './errors.ts';

const G1 = bls12_381.G1.Point;

function publicKey(seed: number): Uint8Array {
  return bls12_381.longSignatures.keygen(new Uint8Array(48).fill(seed)).publicKey.toBytes(true);
}

function id(hexTail: string): string {
  return '0x' + hexTail.padStart(64, '0');
}

function expectCode(run: () => unknown, type: typeof CommitteeError | typeof CertificateError, code: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    expect((error as CommitteeError | CertificateError).code).toBe(code);
    return;
  }
  expect.fail(`expected ${type.name} ${code}, but nothing was thrown`);
}

describe('createCommittee', () => {
  it('sorts members by node ID read as a big-endian u256', () => {
    const committee = createCommittee(1, [
      { nodeId: 'ff' + '0'.repeat(62), publicKey: publicKey(1), weight: 1 },
      { nodeId: '0x100', publicKey: publicKey(2), weight: 1 },
      { nodeId: '0xff', publicKey: publicKey(3), weight: 1 },
      { nodeId: '0x2', publicKey: publicKey(4), weight: 1 },
    ]);
    expect(committee.members.map((member) => member.nodeId)).toEqual([
      id('2'),
      id('ff'),
      id('100'),
      '0xff' + '0'.repeat(62),
    ]);
  });

  it('sums the weights into n_shards and the keys into the total aggregated key', () => {
    const keys = [publicKey(1), publicKey(2), publicKey(3)];
    const committee = createCommittee(
      4,
      keys.map((key, i) => ({ nodeId: `0x${i + 1}`, publicKey: key, weight: i + 2 })),
    );
    expect(committee.epoch).toBe(4);
    expect(committee.nShards).toBe(2 + 3 + 4);
    const expected = keys.reduce((sum, key) => sum.add(G1.fromBytes(key)), G1.ZERO);
    expect(G1.fromBytes(committee.totalAggregatedKey).equals(expected)).toBe(true);
  });

  it('accepts uncompressed keys and stores them compressed', () => {
    const key = publicKey(9);
    const uncompressed = uncompressedPublicKey(key);
    expect(uncompressed.length).toBe(96);
    const committee = createCommittee(0, [{ nodeId: '0x1', publicKey: uncompressed, weight: 1 }]);
    expect(committee.members[0]?.publicKey).toEqual(key);
  });

  it('builds an empty committee with no shards', () => {
    const committee = createCommittee(0, []);
    expect(committee.nShards).toBe(0);
    expect(G1.fromBytes(committee.totalAggregatedKey).is0()).toBe(true);
  });

  it('rejects the same node twice, however its ID is spelled', () => {
    expectCode(
      () =>
        createCommittee(1, [
          { nodeId: '0x2', publicKey: publicKey(1), weight: 1 },
          { nodeId: id('2'), publicKey: publicKey(2), weight: 1 },
        ]),
      CommitteeError,
      'DuplicateNodeId',
    );
  });

  it('rejects weights of zero, above u16 and totals above u16', () => {
    expectCode(
      () => createCommittee(1, [{ nodeId: '0x1', publicKey: publicKey(1), weight: 0 }]),
      CommitteeError,
      'InvalidWeight',
    );
    expectCode(
      () => createCommittee(1, [{ nodeId: '0x1', publicKey: publicKey(1), weight: 65536 }]),
      CommitteeError,
      'InvalidWeight',
    );
    expectCode(
      () => createCommittee(1, [{ nodeId: '0x1', publicKey: publicKey(1), weight: 1.5 }]),
      CommitteeError,
      'InvalidWeight',
    );
    expectCode(
      () =>
        createCommittee(1, [
          { nodeId: '0x1', publicKey: publicKey(1), weight: 40000 },
          { nodeId: '0x2', publicKey: publicKey(2), weight: 30000 },
        ]),
      CommitteeError,
      'TooManyShards',
    );
  });

  it('rejects keys that are not G1 points, and the point at infinity', () => {
    const notOnCurve = publicKey(1).slice();
    notOnCurve[47] = (notOnCurve[47] ?? 0) ^ 1;
    expectCode(
      () => createCommittee(1, [{ nodeId: '0x1', publicKey: notOnCurve, weight: 1 }]),
      CommitteeError,
      'InvalidPublicKey',
    );
    expectCode(
      () => createCommittee(1, [{ nodeId: '0x1', publicKey: new Uint8Array(47), weight: 1 }]),
      CommitteeError,
      'InvalidPublicKey',
    );
    expectCode(
      () => createCommittee(1, [{ nodeId: '0x1', publicKey: G1.ZERO.toBytes(true), weight: 1 }]),
      CommitteeError,
      'InvalidPublicKey',
    );
  });

  it('rejects bad node IDs and epochs', () => {
    expectCode(
      () => createCommittee(1, [{ nodeId: 'node-1', publicKey: publicKey(1), weight: 1 }]),
      CommitteeError,
      'InvalidNodeId',
    );
    expectCode(() => createCommittee(2 ** 32, []), CommitteeError, 'InvalidEpoch');
  });

  it('finds a member index by node ID and rejects non-members', () => {
    const committee = createCommittee(1, [
      { nodeId: '0x9', publicKey: publicKey(1), weight: 1 },
      { nodeId: '0x3', publicKey: publicKey(2), weight: 1 },
    ]);
    expect(memberIndex(committee, '0x9')).toBe(1);
    expect(memberIndex(committee, id('3'))).toBe(0);
    expectCode(() => memberIndex(committee, '0x4'), CertificateError, 'UnknownSigner');
  });
});

describe('signer bitmaps', () => {
  it('sets bit i of byte j for member 8j+i, least significant bit first', () => {
    expect([...encodeSignersBitmap(10, [0])]).toEqual([0x01, 0x00]);
    expect([...encodeSignersBitmap(10, [9])]).toEqual([0x00, 0x02]);
    expect([...encodeSignersBitmap(10, [7, 0, 8])]).toEqual([0x81, 0x01]);
    expect([...encodeSignersBitmap(3, [])]).toEqual([0x00]);
  });

  it('decodes back to ascending member indices', () => {
    expect(decodeSignersBitmap(10, encodeSignersBitmap(10, [9, 3, 0, 8]))).toEqual([0, 3, 8, 9]);
    expect(decodeSignersBitmap(16, new Uint8Array([0xff, 0xff]))).toHaveLength(16);
  });

  it('accepts a bitmap shorter than the committee, counting the missing members as non-signers', () => {
    expect(decodeSignersBitmap(20, new Uint8Array([0x05]))).toEqual([0, 2]);
    expect(decodeSignersBitmap(20, new Uint8Array())).toEqual([]);
  });

  it('rejects a bitmap longer than ceil(members / 8) bytes, even when the extra byte is zero', () => {
    expectCode(() => decodeSignersBitmap(8, new Uint8Array([0x01, 0x00])), CertificateError, 'InvalidBitmap');
    expectCode(() => decodeSignersBitmap(0, new Uint8Array([0x00])), CertificateError, 'InvalidBitmap');
  });

  it('rejects a set bit beyond the last member', () => {
    expectCode(() => decodeSignersBitmap(10, new Uint8Array([0x00, 0x04])), CertificateError, 'InvalidBitmap');
    expectCode(() => decodeSignersBitmap(1, new Uint8Array([0x80])), CertificateError, 'InvalidBitmap');
  });

  it('refuses to encode indices outside the committee or listed twice', () => {
    expect(() => encodeSignersBitmap(10, [10])).toThrow(RangeError);
    expect(() => encodeSignersBitmap(10, [-1])).toThrow(RangeError);
    expect(() => encodeSignersBitmap(10, [4, 4])).toThrow(RangeError);
  });
});

describe('stake thresholds', () => {
  it('needs 3w >= 2n + 1 for a quorum', () => {
    expect(isQuorum(7, 10)).toBe(true);
    expect(isQuorum(6, 10)).toBe(false);
    expect(isQuorum(667, 1000)).toBe(true);
    expect(isQuorum(666, 1000)).toBe(false);
    expect(isQuorum(3, 4)).toBe(true);
    expect(isQuorum(2, 3)).toBe(false);
    expect(isQuorum(0, 0)).toBe(false);
  });

  it('needs 3w >= n + 1 for at least one correct node', () => {
    expect(isAboveValidity(4, 10)).toBe(true);
    expect(isAboveValidity(3, 10)).toBe(false);
    expect(isAboveValidity(334, 1000)).toBe(true);
    expect(isAboveValidity(333, 1000)).toBe(false);
    expect(isAboveValidity(1, 3)).toBe(false);
    expect(isAboveValidity(0, 0)).toBe(false);
  });
});
