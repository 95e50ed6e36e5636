import { describe, expect, it } from 'vitest';

import { MessageError, type MessageErrorCode } from './errors.ts';
import {
  decodeProofOfPossessionMessage,
  decodeSignedMessage,
  encodeBlobCertMessage,
  encodeDenyListBlobDeletedMessage,
  encodeDenyListUpdateMessage,
  encodeInvalidBlobIdMessage,
  encodeProofOfPossessionMessage,
  encodeProtocolVersionMessage,
  encodeSignedMessage,
  INTENT_TYPE,
  parseBlobCertBody,
  parseDenyListBlobDeletedBody,
  parseDenyListUpdateBody,
  parseInvalidBlobIdBody,
  parseProtocolVersionBody,
} from './messages.ts';

const OBJECT_ID = '0x' + 'ab'.repeat(31) + 'cd';
const BLOB_ID = 0x1f2e3d4c5b6a7988_99aabbccddeeff00_0102030405060708_090a0b0c0d0e0f10n;

function expectMessageError(run: () => unknown, code: MessageErrorCode): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MessageError);
    expect((error as MessageError).code).toBe(code);
    return;
  }
  expect.fail(`expected MessageError ${code}, but nothing was thrown`);
}

function littleEndian(value: bigint, length: number): number[] {
  return Array.from({ length }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));
}

describe('signed message header', () => {
  it('is intent type, version 0, app 3 and the epoch as a little-endian u32, followed by the body', () => {
    const bytes = encodeSignedMessage(INTENT_TYPE.blobCert, 0x01020304, new Uint8Array([9, 8]));
    expect([...bytes]).toEqual([1, 0, 3, 4, 3, 2, 1, 9, 8]);
    expect(decodeSignedMessage(bytes)).toEqual({
      intentType: 1,
      intentVersion: 0,
      epoch: 0x01020304,
      body: new Uint8Array([9, 8]),
    });
  });

  it('rejects a message shorter than the 7-byte header', () => {
    expectMessageError(() => decodeSignedMessage(new Uint8Array([1, 0, 3, 0, 0, 0])), 'MessageTooShort');
  });

  it('rejects an intent version other than 0', () => {
    expectMessageError(() => decodeSignedMessage(new Uint8Array([1, 1, 3, 0, 0, 0, 0])), 'IncorrectIntentVersion');
  });

  it('rejects an app ID other than 3', () => {
    expectMessageError(() => decodeSignedMessage(new Uint8Array([1, 0, 2, 0, 0, 0, 0])), 'IncorrectAppId');
  });

  it('rejects an epoch or intent type outside its width when encoding', () => {
    expect(() => encodeSignedMessage(1, 2 ** 32, new Uint8Array())).toThrow(RangeError);
    expect(() => encodeSignedMessage(256, 1, new Uint8Array())).toThrow(RangeError);
  });
});

describe('blob certificate message', () => {
  it('lays out a permanent blob as blob ID (u256 LE) then persistence byte 0', () => {
    const bytes = encodeBlobCertMessage(7, { blobId: BLOB_ID, persistence: { kind: 'permanent' } });
    expect([...bytes]).toEqual([1, 0, 3, 7, 0, 0, 0, ...littleEndian(BLOB_ID, 32), 0]);
  });

  it('lays out a deletable blob as persistence byte 1 followed by the 32 object ID bytes', () => {
    const bytes = encodeBlobCertMessage(7, {
      blobId: BLOB_ID,
      persistence: { kind: 'deletable', objectId: OBJECT_ID },
    });
    expect(bytes.length).toBe(7 + 32 + 1 + 32);
    expect(bytes[39]).toBe(1);
    expect(Buffer.from(bytes.subarray(40)).toString('hex')).toBe(OBJECT_ID.slice(2));
  });

  it('round-trips both persistence types, normalizing short object IDs', () => {
    for (const persistence of [{ kind: 'permanent' as const }, { kind: 'deletable' as const, objectId: '0x5' }]) {
      const decoded = parseBlobCertBody(
        decodeSignedMessage(encodeBlobCertMessage(3, { blobId: BLOB_ID, persistence })),
      );
      const expected =
        persistence.kind === 'permanent' ? persistence : { kind: 'deletable', objectId: '0x' + '0'.repeat(63) + '5' };
      expect(decoded).toEqual({ blobId: BLOB_ID, persistence: expected });
    }
  });

  it('allows trailing bytes after the body, as the chain does', () => {
    const bytes = encodeBlobCertMessage(3, { blobId: 5n, persistence: { kind: 'permanent' } });
    const padded = new Uint8Array([...bytes, 0xee, 0xff]);
    expect(parseBlobCertBody(decodeSignedMessage(padded))).toEqual({ blobId: 5n, persistence: { kind: 'permanent' } });
  });

  it('rejects another intent type', () => {
    const bytes = encodeInvalidBlobIdMessage(3, BLOB_ID);
    expectMessageError(() => parseBlobCertBody(decodeSignedMessage(bytes)), 'InvalidMsgType');
  });

  it('rejects a persistence type other than 0 or 1', () => {
    const bytes = encodeBlobCertMessage(3, { blobId: BLOB_ID, persistence: { kind: 'permanent' } });
    bytes[39] = 2;
    expectMessageError(() => parseBlobCertBody(decodeSignedMessage(bytes)), 'InvalidBlobPersistenceType');
  });

  it('rejects a body cut off in the blob ID, the persistence byte or the object ID', () => {
    const bytes = encodeBlobCertMessage(3, {
      blobId: BLOB_ID,
      persistence: { kind: 'deletable', objectId: OBJECT_ID },
    });
    for (const length of [7 + 31, 7 + 32, 7 + 33 + 31]) {
      expectMessageError(() => parseBlobCertBody(decodeSignedMessage(bytes.slice(0, length))), 'MessageTooShort');
    }
  });

  it('rejects an invalid object ID when encoding', () => {
    expect(() =>
      encodeBlobCertMessage(3, { blobId: 1n, persistence: { kind: 'deletable', objectId: 'not-an-id' } }),
    ).toThrow(RangeError);
  });
});

describe('other message bodies', () => {
  it('round-trips an invalid-blob-ID message', () => {
    const bytes = encodeInvalidBlobIdMessage(11, BLOB_ID);
    expect([...bytes]).toEqual([2, 0, 3, 11, 0, 0, 0, ...littleEndian(BLOB_ID, 32)]);
    expect(parseInvalidBlobIdBody(decodeSignedMessage(bytes))).toBe(BLOB_ID);
  });

  it('round-trips a deny-listed-blob-deleted message', () => {
    const bytes = encodeDenyListBlobDeletedMessage(11, BLOB_ID);
    expect(bytes[0]).toBe(5);
    expect(parseDenyListBlobDeletedBody(decodeSignedMessage(bytes))).toBe(BLOB_ID);
  });

  it('round-trips a protocol-version message laid out as start epoch u32 then version u64', () => {
    const bytes = encodeProtocolVersionMessage(4, { startEpoch: 9, protocolVersion: 0x0102n });
    expect([...bytes]).toEqual([6, 0, 3, 4, 0, 0, 0, 9, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0]);
    expect(parseProtocolVersionBody(decodeSignedMessage(bytes))).toEqual({ startEpoch: 9, protocolVersion: 0x0102n });
  });

  it('round-trips a deny-list-update message laid out as node ID, sequence, size and root', () => {
    const body = { storageNodeId: OBJECT_ID, denyListSequenceNumber: 3n, denyListSize: 4096n, denyListRoot: BLOB_ID };
    const bytes = encodeDenyListUpdateMessage(4, body);
    expect(bytes.length).toBe(7 + 32 + 8 + 8 + 32);
    expect([...bytes.subarray(7 + 32, 7 + 48)]).toEqual([...littleEndian(3n, 8), ...littleEndian(4096n, 8)]);
    expect(parseDenyListUpdateBody(decodeSignedMessage(bytes))).toEqual(body);
  });

  it('rejects each body parser on a message of another intent type', () => {
    const blobCert = decodeSignedMessage(encodeBlobCertMessage(1, { blobId: 1n, persistence: { kind: 'permanent' } }));
    expectMessageError(() => parseInvalidBlobIdBody(blobCert), 'InvalidMsgType');
    expectMessageError(() => parseDenyListBlobDeletedBody(blobCert), 'InvalidMsgType');
    expectMessageError(() => parseProtocolVersionBody(blobCert), 'InvalidMsgType');
    expectMessageError(() => parseDenyListUpdateBody(blobCert), 'InvalidMsgType');
  });

  it('rejects truncated bodies', () => {
    const protocol = encodeProtocolVersionMessage(4, { startEpoch: 9, protocolVersion: 1n });
    expectMessageError(() => parseProtocolVersionBody(decodeSignedMessage(protocol.slice(0, -1))), 'MessageTooShort');
    const denyList = encodeDenyListUpdateMessage(4, {
      storageNodeId: '0x1',
      denyListSequenceNumber: 1n,
      denyListSize: 1n,
      denyListRoot: 1n,
    });
    expectMessageError(() => parseDenyListUpdateBody(decodeSignedMessage(denyList.slice(0, -1))), 'MessageTooShort');
    expectMessageError(
      () => parseInvalidBlobIdBody(decodeSignedMessage(encodeInvalidBlobIdMessage(1, 1n).slice(0, -1))),
      'MessageTooShort',
    );
  });
});

describe('proof-of-possession message', () => {
  const publicKey = Uint8Array.from({ length: 48 }, (_, i) => i + 100);
  const suiAddress = '0x' + '12'.repeat(32);

  it('is the BCS prefix (0, 0, 3, epoch, address) followed by the 48 raw key bytes', () => {
    const bytes = encodeProofOfPossessionMessage({ epoch: 258, suiAddress, publicKey });
    expect(bytes.length).toBe(87);
    expect([...bytes.subarray(0, 7)]).toEqual([0, 0, 3, 2, 1, 0, 0]);
    expect(Buffer.from(bytes.subarray(7, 39)).toString('hex')).toBe('12'.repeat(32));
    expect(bytes.subarray(39)).toEqual(publicKey);
  });

  it('round-trips through the decoder', () => {
    const bytes = encodeProofOfPossessionMessage({ epoch: 258, suiAddress, publicKey });
    expect(decodeProofOfPossessionMessage(bytes)).toEqual({ epoch: 258, suiAddress, publicKey });
  });

  it('rejects a key that is not 48 bytes', () => {
    expectMessageError(
      () => encodeProofOfPossessionMessage({ epoch: 1, suiAddress, publicKey: new Uint8Array(96) }),
      'InvalidKeyLength',
    );
    expectMessageError(
      () => encodeProofOfPossessionMessage({ epoch: 1, suiAddress, publicKey: new Uint8Array(47) }),
      'InvalidKeyLength',
    );
  });

  it('rejects a message of the wrong length or intent type when decoding', () => {
    const bytes = encodeProofOfPossessionMessage({ epoch: 1, suiAddress, publicKey });
    expectMessageError(() => decodeProofOfPossessionMessage(bytes.slice(0, 30)), 'MessageTooShort');
    expectMessageError(() => decodeProofOfPossessionMessage(bytes.slice(0, 86)), 'InvalidKeyLength');
    expectMessageError(() => decodeProofOfPossessionMessage(new Uint8Array([...bytes, 0])), 'InvalidKeyLength');
    const wrongIntent = bytes.slice();
    wrongIntent[0] = INTENT_TYPE.blobCert;
    expectMessageError(() => decodeProofOfPossessionMessage(wrongIntent), 'InvalidMsgType');
    const wrongApp = bytes.slice();
    wrongApp[2] = 1;
    expectMessageError(() => decodeProofOfPossessionMessage(wrongApp), 'IncorrectAppId');
  });
});
