/// Messages signed by the storage-node committee, and the proof-of-possession message of a node's BLS key.
///
/// Every signed message starts with a BCS header `intent_type: u8 ‖ intent_version: u8 ‖ intent_app: u8 ‖
/// epoch: u32`, followed by a body whose layout depends on the intent type. Bodies are read front to back and
/// trailing bytes are ignored.
module walrus::messages;

use sui::{bcs::{Self, BCS}, bls12381::bls12381_min_pk_verify};

/// The header's app id is not Walrus's (3).
const EIncorrectAppId: u64 = 0;
/// The header's epoch is not the epoch of the committee that signed it.
const EIncorrectEpoch: u64 = 1;
/// The intent type does not match the operation the message is used for.
const EInvalidMsgType: u64 = 2;
/// The header's intent version is not 0.
const EIncorrectIntentVersion: u64 = 3;
/// A blob-certification body names a persistence type other than 0 (permanent) or 1 (deletable).
const EInvalidBlobPersistenceType: u64 = 4;
/// The object id of a permanent blob's persistence type was requested.
const ENotDeletable: u64 = 5;
/// A proof-of-possession message was built with a BLS key that is not 48 bytes long.
const EInvalidKeyLength: u64 = 6;

/// Intent type of a proof of possession.
const PROOF_OF_POSSESSION_MSG_TYPE: u8 = 0;
/// Intent type of a blob certification.
const BLOB_CERT_MSG_TYPE: u8 = 1;
/// Intent type of an invalid-blob-id attestation.
const INVALID_BLOB_ID_MSG_TYPE: u8 = 2;
/// Intent type of a deny-list update.
const DENY_LIST_UPDATE_MSG_TYPE: u8 = 4;
/// Intent type of a deny-listed blob deletion.
const DENY_LIST_BLOB_DELETED_MSG_TYPE: u8 = 5;
/// Intent type of a protocol version update.
const PROTOCOL_VERSION_MSG_TYPE: u8 = 6;

/// The only intent version.
const INTENT_VERSION: u8 = 0;
/// Walrus's app id in the intent.
const APP_ID: u8 = 3;
/// Bytes of a compressed BLS12-381 G1 public key.
const BLS_KEY_LEN: u64 = 48;

/// Persistence type encoded in a blob certification.
const PERMANENT: u8 = 0;
const DELETABLE: u8 = 1;

/// A message whose signature and signer weight have been checked, with its header parsed.
public struct CertifiedMessage has drop {
    intent_type: u8,
    intent_version: u8,
    cert_epoch: u32,
    message: vector<u8>,
    stake_support: u16,
}

/// Whether a certified blob is permanent or deletable; a deletable certificate names the `Blob` object.
public enum BlobPersistenceType has drop {
    Permanent,
    Deletable { object_id: ID },
}

/// Body of a blob certification: the blob is available in the certificate's epoch.
public struct CertifiedBlobMessage has drop {
    blob_id: u256,
    blob_persistence_type: BlobPersistenceType,
}

/// Body of an invalid-blob-id attestation.
public struct CertifiedInvalidBlobId has drop {
    blob_id: u256,
}

/// Body of a protocol version update.
public struct ProtocolVersionMessage has drop {
    start_epoch: u32,
    protocol_version: u64,
}

/// Body of a deny-list update of one storage node.
public struct DenyListUpdateMessage has drop {
    storage_node_id: ID,
    deny_list_sequence_number: u64,
    deny_list_size: u64,
    deny_list_root: u256,
}

/// Body of a deny-listed blob deletion (the message, not the event).
public struct DenyListBlobDeleted has drop {
    blob_id: u256,
}

/// What a storage node signs with its BLS key to prove it holds the key.
public struct ProofOfPossessionMessage has drop {
    intent_type: u8,
    intent_version: u8,
    intent_app: u8,
    epoch: u32,
    sui_address: address,
    bls_key: vector<u8>,
}

// === Proof of possession ===

/// The proof-of-possession message for `bls_key` (48-byte compressed G1) held by `sui_address` in `epoch`.
/// Aborts with `EInvalidKeyLength` if the key is not 48 bytes.
public(package) fun new_proof_of_possession_msg(
    epoch: u32,
    sui_address: address,
    bls_key: vector<u8>,
): ProofOfPossessionMessage {
    assert!(bls_key.length() == BLS_KEY_LEN, EInvalidKeyLength);
    ProofOfPossessionMessage {
        intent_type: PROOF_OF_POSSESSION_MSG_TYPE,
        intent_version: INTENT_VERSION,
        intent_app: APP_ID,
        epoch,
        sui_address,
        bls_key,
    }
}

/// The signed bytes: the BCS header and address, followed by the 48 key bytes without a length prefix.
public(package) fun to_bcs(self: &ProofOfPossessionMessage): vector<u8> {
    let mut bytes = vector[self.intent_type, self.intent_version, self.intent_app];
    bytes.append(bcs::to_bytes(&self.epoch));
    bytes.append(bcs::to_bytes(&self.sui_address));
    bytes.append(self.bls_key);
    bytes
}

/// Whether `proof_of_possession` is a BLS min-pk signature of this message by the key it names.
public(package) fun verify_proof_of_possession(
    self: &ProofOfPossessionMessage,
    proof_of_possession: vector<u8>,
): bool {
    bls12381_min_pk_verify(&proof_of_possession, &self.bls_key, &self.to_bcs())
}

/// Whether `proof_of_possession` proves that `sui_address` holds `public_key` (48-byte compressed G1) in `epoch`.
/// Aborts with `EInvalidKeyLength` if the key is not 48 bytes.
public(package) fun verify_proof_of_possession_for(
    epoch: u32,
    sui_address: address,
    public_key: vector<u8>,
    proof_of_possession: vector<u8>,
): bool {
    new_proof_of_possession_msg(epoch, sui_address, public_key).verify_proof_of_possession(
        proof_of_possession,
    )
}

// === Certified messages ===

/// Parses the header of a message signed by `stake_support` shards of the committee of `committee_epoch`.
/// Aborts with `EIncorrectIntentVersion`, `EIncorrectAppId` or `EIncorrectEpoch` if the header does not match.
public(package) fun new_certified_message(
    message_bytes: vector<u8>,
    committee_epoch: u32,
    stake_support: u16,
): CertifiedMessage {
    let mut bcs = bcs::new(message_bytes);
    let intent_type = bcs.peel_u8();
    let intent_version = bcs.peel_u8();
    assert!(intent_version == INTENT_VERSION, EIncorrectIntentVersion);
    let intent_app = bcs.peel_u8();
    assert!(intent_app == APP_ID, EIncorrectAppId);
    let cert_epoch = bcs.peel_u32();
    assert!(cert_epoch == committee_epoch, EIncorrectEpoch);
    CertifiedMessage {
        intent_type,
        intent_version,
        cert_epoch,
        message: bcs.into_remainder_bytes(),
        stake_support,
    }
}

/// Reads a blob-certification body. Aborts with `EInvalidMsgType` if the intent is not blob certification and
/// with `EInvalidBlobPersistenceType` for an unknown persistence byte.
public(package) fun certify_blob_message(message: CertifiedMessage): CertifiedBlobMessage {
    let mut bcs = message.body_of(BLOB_CERT_MSG_TYPE);
    let blob_id = bcs.peel_u256();
    let persistence = bcs.peel_u8();
    let blob_persistence_type = if (persistence == PERMANENT) {
        BlobPersistenceType::Permanent
    } else {
        assert!(persistence == DELETABLE, EInvalidBlobPersistenceType);
        BlobPersistenceType::Deletable { object_id: bcs.peel_address().to_id() }
    };
    CertifiedBlobMessage { blob_id, blob_persistence_type }
}

/// Reads an invalid-blob-id body. Aborts with `EInvalidMsgType` for another intent.
public(package) fun invalid_blob_id_message(message: CertifiedMessage): CertifiedInvalidBlobId {
    let mut bcs = message.body_of(INVALID_BLOB_ID_MSG_TYPE);
    CertifiedInvalidBlobId { blob_id: bcs.peel_u256() }
}

/// Reads a protocol-version body. Aborts with `EInvalidMsgType` for another intent.
public(package) fun protocol_version_message(message: CertifiedMessage): ProtocolVersionMessage {
    let mut bcs = message.body_of(PROTOCOL_VERSION_MSG_TYPE);
    let start_epoch = bcs.peel_u32();
    let protocol_version = bcs.peel_u64();
    ProtocolVersionMessage { start_epoch, protocol_version }
}

/// Reads a deny-list-update body. Aborts with `EInvalidMsgType` for another intent.
public(package) fun deny_list_update_message(message: CertifiedMessage): DenyListUpdateMessage {
    let mut bcs = message.body_of(DENY_LIST_UPDATE_MSG_TYPE);
    let storage_node_id = bcs.peel_address().to_id();
    let deny_list_sequence_number = bcs.peel_u64();
    let deny_list_size = bcs.peel_u64();
    let deny_list_root = bcs.peel_u256();
    DenyListUpdateMessage {
        storage_node_id,
        deny_list_sequence_number,
        deny_list_size,
        deny_list_root,
    }
}

/// Reads a deny-listed-blob-deleted body. Aborts with `EInvalidMsgType` for another intent.
public(package) fun deny_list_blob_deleted_message(message: CertifiedMessage): DenyListBlobDeleted {
    let mut bcs = message.body_of(DENY_LIST_BLOB_DELETED_MSG_TYPE);
    DenyListBlobDeleted { blob_id: bcs.peel_u256() }
}

fun body_of(message: CertifiedMessage, intent_type: u8): BCS {
    assert!(message.intent_type == intent_type, EInvalidMsgType);
    let CertifiedMessage { message, .. } = message;
    bcs::new(message)
}

// === Accessors ===

/// Intent type from the header.
public(package) fun intent_type(self: &CertifiedMessage): u8 {
    self.intent_type
}

/// Intent version from the header.
public(package) fun intent_version(self: &CertifiedMessage): u8 {
    self.intent_version
}

/// Epoch from the header (the signing committee's epoch).
public(package) fun cert_epoch(self: &CertifiedMessage): u32 {
    self.cert_epoch
}

/// Shards that signed the message.
public(package) fun stake_support(self: &CertifiedMessage): u16 {
    self.stake_support
}

/// The body bytes after the header.
public(package) fun message(self: &CertifiedMessage): &vector<u8> {
    &self.message
}

/// Blob ID of a blob certification.
public(package) fun certified_blob_id(self: &CertifiedBlobMessage): u256 {
    self.blob_id
}

/// Persistence type of a blob certification.
public(package) fun blob_persistence_type(self: &CertifiedBlobMessage): &BlobPersistenceType {
    &self.blob_persistence_type
}

/// Whether the persistence type is deletable.
public(package) fun is_deletable(self: &BlobPersistenceType): bool {
    match (self) {
        BlobPersistenceType::Permanent => false,
        BlobPersistenceType::Deletable { .. } => true,
    }
}

/// Object id named by a deletable certification. Aborts with `ENotDeletable` for a permanent one.
public(package) fun object_id(self: &BlobPersistenceType): ID {
    match (self) {
        BlobPersistenceType::Deletable { object_id } => *object_id,
        BlobPersistenceType::Permanent => abort ENotDeletable,
    }
}

/// Blob ID of an invalid-blob-id attestation.
public(package) fun invalid_blob_id(self: &CertifiedInvalidBlobId): u256 {
    self.blob_id
}

/// First epoch of a protocol version update.
public(package) fun protocol_version_start_epoch(self: &ProtocolVersionMessage): u32 {
    self.start_epoch
}

/// Version of a protocol version update.
public(package) fun protocol_version(self: &ProtocolVersionMessage): u64 {
    self.protocol_version
}

/// Node whose deny list a deny-list update is for.
public(package) fun storage_node_id(self: &DenyListUpdateMessage): ID {
    self.storage_node_id
}

/// Sequence number of a deny-list update.
public(package) fun deny_list_sequence_number(self: &DenyListUpdateMessage): u64 {
    self.deny_list_sequence_number
}

/// Size of the deny list after the update.
public(package) fun deny_list_size(self: &DenyListUpdateMessage): u64 {
    self.deny_list_size
}

/// Merkle root of the deny list after the update.
public(package) fun deny_list_root(self: &DenyListUpdateMessage): u256 {
    self.deny_list_root
}

/// Blob ID of a deny-listed blob deletion.
public(package) fun deny_listed_blob_id(self: &DenyListBlobDeleted): u256 {
    self.blob_id
}

// === Test-only message builders ===

#[test_only]
/// A header with the given intent and epoch, intent version 0 and app id 3.
public fun header_for_testing(intent_type: u8, epoch: u32): vector<u8> {
    let mut bytes = vector[intent_type, INTENT_VERSION, APP_ID];
    bytes.append(bcs::to_bytes(&epoch));
    bytes
}

#[test_only]
/// Signed bytes certifying a permanent blob.
public fun permanent_blob_message_for_testing(epoch: u32, blob_id: u256): vector<u8> {
    let mut bytes = header_for_testing(BLOB_CERT_MSG_TYPE, epoch);
    bytes.append(bcs::to_bytes(&blob_id));
    bytes.push_back(PERMANENT);
    bytes
}

#[test_only]
/// Signed bytes certifying a deletable blob held by object `object_id`.
public fun deletable_blob_message_for_testing(
    epoch: u32,
    blob_id: u256,
    object_id: ID,
): vector<u8> {
    let mut bytes = header_for_testing(BLOB_CERT_MSG_TYPE, epoch);
    bytes.append(bcs::to_bytes(&blob_id));
    bytes.push_back(DELETABLE);
    bytes.append(bcs::to_bytes(&object_id));
    bytes
}

#[test_only]
/// Signed bytes attesting that `blob_id` is invalid.
public fun invalid_blob_id_message_for_testing(epoch: u32, blob_id: u256): vector<u8> {
    let mut bytes = header_for_testing(INVALID_BLOB_ID_MSG_TYPE, epoch);
    bytes.append(bcs::to_bytes(&blob_id));
    bytes
}

#[test_only]
/// Signed bytes of a protocol version update.
public fun protocol_version_message_for_testing(
    epoch: u32,
    start_epoch: u32,
    protocol_version: u64,
): vector<u8> {
    let mut bytes = header_for_testing(PROTOCOL_VERSION_MSG_TYPE, epoch);
    bytes.append(bcs::to_bytes(&start_epoch));
    bytes.append(bcs::to_bytes(&protocol_version));
    bytes
}

#[test_only]
/// Signed bytes of a deny-list update.
public fun deny_list_update_message_for_testing(
    epoch: u32,
    storage_node_id: ID,
    deny_list_sequence_number: u64,
    deny_list_size: u64,
    deny_list_root: u256,
): vector<u8> {
    let mut bytes = header_for_testing(DENY_LIST_UPDATE_MSG_TYPE, epoch);
    bytes.append(bcs::to_bytes(&storage_node_id));
    bytes.append(bcs::to_bytes(&deny_list_sequence_number));
    bytes.append(bcs::to_bytes(&deny_list_size));
    bytes.append(bcs::to_bytes(&deny_list_root));
    bytes
}

#[test_only]
/// Signed bytes of a deny-listed blob deletion.
public fun deny_list_blob_deleted_message_for_testing(epoch: u32, blob_id: u256): vector<u8> {
    let mut bytes = header_for_testing(DENY_LIST_BLOB_DELETED_MSG_TYPE, epoch);
    bytes.append(bcs::to_bytes(&blob_id));
    bytes
}
