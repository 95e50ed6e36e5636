/**
 * Byte layouts of the messages storage nodes sign (spec 4.5), and decoders as strict as `walrus::messages`.
 *
 * A signed message is a BCS header `intent_type u8 ‖ intent_version u8 ‖ intent_app u8 ‖ epoch u32` followed by
 * the body with no length prefix. The proof-of-possession message is separate: a BCS prefix with the sender's
 * address followed by the raw 48-byte compressed BLS public key.
 */
import { bcs } from '@mysten/sui/bcs';

import { normalizeAddress } from './address.ts';
import { MessageError } from './errors.ts';
import { assertBigUint, assertSmallUint } from './uint.ts';

/** Intent types of signed messages (spec 4.5). `syncShard` is only used between nodes, never on chain. */
export const INTENT_TYPE = {
  proofOfPossession: 0,
  blobCert: 1,
  invalidBlobId: 2,
  syncShard: 3,
  denyListUpdate: 4,
  denyListBlobDeleted: 5,
  protocolVersion: 6,
} as const;

/** One of the values of {@link INTENT_TYPE}. */
export type IntentType = (typeof INTENT_TYPE)[keyof typeof INTENT_TYPE];

/** The only intent version the chain accepts. */
export const INTENT_VERSION = 0;
/** The Walrus application ID in every message header. */
export const APP_ID = 3;
/** Length of a compressed BLS12-381 G1 public key, as embedded in the proof-of-possession message. */
export const BLS_PUBLIC_KEY_LENGTH = 48;
/** Length of the header in front of every signed message body. */
export const MESSAGE_HEADER_LENGTH = 7;

/** Persistence type carried in a blob certificate: `Deletable` names the `Blob` object it certifies. */
export type BlobPersistence = { kind: 'permanent' } | { kind: 'deletable'; objectId: string };

/** A signed message split into its header fields and its body. */
export type SignedMessage = {
  intentType: number;
  intentVersion: number;
  epoch: number;
  body: Uint8Array;
};

/** Body of an intent-1 message: the blob certified and whether it is deletable. */
export type BlobCertBody = { blobId: bigint; persistence: BlobPersistence };
/** Body of an intent-6 message: the protocol version that applies from `startEpoch`. */
export type ProtocolVersionBody = { startEpoch: number; protocolVersion: bigint };
/** Body of an intent-4 message: a storage node's new deny list. */
export type DenyListUpdateBody = {
  storageNodeId: string;
  denyListSequenceNumber: bigint;
  denyListSize: bigint;
  denyListRoot: bigint;
};
/** Fields of a proof-of-possession message. `publicKey` is the 48-byte compressed G1 key. */
export type ProofOfPossessionFields = { epoch: number; suiAddress: string; publicKey: Uint8Array };

const MessageHeader = bcs.struct('MessageHeader', {
  intentType: bcs.u8(),
  intentVersion: bcs.u8(),
  intentApp: bcs.u8(),
  epoch: bcs.u32(),
});
const BlobIdBody = bcs.struct('BlobIdBody', { blobId: bcs.u256() });
const BlobPersistenceType = bcs.enum('BlobPersistenceType', {
  Permanent: null,
  Deletable: bcs.struct('Deletable', { objectId: bcs.Address }),
});
const BlobCertBcs = bcs.struct('BlobCertBody', { blobId: bcs.u256(), persistence: BlobPersistenceType });
const ProtocolVersionBcs = bcs.struct('ProtocolVersionBody', { startEpoch: bcs.u32(), protocolVersion: bcs.u64() });
const DenyListUpdateBcs = bcs.struct('DenyListUpdateBody', {
  storageNodeId: bcs.Address,
  denyListSequenceNumber: bcs.u64(),
  denyListSize: bcs.u64(),
  denyListRoot: bcs.u256(),
});
const ProofOfPossessionPrefix = bcs.struct('ProofOfPossessionPrefix', {
  intentType: bcs.u8(),
  intentVersion: bcs.u8(),
  intentApp: bcs.u8(),
  epoch: bcs.u32(),
  suiAddress: bcs.Address,
});
const PROOF_OF_POSSESSION_LENGTH = MESSAGE_HEADER_LENGTH + 32 + BLS_PUBLIC_KEY_LENGTH;

// === Encoding ===

/** Header ‖ body for any intent type; the body is appended as is (no length prefix). */
export function encodeSignedMessage(intentType: number, epoch: number, body: Uint8Array): Uint8Array {
  assertSmallUint(intentType, 8, 'intent type');
  assertSmallUint(epoch, 32, 'message epoch');
  const header = MessageHeader.serialize({
    intentType,
    intentVersion: INTENT_VERSION,
    intentApp: APP_ID,
    epoch,
  }).toBytes();
  return concat(header, body);
}

/** The message a quorum signs to certify a blob (`system::certify_blob`). */
export function encodeBlobCertMessage(epoch: number, { blobId, persistence }: BlobCertBody): Uint8Array {
  assertBigUint(blobId, 256, 'blob ID');
  const body = BlobCertBcs.serialize({
    blobId,
    persistence:
      persistence.kind === 'permanent'
        ? { Permanent: true }
        : { Deletable: { objectId: normalizeAddress(persistence.objectId, 'deletable blob object ID') } },
  }).toBytes();
  return encodeSignedMessage(INTENT_TYPE.blobCert, epoch, body);
}

/** The message f+1 nodes sign to mark a blob ID invalid (`system::invalidate_blob_id`). */
export function encodeInvalidBlobIdMessage(epoch: number, blobId: bigint): Uint8Array {
  assertBigUint(blobId, 256, 'blob ID');
  return encodeSignedMessage(INTENT_TYPE.invalidBlobId, epoch, BlobIdBody.serialize({ blobId }).toBytes());
}

/** The message f+1 nodes sign to delete a deny-listed blob (`system::delete_deny_listed_blob`). */
export function encodeDenyListBlobDeletedMessage(epoch: number, blobId: bigint): Uint8Array {
  assertBigUint(blobId, 256, 'blob ID');
  return encodeSignedMessage(INTENT_TYPE.denyListBlobDeleted, epoch, BlobIdBody.serialize({ blobId }).toBytes());
}

/** The message a quorum signs to switch protocol version (`system::update_protocol_version`). */
export function encodeProtocolVersionMessage(epoch: number, body: ProtocolVersionBody): Uint8Array {
  assertSmallUint(body.startEpoch, 32, 'protocol version start epoch');
  assertBigUint(body.protocolVersion, 64, 'protocol version');
  return encodeSignedMessage(INTENT_TYPE.protocolVersion, epoch, ProtocolVersionBcs.serialize(body).toBytes());
}

/** The message a quorum signs to accept a node's deny list (`system::update_deny_list`). */
export function encodeDenyListUpdateMessage(epoch: number, body: DenyListUpdateBody): Uint8Array {
  assertBigUint(body.denyListSequenceNumber, 64, 'deny list sequence number');
  assertBigUint(body.denyListSize, 64, 'deny list size');
  assertBigUint(body.denyListRoot, 256, 'deny list root');
  const bytes = DenyListUpdateBcs.serialize({
    ...body,
    storageNodeId: normalizeAddress(body.storageNodeId, 'deny list storage node ID'),
  }).toBytes();
  return encodeSignedMessage(INTENT_TYPE.denyListUpdate, epoch, bytes);
}

/**
 * The proof-of-possession message: `bcs(0, 0, 3, epoch, sui_address) ‖ public key (48 bytes, no prefix)`.
 * Throws `InvalidKeyLength` unless `publicKey` is a 48-byte compressed key, as Move does.
 */
export function encodeProofOfPossessionMessage({ epoch, suiAddress, publicKey }: ProofOfPossessionFields): Uint8Array {
  assertSmallUint(epoch, 32, 'proof-of-possession epoch');
  if (publicKey.length !== BLS_PUBLIC_KEY_LENGTH) {
    throw new MessageError(
      'InvalidKeyLength',
      `proof of possession needs the ${BLS_PUBLIC_KEY_LENGTH}-byte compressed BLS public key, got ${publicKey.length} bytes`,
    );
  }
  const prefix = ProofOfPossessionPrefix.serialize({
    intentType: INTENT_TYPE.proofOfPossession,
    intentVersion: INTENT_VERSION,
    intentApp: APP_ID,
    epoch,
    suiAddress: normalizeAddress(suiAddress, 'proof-of-possession Sui address'),
  }).toBytes();
  return concat(prefix, publicKey);
}

// === Decoding ===

/**
 * Splits a signed message into header and body, rejecting what `walrus::messages` rejects: a header shorter than
 * 7 bytes (`MessageTooShort`), an intent version other than 0 (`IncorrectIntentVersion`) and an app ID other
 * than 3 (`IncorrectAppId`). The intent type is not checked here; the typed body parsers check it.
 */
export function decodeSignedMessage(message: Uint8Array): SignedMessage {
  const header = take(message, 0, MESSAGE_HEADER_LENGTH, 'message header');
  const { intentType, intentVersion, intentApp, epoch } = MessageHeader.parse(header);
  if (intentVersion !== INTENT_VERSION) {
    throw new MessageError(
      'IncorrectIntentVersion',
      `message header has intent version ${intentVersion}, expected ${INTENT_VERSION}`,
    );
  }
  if (intentApp !== APP_ID) {
    throw new MessageError('IncorrectAppId', `message header has app ID ${intentApp}, expected ${APP_ID} (Walrus)`);
  }
  return { intentType, intentVersion, epoch, body: message.slice(MESSAGE_HEADER_LENGTH) };
}

/**
 * Parses a blob-certificate body. Throws `InvalidMsgType` for another intent type, `InvalidBlobPersistenceType`
 * for a persistence tag other than 0/1 and `MessageTooShort` when a field is cut off. Trailing bytes are
 * allowed, as on chain.
 */
export function parseBlobCertBody(message: Pick<SignedMessage, 'intentType' | 'body'>): BlobCertBody {
  const body = bodyOf(message, INTENT_TYPE.blobCert, 'blob certificate');
  const blobId = BigInt(bcs.u256().parse(take(body, 0, 32, 'blob certificate blob ID')));
  const tag = take(body, 32, 1, 'blob certificate persistence type')[0];
  if (tag === 0) return { blobId, persistence: { kind: 'permanent' } };
  if (tag === 1) {
    const objectId = bcs.Address.parse(take(body, 33, 32, 'deletable blob object ID'));
    return { blobId, persistence: { kind: 'deletable', objectId } };
  }
  throw new MessageError(
    'InvalidBlobPersistenceType',
    `blob certificate persistence type is ${tag}, expected 0 (permanent) or 1 (deletable)`,
  );
}

/** Parses an invalid-blob-ID body (`InvalidMsgType` / `MessageTooShort` as for the other parsers). */
export function parseInvalidBlobIdBody(message: Pick<SignedMessage, 'intentType' | 'body'>): bigint {
  const body = bodyOf(message, INTENT_TYPE.invalidBlobId, 'invalid blob ID');
  return BigInt(BlobIdBody.parse(take(body, 0, 32, 'invalid blob ID')).blobId);
}

/** Parses a deny-listed-blob-deleted body. */
export function parseDenyListBlobDeletedBody(message: Pick<SignedMessage, 'intentType' | 'body'>): bigint {
  const body = bodyOf(message, INTENT_TYPE.denyListBlobDeleted, 'deny list blob deleted');
  return BigInt(BlobIdBody.parse(take(body, 0, 32, 'deny-listed blob ID')).blobId);
}

/** Parses a protocol-version body. */
export function parseProtocolVersionBody(message: Pick<SignedMessage, 'intentType' | 'body'>): ProtocolVersionBody {
  const body = bodyOf(message, INTENT_TYPE.protocolVersion, 'protocol version');
  const parsed = ProtocolVersionBcs.parse(take(body, 0, 12, 'protocol version body'));
  return { startEpoch: parsed.startEpoch, protocolVersion: BigInt(parsed.protocolVersion) };
}

/** Parses a deny-list-update body. */
export function parseDenyListUpdateBody(message: Pick<SignedMessage, 'intentType' | 'body'>): DenyListUpdateBody {
  const body = bodyOf(message, INTENT_TYPE.denyListUpdate, 'deny list update');
  const parsed = DenyListUpdateBcs.parse(take(body, 0, 80, 'deny list update body'));
  return {
    storageNodeId: parsed.storageNodeId,
    denyListSequenceNumber: BigInt(parsed.denyListSequenceNumber),
    denyListSize: BigInt(parsed.denyListSize),
    denyListRoot: BigInt(parsed.denyListRoot),
  };
}

/**
 * Parses a proof-of-possession message, which has a fixed length of 87 bytes. Throws `MessageTooShort` /
 * `InvalidKeyLength` for a wrong length, and the header errors for a wrong intent type, version or app ID.
 */
export function decodeProofOfPossessionMessage(message: Uint8Array): ProofOfPossessionFields {
  const prefix = take(message, 0, PROOF_OF_POSSESSION_LENGTH - BLS_PUBLIC_KEY_LENGTH, 'proof-of-possession prefix');
  if (message.length !== PROOF_OF_POSSESSION_LENGTH) {
    throw new MessageError(
      'InvalidKeyLength',
      `proof-of-possession message must be ${PROOF_OF_POSSESSION_LENGTH} bytes (prefix + 48-byte key), got ${message.length}`,
    );
  }
  const header = decodeSignedMessage(message);
  if (header.intentType !== INTENT_TYPE.proofOfPossession) {
    throw new MessageError(
      'InvalidMsgType',
      `proof-of-possession message has intent type ${header.intentType}, expected ${INTENT_TYPE.proofOfPossession}`,
    );
  }
  const { epoch, suiAddress } = ProofOfPossessionPrefix.parse(prefix);
  return { epoch, suiAddress, publicKey: message.slice(prefix.length) };
}

// === Internals ===

function bodyOf(message: Pick<SignedMessage, 'intentType' | 'body'>, expected: IntentType, what: string): Uint8Array {
  if (message.intentType !== expected) {
    throw new MessageError(
      'InvalidMsgType',
      `expected a ${what} message (intent type ${expected}), got intent type ${message.intentType}`,
    );
  }
  return message.body;
}

function take(bytes: Uint8Array, offset: number, length: number, what: string): Uint8Array {
  if (bytes.length < offset + length) {
    throw new MessageError(
      'MessageTooShort',
      `${what} needs bytes ${offset}..${offset + length}, but the input has ${bytes.length} bytes`,
    );
  }
  return bytes.subarray(offset, offset + length);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
