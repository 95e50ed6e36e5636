/**
 * Typed errors of the certificate layer. Each `code` is named after the Move abort constant it mirrors
 * (`walrus::messages` / `walrus::bls_aggregate`, spec Appendix A) so an off-chain rejection can be matched
 * to the on-chain one; codes without a Move counterpart describe input that Move could never receive.
 */

/** Why a signed message could not be built or parsed (mirrors `walrus::messages` aborts). */
export type MessageErrorCode =
  | 'IncorrectAppId'
  | 'IncorrectIntentVersion'
  | 'InvalidMsgType'
  | 'InvalidBlobPersistenceType'
  | 'InvalidKeyLength'
  | 'MessageTooShort';

/** A message could not be encoded or decoded; `code` says which rule was broken. */
export class MessageError extends Error {
  readonly code: MessageErrorCode;
  constructor(code: MessageErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'MessageError';
    this.code = code;
  }
}

/** Why a certificate was rejected (mirrors `walrus::bls_aggregate` aborts). */
export type CertificateErrorCode = 'InvalidBitmap' | 'SigVerification' | 'NotEnoughStake' | 'IncorrectCommittee';

/** A certificate failed verification, or a certificate could not be built from the given signers. */
export class CertificateError extends Error {
  readonly code: CertificateErrorCode | 'UnknownSigner' | 'SignerKeyMismatch';
  constructor(code: CertificateError['code'], message: string) {
    super(`${code}: ${message}`);
    this.name = 'CertificateError';
    this.code = code;
  }
}

/** Why a committee description is not one the chain could hold. */
export type CommitteeErrorCode =
  'InvalidNodeId' | 'DuplicateNodeId' | 'InvalidWeight' | 'TooManyShards' | 'InvalidPublicKey' | 'InvalidEpoch';

/** A committee could not be built from the given members. */
export class CommitteeError extends Error {
  readonly code: CommitteeErrorCode;
  constructor(code: CommitteeErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'CommitteeError';
    this.code = code;
  }
}

/** A blob-size or blob-ID computation got input outside the ranges the chain accepts. */
export class BlobMathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobMathError';
  }
}
