import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';

import {
  aggregatePublicKey,
  aggregateSignatures,
  buildCertificate,
  type Certificate,
  signMessage,
  signProofOfPossession,
  verifyCertificate,
  verifyOneCorrectNodeInEpoch,
  verifyProofOfPossession,
  verifyQuorumInEpoch,
} from './certificate.ts';
import { type BlsCommittee, createCommittee, encodeSignersBitmap } from './committee.ts';
import { CertificateError, MessageError } from './errors.ts';
import { encodeBlobCertMessage, encodeSignedMessage, INTENT_TYPE, parseBlobCertBody } from './messages.ts';

const sigs = bls12_381.longSignatures;
const G1 = bls12_381.G1.Point;

function secretKey(seed: number): Uint8Array {
  return sigs.keygen(new Uint8Array(48).fill(seed)).secretKey;
}

type Node = { nodeId: string; secretKey: Uint8Array; weight: number };

/** Nodes listed in node-ID order, so member index i is nodes[i]. */
function makeNodes(weights: readonly number[], seedOffset = 0): Node[] {
  return weights.map((weight, i) => ({
    nodeId: `0x${(i + 1).toString(16)}`,
    secretKey: secretKey(seedOffset + i + 1),
    weight,
  }));
}

function committeeOf(epoch: number, nodes: readonly Node[]): BlsCommittee {
  return createCommittee(
    epoch,
    nodes.map(({ nodeId, secretKey: key, weight }) => ({
      nodeId,
      weight,
      publicKey: sigs.getPublicKey(key).toBytes(true),
    })),
  );
}

/** Certificate signed by `signedBy` whose bitmap names `claimed` (member indices), bypassing the builder's checks. */
function forge(
  message: Uint8Array,
  signedBy: readonly Uint8Array[],
  claimed: readonly number[],
  memberCount: number,
): Certificate {
  return {
    signature: aggregateSignatures(signedBy.map((key) => signMessage(message, key))),
    signersBitmap: encodeSignersBitmap(memberCount, claimed),
    message,
  };
}

function expectCertificateError(run: () => unknown, code: CertificateError['code']): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CertificateError);
    expect((error as CertificateError).code).toBe(code);
    return;
  }
  expect.fail(`expected CertificateError ${code}, but the certificate was accepted`);
}

// 10 shards: a quorum needs 7 (3*7 >= 21), one correct node needs 4 (3*4 >= 11).
const EPOCH = 5;
const nodes = makeNodes([3, 2, 2, 2, 1]);
const committee = committeeOf(EPOCH, nodes);
const outsider = secretKey(99);
const blobMessage = encodeBlobCertMessage(EPOCH, {
  blobId: 0xabcdefn,
  persistence: { kind: 'deletable', objectId: '0x77' },
});
const signers = (indices: readonly number[]) => indices.map((i) => nodes[i]!);

describe('verifyCertificate', () => {
  it('accepts a quorum certificate and returns the certified message', () => {
    const certificate = buildCertificate(committee, blobMessage, signers([0, 1, 2, 3]));
    const certified = verifyQuorumInEpoch(committee, certificate);
    expect(certified).toMatchObject({
      intentType: INTENT_TYPE.blobCert,
      intentVersion: 0,
      certEpoch: EPOCH,
      stakeSupport: 9,
    });
    expect(parseBlobCertBody({ intentType: certified.intentType, body: certified.message })).toEqual({
      blobId: 0xabcdefn,
      persistence: { kind: 'deletable', objectId: '0x' + '0'.repeat(62) + '77' },
    });
  });

  it('accepts a certificate signed by every member with the full stake as support', () => {
    const certificate = buildCertificate(committee, blobMessage, nodes);
    expect(verifyQuorumInEpoch(committee, certificate).stakeSupport).toBe(10);
  });

  it('accepts a quorum of exactly 7 of 10 shards and rejects 6 as NotEnoughStake', () => {
    expect(
      verifyQuorumInEpoch(committee, buildCertificate(committee, blobMessage, signers([0, 1, 2]))).stakeSupport,
    ).toBe(7);
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, buildCertificate(committee, blobMessage, signers([1, 2, 3]))),
      'NotEnoughStake',
    );
  });

  it('accepts f+1 validity at exactly 4 of 10 shards and rejects 3 as NotEnoughStake', () => {
    expect(
      verifyOneCorrectNodeInEpoch(committee, buildCertificate(committee, blobMessage, signers([1, 3]))).stakeSupport,
    ).toBe(4);
    expectCertificateError(
      () => verifyOneCorrectNodeInEpoch(committee, buildCertificate(committee, blobMessage, signers([3, 4]))),
      'NotEnoughStake',
    );
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, buildCertificate(committee, blobMessage, signers([1, 3]))),
      'NotEnoughStake',
    );
  });

  it('checks the stake before the signature', () => {
    const certificate = {
      signature: new Uint8Array(96),
      signersBitmap: encodeSignersBitmap(5, [1, 2, 3]),
      message: blobMessage,
    };
    expectCertificateError(() => verifyQuorumInEpoch(committee, certificate), 'NotEnoughStake');
  });

  it('rejects a signature from a non-member key presented as a member', () => {
    const keys = [outsider, nodes[1]!.secretKey, nodes[2]!.secretKey];
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, forge(blobMessage, keys, [0, 1, 2], 5)),
      'SigVerification',
    );
  });

  it('rejects a certificate whose message was altered after signing', () => {
    const certificate = buildCertificate(committee, blobMessage, signers([0, 1, 2]));
    const altered = certificate.message.slice();
    altered[10] = (altered[10] ?? 0) ^ 1;
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, { ...certificate, message: altered }),
      'SigVerification',
    );
  });

  it('rejects a bitmap naming a member that did not sign', () => {
    const keys = signers([0, 1, 2]).map((node) => node.secretKey);
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, forge(blobMessage, keys, [0, 1, 2, 3], 5)),
      'SigVerification',
    );
  });

  it('rejects a bitmap leaving out a member that signed', () => {
    const keys = signers([0, 1, 2, 3]).map((node) => node.secretKey);
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, forge(blobMessage, keys, [0, 1, 2], 5)),
      'SigVerification',
    );
  });

  it('rejects a bitmap longer than the committee or with bits beyond the last member', () => {
    const certificate = buildCertificate(committee, blobMessage, signers([0, 1, 2]));
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, { ...certificate, signersBitmap: new Uint8Array([0x07, 0x00]) }),
      'InvalidBitmap',
    );
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, { ...certificate, signersBitmap: new Uint8Array([0x27]) }),
      'InvalidBitmap',
    );
  });

  it('accepts a bitmap shorter than ceil(members / 8) bytes', () => {
    const nine = makeNodes([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const nineCommittee = committeeOf(EPOCH, nine);
    const built = buildCertificate(nineCommittee, blobMessage, nine.slice(0, 7));
    expect([...built.signersBitmap]).toEqual([0x7f, 0x00]);
    expect(verifyQuorumInEpoch(nineCommittee, { ...built, signersBitmap: new Uint8Array([0x7f]) }).stakeSupport).toBe(
      7,
    );
  });

  it('rejects a message for another epoch than the committee', () => {
    const nextEpoch = encodeBlobCertMessage(EPOCH + 1, { blobId: 1n, persistence: { kind: 'permanent' } });
    expectCertificateError(
      () => verifyQuorumInEpoch(committee, buildCertificate(committee, nextEpoch, signers([0, 1, 2]))),
      'IncorrectCommittee',
    );
  });

  it('rejects a validly signed message with a foreign app ID through the header check', () => {
    const foreign = encodeSignedMessage(INTENT_TYPE.blobCert, EPOCH, new Uint8Array(33));
    foreign[2] = 1;
    const certificate = buildCertificate(committee, foreign, signers([0, 1, 2]));
    expect(() => verifyQuorumInEpoch(committee, certificate)).toThrow(MessageError);
  });

  it('rejects signatures that are not 96-byte G2 points', () => {
    const certificate = buildCertificate(committee, blobMessage, signers([0, 1, 2]));
    for (const signature of [
      certificate.signature.slice(0, 95),
      new Uint8Array(96).fill(0xab),
      new Uint8Array([...certificate.signature, 0]),
    ]) {
      expectCertificateError(() => verifyQuorumInEpoch(committee, { ...certificate, signature }), 'SigVerification');
    }
  });

  it('rejects a certificate against another committee of the same epoch', () => {
    const other = committeeOf(EPOCH, makeNodes([3, 2, 2, 2, 1], 50));
    const certificate = buildCertificate(committee, blobMessage, signers([0, 1, 2]));
    expectCertificateError(() => verifyQuorumInEpoch(other, certificate), 'SigVerification');
  });

  it('rejects any certificate against an empty committee for lack of stake', () => {
    const certificate = buildCertificate(committee, blobMessage, signers([0, 1, 2]));
    expectCertificateError(
      () =>
        verifyCertificate(createCommittee(EPOCH, []), { ...certificate, signersBitmap: new Uint8Array() }, 'validity'),
      'NotEnoughStake',
    );
  });
});

describe('aggregate keys', () => {
  it('gives the same key as the sum of signers and as the total minus non-signers', () => {
    const signerIndices = [0, 2, 4];
    const fromSigners = G1.fromBytes(aggregatePublicKey(committee, signerIndices));
    const fromTotal = [1, 3].reduce(
      (key, i) => key.subtract(G1.fromBytes(committee.members[i]!.publicKey)),
      G1.fromBytes(committee.totalAggregatedKey),
    );
    expect(fromSigners.equals(fromTotal)).toBe(true);
    const signature = aggregateSignatures(signerIndices.map((i) => signMessage(blobMessage, nodes[i]!.secretKey)));
    expect(sigs.verify(signature, sigs.hash(blobMessage), fromSigners)).toBe(true);
  });
});

describe('buildCertificate', () => {
  it('refuses a node outside the committee', () => {
    expectCertificateError(
      () => buildCertificate(committee, blobMessage, [{ nodeId: '0x99', secretKey: outsider }]),
      'UnknownSigner',
    );
  });

  it('refuses a secret key that does not belong to the named member', () => {
    expectCertificateError(
      () => buildCertificate(committee, blobMessage, [{ nodeId: nodes[0]!.nodeId, secretKey: outsider }]),
      'SignerKeyMismatch',
    );
  });

  it('refuses an empty signer list', () => {
    expect(() => buildCertificate(committee, blobMessage, [])).toThrow(RangeError);
  });
});

describe('proof of possession', () => {
  const key = nodes[0]!.secretKey;
  const publicKey = sigs.getPublicKey(key).toBytes(true);
  const sender = '0x' + '5a'.repeat(32);
  const pop = signProofOfPossession(key, 3, sender);

  it('verifies for the key, sender and epoch it was made for', () => {
    expect(pop.length).toBe(96);
    expect(verifyProofOfPossession({ publicKey, epoch: 3, suiAddress: sender, proofOfPossession: pop })).toBe(true);
  });

  it('fails for another sender address', () => {
    expect(
      verifyProofOfPossession({ publicKey, epoch: 3, suiAddress: '0x' + '5b'.repeat(32), proofOfPossession: pop }),
    ).toBe(false);
  });

  it('fails for another epoch', () => {
    expect(verifyProofOfPossession({ publicKey, epoch: 4, suiAddress: sender, proofOfPossession: pop })).toBe(false);
  });

  it('fails for another public key', () => {
    const otherKey = sigs.getPublicKey(outsider).toBytes(true);
    expect(verifyProofOfPossession({ publicKey: otherKey, epoch: 3, suiAddress: sender, proofOfPossession: pop })).toBe(
      false,
    );
  });

  it('fails when another key signed the message naming this key', () => {
    const message = new Uint8Array([0, 0, 3, 3, 0, 0, 0, ...Buffer.from('5a'.repeat(32), 'hex'), ...publicKey]);
    const stolen = signMessage(message, outsider);
    expect(verifyProofOfPossession({ publicKey, epoch: 3, suiAddress: sender, proofOfPossession: stolen })).toBe(false);
    expect(
      verifyProofOfPossession({
        publicKey,
        epoch: 3,
        suiAddress: sender,
        proofOfPossession: signMessage(message, key),
      }),
    ).toBe(true);
  });

  it('fails for malformed signature bytes and throws InvalidKeyLength for an uncompressed key', () => {
    expect(verifyProofOfPossession({ publicKey, epoch: 3, suiAddress: sender, proofOfPossession: pop.slice(1) })).toBe(
      false,
    );
    const uncompressed = sigs.getPublicKey(key).toBytes(false);
    expect(() =>
      verifyProofOfPossession({ publicKey: uncompressed, epoch: 3, suiAddress: sender, proofOfPossession: pop }),
    ).toThrow(MessageError);
  });
});
