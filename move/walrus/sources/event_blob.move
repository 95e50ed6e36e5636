/// State of the certification of event blobs (blobs holding the package's own event stream, attested by the
/// storage nodes). Only the layouts and the per-epoch reset live here; attestation processing is not implemented.
module walrus::event_blob;

use sui::vec_map::{Self, VecMap};

/// An event blob: its blob ID and the last checkpoint whose events it contains.
public struct EventBlob has copy, drop, store {
    blob_id: u256,
    ending_checkpoint_sequence_number: u64,
}

/// A node's latest attestation of an event blob, kept in its `StorageNodeCap`.
public struct EventBlobAttestation has copy, drop, store {
    checkpoint_sequence_num: u64,
    epoch: u32,
}

/// The latest certified event blob and the weight attested so far per candidate blob.
public struct EventBlobCertificationState has store {
    latest_certified_blob: Option<EventBlob>,
    aggregate_weight_per_blob: VecMap<EventBlob, u16>,
}

/// An event blob value.
public(package) fun new_event_blob(
    blob_id: u256,
    ending_checkpoint_sequence_number: u64,
): EventBlob {
    EventBlob { blob_id, ending_checkpoint_sequence_number }
}

/// An attestation value.
public(package) fun new_attestation(
    checkpoint_sequence_num: u64,
    epoch: u32,
): EventBlobAttestation {
    EventBlobAttestation { checkpoint_sequence_num, epoch }
}

/// A state with no certified blob and nothing attested.
public(package) fun create_with_empty_state(): EventBlobCertificationState {
    EventBlobCertificationState {
        latest_certified_blob: option::none(),
        aggregate_weight_per_blob: vec_map::empty(),
    }
}

/// Forgets all pending attestation weights (done at every epoch change); the latest certified blob is kept.
public(package) fun reset(self: &mut EventBlobCertificationState) {
    self.aggregate_weight_per_blob = vec_map::empty();
}

// === Accessors ===

/// Blob ID of an event blob.
public(package) fun blob_id(self: &EventBlob): u256 {
    self.blob_id
}

/// Last checkpoint contained in an event blob.
public(package) fun ending_checkpoint_sequence_number(self: &EventBlob): u64 {
    self.ending_checkpoint_sequence_number
}

/// Checkpoint of an attestation.
public(package) fun last_attested_event_blob_checkpoint_seq_num(self: &EventBlobAttestation): u64 {
    self.checkpoint_sequence_num
}

/// Epoch of an attestation.
public(package) fun last_attested_event_blob_epoch(self: &EventBlobAttestation): u32 {
    self.epoch
}

/// The latest certified event blob, if any.
public(package) fun latest_certified_blob(self: &EventBlobCertificationState): &Option<EventBlob> {
    &self.latest_certified_blob
}

/// Number of candidate blobs with pending attestations.
public(package) fun pending_blob_count(self: &EventBlobCertificationState): u64 {
    self.aggregate_weight_per_blob.length()
}

#[test_only]
/// Adds attestation weight for a candidate blob, so tests can observe `reset`.
public fun add_weight_for_testing(
    self: &mut EventBlobCertificationState,
    blob: EventBlob,
    weight: u16,
) {
    self.aggregate_weight_per_blob.insert(blob, weight);
}
