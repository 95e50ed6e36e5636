#[test_only]
module walrus::bls_tests;

use walrus::{bls_aggregate::{Self, BlsCommittee}, messages, system_test_utils as tu};

// The test VM's `bls12381_min_pk_verify` accepts every signature, so `ESigVerification` cannot be triggered
// here; these tests cover everything checked before it (epoch, bitmap, weights) and the weight reported.

fun message(epoch: u32): vector<u8> {
    messages::permanent_blob_message_for_testing(epoch, 0x1)
}

/// Ten shards over four members with weights 1, 2, 3, 4 (indices 0..3).
fun committee(): BlsCommittee {
    tu::committee(5, tu::default_weights())
}

#[test]
fun a_committee_sums_weights_and_sorts_members_by_node_id() {
    let members = vector[
        bls_aggregate::new_bls_committee_member(tu::uncompressed_key(2), 3, tu::node_id(2)),
        bls_aggregate::new_bls_committee_member(tu::uncompressed_key(0), 1, tu::node_id(0)),
        bls_aggregate::new_bls_committee_member(tu::uncompressed_key(1), 2, tu::node_id(1)),
    ];
    let committee = bls_aggregate::new_bls_committee(4, members);
    assert!(committee.n_shards() == 6);
    assert!(committee.epoch() == 4);
    assert!(committee.n_members() == 3);
    3u64.do!(|i| assert!(committee.members()[i].node_id() == tu::node_id(i)));
    assert!(committee.members()[2].weight() == 3);
    assert!(*committee.members()[1].public_key() == tu::uncompressed_key(1));
    assert!(committee.contains(&tu::node_id(1)));
    assert!(!committee.contains(&tu::node_id(7)));
    assert!(committee.get_member_weight(&tu::node_id(2)) == 3);
    assert!(committee.get_member_weight(&tu::node_id(7)) == 0);
    let map = committee.to_vec_map();
    assert!(map.length() == 3 && *map.get(&tu::node_id(0)) == 1);
}

#[test]
fun an_empty_committee_has_no_shards() {
    let committee = bls_aggregate::empty(0);
    assert!(committee.n_shards() == 0 && committee.n_members() == 0 && committee.epoch() == 0);
}

#[test]
fun all_signers_give_the_full_weight() {
    let cert = committee().verify_quorum_in_epoch(tu::signature(), vector[0x0f], message(5));
    assert!(cert.stake_support() == 10);
    assert!(cert.cert_epoch() == 5);
}

#[test]
fun a_quorum_at_exactly_the_threshold_is_accepted() {
    // n = 10: a quorum needs 3w >= 21, i.e. w >= 7. Members 2 and 3 hold 3 + 4 = 7.
    let cert = committee().verify_quorum_in_epoch(tu::signature(), vector[0x0c], message(5));
    assert!(cert.stake_support() == 7);
}

#[test, expected_failure(abort_code = bls_aggregate::ENotEnoughStake)]
fun a_quorum_just_below_the_threshold_is_rejected() {
    // Members 1 and 3 hold 2 + 4 = 6 < 7.
    committee().verify_quorum_in_epoch(tu::signature(), vector[0x0a], message(5));
}

#[test]
fun one_correct_node_at_exactly_the_threshold_is_accepted() {
    // n = 10: f + 1 needs 3w >= 11, i.e. w >= 4. Member 3 alone holds 4.
    let cert = committee().verify_one_correct_node_in_epoch(
        tu::signature(),
        vector[0x08],
        message(5),
    );
    assert!(cert.stake_support() == 4);
}

#[test, expected_failure(abort_code = bls_aggregate::ENotEnoughStake)]
fun one_correct_node_just_below_the_threshold_is_rejected() {
    // Member 2 alone holds 3 < 4.
    committee().verify_one_correct_node_in_epoch(tu::signature(), vector[0x04], message(5));
}

#[test]
fun a_shorter_bitmap_counts_missing_members_as_non_signers() {
    // Nine members of weight 1 need two bitmap bytes; one byte covers members 0..7, member 8 did not sign.
    let committee = tu::committee(5, vector[1, 1, 1, 1, 1, 1, 1, 1, 1]);
    let cert = committee.verify_quorum_in_epoch(tu::signature(), vector[0xff], message(5));
    assert!(cert.stake_support() == 8);
    let non_signers = committee.non_signers(&vector[0xff]);
    assert!(non_signers == vector[8]);
}

#[test]
fun an_empty_bitmap_means_no_signer() {
    let non_signers = committee().non_signers(&vector[]);
    assert!(non_signers == vector[0, 1, 2, 3]);
}

#[test]
fun bits_are_read_least_significant_first() {
    let non_signers = committee().non_signers(&vector[0x05]);
    assert!(non_signers == vector[1, 3]);
}

#[test, expected_failure(abort_code = bls_aggregate::EInvalidBitmap)]
fun a_bitmap_longer_than_the_committee_aborts() {
    committee().verify_quorum_in_epoch(tu::signature(), vector[0x0f, 0x00], message(5));
}

#[test, expected_failure(abort_code = bls_aggregate::EInvalidBitmap)]
fun a_set_bit_beyond_the_last_member_aborts() {
    committee().verify_quorum_in_epoch(tu::signature(), vector[0x1f], message(5));
}

#[test, expected_failure(abort_code = bls_aggregate::EInvalidBitmap)]
fun the_highest_trailing_bit_set_aborts() {
    committee().non_signers(&vector[0x8f]);
}

#[test, expected_failure(abort_code = bls_aggregate::EIncorrectCommittee)]
fun a_message_from_another_epoch_aborts() {
    committee().verify_quorum_in_epoch(tu::signature(), vector[0x0f], message(6));
}

#[test, expected_failure(abort_code = bls_aggregate::EIncorrectCommittee)]
fun one_correct_node_check_also_verifies_the_epoch() {
    committee().verify_one_correct_node_in_epoch(tu::signature(), vector[0x0f], message(4));
}

#[test]
fun quorum_predicates_match_the_formulas() {
    let c = tu::committee(0, vector[1000]);
    // n = 1000: quorum 3w >= 2001 -> w >= 667; one correct node 3w >= 1001 -> w >= 334.
    assert!(c.is_quorum(667) && !c.is_quorum(666));
    assert!(c.includes_one_correct_node(334) && !c.includes_one_correct_node(333));
}

#[test, expected_failure(abort_code = bls_aggregate::EIncorrectCommittee)]
fun the_epoch_is_checked_before_the_weight() {
    committee().verify_quorum_in_epoch(tu::signature(), vector[0x01], message(4));
}

#[test, expected_failure(abort_code = bls_aggregate::ENotEnoughStake)]
fun the_weight_is_checked_before_the_signature() {
    // An empty signature would not verify; the weight check fires first.
    committee().verify_quorum_in_epoch(vector[], vector[0x01], message(5));
}
