/// A storage node's public identity (`StorageNodeInfo`, kept in its staking pool) and the capability its operator
/// holds (`StorageNodeCap`).
module walrus::storage_node;

use std::string::String;
use sui::{bls12381::{Self, UncompressedG1, G1}, group_ops::Element};
use walrus::{
    event_blob::EventBlobAttestation,
    extended_field::{Self, ExtendedField},
    node_metadata::NodeMetadata
};

/// A network public key that is not 33 bytes (a compressed secp256r1 key).
const EInvalidNetworkPublicKey: u64 = 0;

/// Length of a compressed secp256r1 network public key.
const NETWORK_PUBLIC_KEY_LENGTH: u64 = 33;

/// The node's name, address, keys and metadata.
public struct StorageNodeInfo has store {
    name: String,
    node_id: ID,
    network_address: String,
    public_key: Element<UncompressedG1>,
    next_epoch_public_key: Option<Element<UncompressedG1>>,
    network_public_key: vector<u8>,
    metadata: ExtendedField<NodeMetadata>,
}

/// The operator's capability for node `node_id`, also recording its epoch-sync, event-blob and deny-list
/// progress.
public struct StorageNodeCap has key, store {
    id: UID,
    node_id: ID,
    last_epoch_sync_done: u32,
    last_event_blob_attestation: Option<EventBlobAttestation>,
    deny_list_root: u256,
    deny_list_sequence: u64,
    deny_list_size: u64,
}

/// Builds node info from a 48-byte compressed BLS public key (stored uncompressed).
public(package) fun new(
    name: String,
    node_id: ID,
    network_address: String,
    public_key: vector<u8>,
    network_public_key: vector<u8>,
    metadata: NodeMetadata,
    ctx: &mut TxContext,
): StorageNodeInfo {
    assert!(network_public_key.length() == NETWORK_PUBLIC_KEY_LENGTH, EInvalidNetworkPublicKey);
    StorageNodeInfo {
        name,
        node_id,
        network_address,
        public_key: uncompressed_key(&public_key),
        next_epoch_public_key: option::none(),
        network_public_key,
        metadata: extended_field::new(metadata, ctx),
    }
}

/// A new capability for `node_id`.
public(package) fun new_cap(node_id: ID, ctx: &mut TxContext): StorageNodeCap {
    StorageNodeCap {
        id: object::new(ctx),
        node_id,
        last_epoch_sync_done: 0,
        last_event_blob_attestation: option::none(),
        deny_list_root: 0,
        deny_list_sequence: 0,
        deny_list_size: 0,
    }
}

fun uncompressed_key(public_key: &vector<u8>): Element<UncompressedG1> {
    let point: Element<G1> = bls12381::g1_from_bytes(public_key);
    bls12381::g1_to_uncompressed_g1(&point)
}

// === StorageNodeInfo accessors ===

/// The node ID.
public fun id(cap: &StorageNodeInfo): ID { cap.node_id }

/// The node name.
public(package) fun name(self: &StorageNodeInfo): String { self.name }

/// The network address.
public(package) fun network_address(self: &StorageNodeInfo): String { self.network_address }

/// The current BLS public key (uncompressed).
public(package) fun public_key(self: &StorageNodeInfo): &Element<UncompressedG1> {
    &self.public_key
}

/// The BLS key that takes over at the next epoch change, if one was set.
public(package) fun next_epoch_public_key(self: &StorageNodeInfo): &Element<UncompressedG1> {
    if (self.next_epoch_public_key.is_some()) self.next_epoch_public_key.borrow()
    else &self.public_key
}

/// True when a key rotation is pending.
public(package) fun has_next_epoch_public_key(self: &StorageNodeInfo): bool {
    self.next_epoch_public_key.is_some()
}

/// The 33-byte network public key.
public(package) fun network_public_key(self: &StorageNodeInfo): &vector<u8> {
    &self.network_public_key
}

/// The node metadata.
public(package) fun metadata(self: &StorageNodeInfo): NodeMetadata { *self.metadata.borrow() }

// === StorageNodeInfo setters ===

/// Sets the name.
public(package) fun set_name(self: &mut StorageNodeInfo, name: String) { self.name = name; }

/// Sets the network address.
public(package) fun set_network_address(self: &mut StorageNodeInfo, network_address: String) {
    self.network_address = network_address;
}

/// Sets the network public key; it must be 33 bytes.
public(package) fun set_network_public_key(
    self: &mut StorageNodeInfo,
    network_public_key: vector<u8>,
) {
    assert!(network_public_key.length() == NETWORK_PUBLIC_KEY_LENGTH, EInvalidNetworkPublicKey);
    self.network_public_key = network_public_key;
}

/// Sets the BLS key (48 bytes compressed) that takes over at the next epoch change.
public(package) fun set_next_public_key(self: &mut StorageNodeInfo, public_key: vector<u8>) {
    self.next_epoch_public_key = option::some(uncompressed_key(&public_key));
}

/// Makes a pending next key the current key.
public(package) fun rotate_public_key(self: &mut StorageNodeInfo) {
    if (self.next_epoch_public_key.is_some()) {
        self.public_key = self.next_epoch_public_key.extract();
    }
}

/// Sets the metadata.
public(package) fun set_node_metadata(self: &mut StorageNodeInfo, metadata: NodeMetadata) {
    self.metadata.swap(metadata);
}

/// Destroys the info and its metadata field.
public(package) fun destroy(self: StorageNodeInfo) {
    let StorageNodeInfo { metadata, .. } = self;
    metadata.destroy();
}

// === StorageNodeCap accessors ===

/// The node this capability controls.
public fun node_id(cap: &StorageNodeCap): ID { cap.node_id }

/// The last epoch for which the node reported `epoch_sync_done`.
public fun last_epoch_sync_done(cap: &StorageNodeCap): u32 { cap.last_epoch_sync_done }

/// The node's outstanding event-blob attestation, if any.
public fun last_event_blob_attestation(cap: &mut StorageNodeCap): Option<EventBlobAttestation> {
    cap.last_event_blob_attestation
}

/// The root of the node's deny list.
public fun deny_list_root(cap: &StorageNodeCap): u256 { cap.deny_list_root }

/// The sequence number of the node's deny list.
public fun deny_list_sequence(cap: &StorageNodeCap): u64 { cap.deny_list_sequence }

/// The size of the node's deny list.
public(package) fun deny_list_size(cap: &StorageNodeCap): u64 { cap.deny_list_size }

// === StorageNodeCap setters ===

/// Records the epoch for which the node reported sync done.
public(package) fun set_last_epoch_sync_done(cap: &mut StorageNodeCap, epoch: u32) {
    cap.last_epoch_sync_done = epoch;
}

/// Records the node's latest event-blob attestation.
public(package) fun set_last_event_blob_attestation(
    cap: &mut StorageNodeCap,
    attestation: EventBlobAttestation,
) {
    cap.last_event_blob_attestation = option::some(attestation);
}

/// Records the node's deny-list root, sequence number and size.
public(package) fun set_deny_list_properties(
    cap: &mut StorageNodeCap,
    root: u256,
    sequence: u64,
    size: u64,
) {
    cap.deny_list_root = root;
    cap.deny_list_sequence = sequence;
    cap.deny_list_size = size;
}

#[test_only]
/// A capability for any node ID, for tests.
public fun new_cap_for_testing(node_id: ID, ctx: &mut TxContext): StorageNodeCap {
    new_cap(node_id, ctx)
}

#[test_only]
/// Destroys a capability, for tests.
public fun destroy_cap_for_testing(cap: StorageNodeCap) {
    let StorageNodeCap { id, .. } = cap;
    id.delete();
}
