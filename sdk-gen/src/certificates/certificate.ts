/**
 * Building and verifying Walrus certificates off chain (spec 4.5): a message signed by committee members with
 * BLS12-381 min-pk, the signatures aggregated in G2, and the signers named by a bitmap. Verification follows
 * `bls_aggregate` step by step — bitmap, stake threshold, then the aggregate signature, then the message
 * header and its epoch — so an off-chain rejection names the same reason the chain would give.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';

import {
  type BlsCommittee,
  decodeSignersBitmap,
  encodeSignersBitmap,
  isAboveValidity,
  isQuorum,
  memberIndex,
} from './committee.ts';
import { CertificateError } from './errors.ts';
import { decodeSignedMessage, encodeProofOfPossessionMessage } from './messages.ts';

const sigs = bls12_381.longSignatures;
const G1 = bls12_381.G1.Point;

/** Domain separation tag of Sui's `bls12381_min_pk_verify` (hash to G2, no proof-of-possession suite). */
export const BLS_SIGNATURE_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_';
/** Length of a compressed G2 signature. */
export const BLS_SIGNATURE_LENGTH = 96;

/** The three arguments `system::certify_blob` (and the other certified calls) take, in their order. */
export type Certificate = { signature: Uint8Array; signersBitmap: Uint8Array; message: Uint8Array };

/** What a verified certificate proves, as `messages::CertifiedMessage`: `message` is the body after the header. */
export type CertifiedMessage = {
  intentType: number;
  intentVersion: number;
  certEpoch: number;
  message: Uint8Array;
  stakeSupport: number;
};

/** How much stake a certificate needs: `quorum` (> 2/3 of shards) or `validity` (f+1, > 1/3 of shards). */
export type CertificateThreshold = 'quorum' | 'validity';

/** A member's share in building a certificate: its node ID and BLS secret key (32 bytes). */
export type CertificateSigner = { nodeId: string; secretKey: Uint8Array };

/** The 48-byte compressed G1 public key of a BLS secret key. */
export function publicKeyFromSecretKey(secretKey: Uint8Array): Uint8Array {
  return sigs.getPublicKey(secretKey).toBytes(true);
}

/** Signs `message` (hashed to G2 with {@link BLS_SIGNATURE_DST}); returns the 96-byte compressed signature. */
export function signMessage(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return sigs.Signature.toBytes(sigs.sign(sigs.hash(message, BLS_SIGNATURE_DST), secretKey));
}

/** Adds signatures in G2; the result verifies against the sum of the signers' keys. Needs at least one. */
export function aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  if (signatures.length === 0) throw new RangeError('cannot aggregate an empty list of signatures');
  return sigs.Signature.toBytes(sigs.aggregateSignatures([...signatures]));
}

/**
 * Signs `message` with every signer's key and returns the certificate the chain takes. Throws
 * `UnknownSigner` for a node outside the committee and `SignerKeyMismatch` when a secret key does not belong
 * to the member it is given for, so a certificate built here is never invalid by accident.
 */
export function buildCertificate(
  committee: BlsCommittee,
  message: Uint8Array,
  signers: readonly CertificateSigner[],
): Certificate {
  if (signers.length === 0) throw new RangeError('a certificate needs at least one signer');
  const indices = signers.map(({ nodeId, secretKey }) => {
    const index = memberIndex(committee, nodeId);
    const member = committee.members[index];
    if (member === undefined || !equalBytes(member.publicKey, publicKeyFromSecretKey(secretKey))) {
      throw new CertificateError(
        'SignerKeyMismatch',
        `the secret key given for node ${nodeId} does not match its committee public key`,
      );
    }
    return index;
  });
  return {
    signature: aggregateSignatures(signers.map(({ secretKey }) => signMessage(message, secretKey))),
    signersBitmap: encodeSignersBitmap(committee.members.length, indices),
    message,
  };
}

/**
 * Verifies a certificate against `committee`, in the chain's order:
 * 1. the bitmap decodes (`InvalidBitmap`);
 * 2. the signers' weight `n_shards − Σ non-signer weights` meets `threshold` (`NotEnoughStake`), before any
 *    pairing is computed;
 * 3. the signature verifies against `total_aggregated_key − Σ non-signer keys` (`SigVerification`);
 * 4. the header parses (`MessageError`) and its epoch is the committee's (`IncorrectCommittee`).
 */
export function verifyCertificate(
  committee: BlsCommittee,
  certificate: Certificate,
  threshold: CertificateThreshold,
): CertifiedMessage {
  const signers = new Set(decodeSignersBitmap(committee.members.length, certificate.signersBitmap));
  const nonSigners = committee.members.filter((_, index) => !signers.has(index));
  const stakeSupport = committee.nShards - nonSigners.reduce((sum, member) => sum + member.weight, 0);
  const enough =
    threshold === 'quorum'
      ? isQuorum(stakeSupport, committee.nShards)
      : isAboveValidity(stakeSupport, committee.nShards);
  if (!enough) {
    throw new CertificateError(
      'NotEnoughStake',
      `signers hold ${stakeSupport} of ${committee.nShards} shards, below the ${threshold} threshold of epoch ${committee.epoch}`,
    );
  }
  const aggregateKey = nonSigners.reduce(
    (key, member) => key.subtract(G1.fromBytes(member.publicKey)),
    G1.fromBytes(committee.totalAggregatedKey),
  );
  if (!signatureVerifies(certificate.signature, certificate.message, aggregateKey)) {
    throw new CertificateError(
      'SigVerification',
      `the aggregate signature does not verify for the ${signers.size} signers named by the bitmap in epoch ${committee.epoch}`,
    );
  }
  const header = decodeSignedMessage(certificate.message);
  if (header.epoch !== committee.epoch) {
    throw new CertificateError(
      'IncorrectCommittee',
      `the message is for epoch ${header.epoch}, but the committee is of epoch ${committee.epoch}`,
    );
  }
  return {
    intentType: header.intentType,
    intentVersion: header.intentVersion,
    certEpoch: header.epoch,
    message: header.body,
    stakeSupport,
  };
}

/** {@link verifyCertificate} with a quorum (`certify_blob`, `update_deny_list`, `update_protocol_version`). */
export function verifyQuorumInEpoch(committee: BlsCommittee, certificate: Certificate): CertifiedMessage {
  return verifyCertificate(committee, certificate, 'quorum');
}

/** {@link verifyCertificate} with f+1 stake (`invalidate_blob_id`, `delete_deny_listed_blob`). */
export function verifyOneCorrectNodeInEpoch(committee: BlsCommittee, certificate: Certificate): CertifiedMessage {
  return verifyCertificate(committee, certificate, 'validity');
}

/** Σ of the given members' public keys (compressed): the key an aggregate of exactly their signatures verifies under. */
export function aggregatePublicKey(committee: BlsCommittee, memberIndices: readonly number[]): Uint8Array {
  return memberIndices
    .reduce((sum, index) => {
      const member = committee.members[index];
      if (member === undefined)
        throw new RangeError(`member index ${index} is outside the committee of ${committee.members.length}`);
      return sum.add(G1.fromBytes(member.publicKey));
    }, G1.ZERO)
    .toBytes(true);
}

// === Proof of possession ===

/** Signs the proof-of-possession message for `secretKey`'s public key, `suiAddress` (the sender) and `epoch`. */
export function signProofOfPossession(secretKey: Uint8Array, epoch: number, suiAddress: string): Uint8Array {
  const publicKey = publicKeyFromSecretKey(secretKey);
  return signMessage(encodeProofOfPossessionMessage({ epoch, suiAddress, publicKey }), secretKey);
}

/**
 * Whether `proofOfPossession` is the key's own signature over the proof-of-possession message for
 * `suiAddress` and `epoch` (what `register_candidate` and `set_next_public_key` check). Malformed signatures
 * are `false`; a key that is not 48 bytes throws `InvalidKeyLength` as on chain.
 */
export function verifyProofOfPossession(args: {
  publicKey: Uint8Array;
  epoch: number;
  suiAddress: string;
  proofOfPossession: Uint8Array;
}): boolean {
  const message = encodeProofOfPossessionMessage({
    epoch: args.epoch,
    suiAddress: args.suiAddress,
    publicKey: args.publicKey,
  });
  let key;
  try {
    key = G1.fromBytes(args.publicKey);
  } catch {
    return false;
  }
  return signatureVerifies(args.proofOfPossession, message, key);
}

// === Internals ===

type G1Point = ReturnType<typeof G1.fromBytes>;

function signatureVerifies(signature: Uint8Array, message: Uint8Array, publicKey: G1Point): boolean {
  if (signature.length !== BLS_SIGNATURE_LENGTH || publicKey.is0()) return false;
  try {
    return sigs.verify(sigs.Signature.fromBytes(signature), sigs.hash(message, BLS_SIGNATURE_DST), publicKey);
  } catch {
    // A signature that is not a point of the G2 subgroup is rejected like a wrong one, as the native does.
    return false;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
