/// The BLS committee of one epoch and the verification of its aggregate signatures.
///
/// A certificate is a BLS12-381 min-pk aggregate signature plus a bitmap of the members that signed. Weights are
/// shard counts: a quorum needs `3 * w >= 2 * n_shards + 1`, "one correct node" needs `3 * w >= n_shards + 1`.
/// The weight is checked before the (costlier) signature.
module walrus::bls_aggregate;

use sui::{
    bls12381::{Self, bls12381_min_pk_verify, G1, UncompressedG1},
    group_ops::Element,
    vec_map::{Self, VecMap}
};
use walrus::messages::{Self, CertifiedMessage};

/// The signers bitmap is longer than the committee needs, or sets a bit beyond the last member.
const EInvalidBitmap: u64 = 0;
/// The aggregate signature does not verify against the signers' aggregate key.
const ESigVerification: u64 = 1;
/// The signers do not hold enough shards for the required threshold.
const ENotEnoughStake: u64 = 2;
/// The message was signed for another epoch than the committee's.
const EIncorrectCommittee: u64 = 3;

/// One committee member: its BLS key, its weight in shards and its node id.
public struct BlsCommitteeMember has copy, drop, store {
    public_key: Element<UncompressedG1>,
    weight: u16,
    node_id: ID,
}

/// The committee of one epoch, with members sorted by node id.
public struct BlsCommittee has copy, drop, store {
    /// Members in increasing node-id order; signer bitmaps index this vector.
    members: vector<BlsCommitteeMember>,
    /// Sum of the members' weights.
    n_shards: u16,
    /// The epoch this committee serves.
    epoch: u32,
    /// Sum of all members' public keys.
    total_aggregated_key: Element<G1>,
}

/// A committee member with `weight` shards.
public(package) fun new_bls_committee_member(
    public_key: Element<UncompressedG1>,
    weight: u16,
    node_id: ID,
): BlsCommitteeMember {
    BlsCommitteeMember { public_key, weight, node_id }
}

/// The committee of `epoch`. Members are put in increasing node-id order; `n_shards` is the sum of the weights.
public(package) fun new_bls_committee(
    epoch: u32,
    mut members: vector<BlsCommitteeMember>,
): BlsCommittee {
    walrus::sort::sort_by_node_id!(&mut members, |member| member.node_id);
    let mut n_shards: u64 = 0;
    let mut keys = vector[];
    members.do_ref!(|member| {
        n_shards = n_shards + (member.weight as u64);
        keys.push_back(member.public_key);
    });
    BlsCommittee {
        members,
        n_shards: n_shards as u16,
        epoch,
        total_aggregated_key: sum_keys(&keys),
    }
}

/// A committee without members (the system's committee before the first epoch change).
public(package) fun empty(epoch: u32): BlsCommittee {
    BlsCommittee {
        members: vector[],
        n_shards: 0,
        epoch,
        total_aggregated_key: bls12381::g1_identity(),
    }
}

// === Verification ===

/// Verifies a certificate signed by a quorum (`3 * w >= 2 * n_shards + 1`) of this committee and returns the
/// parsed message. Aborts with `EIncorrectCommittee`, `EInvalidBitmap`, `ENotEnoughStake` or `ESigVerification`.
public(package) fun verify_quorum_in_epoch(
    self: &BlsCommittee,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    message: vector<u8>,
): CertifiedMessage {
    let stake_support = self.verify_certificate_and_weight(
        &signature,
        &signers_bitmap,
        &message,
        true,
    );
    messages::new_certified_message(message, self.epoch, stake_support)
}

/// Verifies a certificate signed by at least one correct node (`3 * w >= n_shards + 1`) and returns the parsed
/// message. Aborts like `verify_quorum_in_epoch`.
public(package) fun verify_one_correct_node_in_epoch(
    self: &BlsCommittee,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    message: vector<u8>,
): CertifiedMessage {
    let stake_support = self.verify_certificate_and_weight(
        &signature,
        &signers_bitmap,
        &message,
        false,
    );
    messages::new_certified_message(message, self.epoch, stake_support)
}

/// Checks the message epoch, the bitmap, the threshold (a quorum if `quorum`, else one correct node) and then
/// the signature; returns the signers' weight.
fun verify_certificate_and_weight(
    self: &BlsCommittee,
    signature: &vector<u8>,
    signers_bitmap: &vector<u8>,
    message: &vector<u8>,
    quorum: bool,
): u16 {
    assert!(message_epoch(message) == self.epoch, EIncorrectCommittee);
    let non_signers = self.non_signers(signers_bitmap);
    let mut non_signer_weight: u64 = 0;
    let mut non_signer_keys = vector[];
    non_signers.do!(|index| {
        let member = &self.members[index];
        non_signer_weight = non_signer_weight + (member.weight as u64);
        non_signer_keys.push_back(member.public_key);
    });
    let weight = ((self.n_shards as u64) - non_signer_weight) as u16;
    let enough = if (quorum) self.is_quorum(weight) else self.includes_one_correct_node(weight);
    assert!(enough, ENotEnoughStake);
    let aggregate_key = if (non_signer_keys.is_empty()) {
        self.total_aggregated_key
    } else {
        bls12381::g1_sub(&self.total_aggregated_key, &sum_keys(&non_signer_keys))
    };
    assert!(bls12381_min_pk_verify(signature, aggregate_key.bytes(), message), ESigVerification);
    weight
}

/// Indices of the members whose bit is not set. Bits are read LSB first; byte `j` bit `i` is member `8j + i`.
/// The bitmap may be shorter than the committee (missing members did not sign) but not longer, and bits past the
/// last member must be 0; otherwise aborts with `EInvalidBitmap`.
public(package) fun non_signers(self: &BlsCommittee, signers_bitmap: &vector<u8>): vector<u64> {
    let n_members = self.members.length();
    assert!(signers_bitmap.length() <= (n_members + 7) / 8, EInvalidBitmap);
    let mut non_signers = vector[];
    n_members.do!(|index| {
        let byte_index = index / 8;
        let signed =
            byte_index < signers_bitmap.length() &&
            (signers_bitmap[byte_index] >> ((index % 8) as u8)) & 1 == 1;
        if (!signed) non_signers.push_back(index);
    });
    // Bits beyond the last member must be clear.
    let bits = signers_bitmap.length() * 8;
    let mut index = n_members;
    while (index < bits) {
        assert!((signers_bitmap[index / 8] >> ((index % 8) as u8)) & 1 == 0, EInvalidBitmap);
        index = index + 1;
    };
    non_signers
}

/// Whether `weight` shards are a quorum: `3 * weight >= 2 * n_shards + 1`.
public(package) fun is_quorum(self: &BlsCommittee, weight: u16): bool {
    3 * (weight as u64) >= 2 * (self.n_shards as u64) + 1
}

/// Whether `weight` shards include at least one correct node: `3 * weight >= n_shards + 1`.
public(package) fun includes_one_correct_node(self: &BlsCommittee, weight: u16): bool {
    3 * (weight as u64) >= (self.n_shards as u64) + 1
}

// === Accessors ===

/// Sum of the members' weights in shards.
public(package) fun n_shards(self: &BlsCommittee): u16 {
    self.n_shards
}

/// The epoch this committee serves.
public(package) fun epoch(self: &BlsCommittee): u32 {
    self.epoch
}

/// Members in increasing node-id order.
public(package) fun members(self: &BlsCommittee): &vector<BlsCommitteeMember> {
    &self.members
}

/// Number of members.
public(package) fun n_members(self: &BlsCommittee): u64 {
    self.members.length()
}

/// Sum of all members' public keys.
public(package) fun total_aggregated_key(self: &BlsCommittee): &Element<G1> {
    &self.total_aggregated_key
}

/// Whether `node_id` is a member.
public(package) fun contains(self: &BlsCommittee, node_id: &ID): bool {
    self.members.any!(|member| member.node_id == *node_id)
}

/// Weight of `node_id`, or 0 if it is not a member.
public(package) fun get_member_weight(self: &BlsCommittee, node_id: &ID): u16 {
    self
        .members
        .find_index!(|member| member.node_id == *node_id)
        .map!(|index| self.members[index].weight)
        .destroy_or!(0)
}

/// Node id to weight, in member order.
public(package) fun to_vec_map(self: &BlsCommittee): VecMap<ID, u16> {
    let mut map = vec_map::empty();
    self.members.do_ref!(|member| map.insert(member.node_id, member.weight));
    map
}

/// The member's node id.
public(package) fun node_id(member: &BlsCommitteeMember): ID {
    member.node_id
}

/// The member's weight in shards.
public(package) fun weight(member: &BlsCommitteeMember): u16 {
    member.weight
}

/// The member's BLS public key (uncompressed G1).
public(package) fun public_key(member: &BlsCommitteeMember): &Element<UncompressedG1> {
    &member.public_key
}

// === Internal ===

/// Epoch field of a signed message's header (bytes 3..7, little endian). Aborts if the message is too short.
fun message_epoch(message: &vector<u8>): u32 {
    let mut epoch: u32 = 0;
    4u64.do!(|i| epoch = epoch | ((message[3 + i] as u32) << ((8 * i) as u8)));
    epoch
}

fun sum_keys(keys: &vector<Element<UncompressedG1>>): Element<G1> {
    if (keys.is_empty()) {
        bls12381::g1_identity()
    } else {
        bls12381::uncompressed_g1_to_g1(&bls12381::uncompressed_g1_sum(keys))
    }
}

#[test_only]
/// A committee of `epoch` with one member per weight; member `i` has node id `@(i + 1)` and the key
/// `(i + 1) * G1`. For tests in this and dependent packages.
public fun new_committee_for_testing(epoch: u32, weights: vector<u16>): BlsCommittee {
    let mut index: u64 = 0;
    let members = weights.map!(|weight| {
        index = index + 1;
        let key = bls12381::g1_mul(&bls12381::scalar_from_u64(index), &bls12381::g1_generator());
        BlsCommitteeMember {
            public_key: bls12381::g1_to_uncompressed_g1(&key),
            weight,
            node_id: object::id_from_address(sui::address::from_u256(index as u256)),
        }
    });
    new_bls_committee(epoch, members)
}
