/// A committee: each member node and the shard IDs it holds, sorted by node ID (compared as `u256`).
module walrus::committee;

use sui::vec_map::{Self, VecMap};

/// A transition was asked to assign a different total number of shards than the previous committee held.
const EInvalidShardAssignment: u64 = 0;

/// Node ID -> shard IDs, sorted by node ID.
public struct Committee(VecMap<ID, vector<u16>>) has copy, drop, store;

/// A committee with no members.
public(package) fun empty(): Committee { Committee(vec_map::empty()) }

/// The first committee: shard IDs `0..` handed out in node-ID order, `weight` consecutive IDs per node. Nodes
/// with zero weight are left out.
public(package) fun initialize(assignments: VecMap<ID, u16>): Committee {
    let (ids, weights) = walrus::sort::sort_map_by_node_id(assignments).into_keys_values();
    let mut result = vec_map::empty();
    let mut next: u16 = 0;
    ids.zip_do!(weights, |id, weight| {
        if (weight > 0) {
            let mut shards = vector[];
            weight.do!(|_| {
                shards.push_back(next);
                next = next + 1;
            });
            result.insert(id, shards);
        }
    });
    Committee(result)
}

/// The next committee for `new_assignments` (node ID -> number of shards), moving as few shards as possible:
/// continuing nodes keep their shards; shrinking and leaving nodes give up shards (from the back of their
/// list) which growing and new nodes take. The total must equal this committee's total, otherwise aborts
/// `EInvalidShardAssignment`. An empty committee starts over with `initialize`.
public(package) fun transition(cmt: &Committee, new_assignments: VecMap<ID, u16>): Committee {
    if (cmt.0.is_empty()) return initialize(new_assignments);
    let new_assignments = walrus::sort::sort_map_by_node_id(new_assignments);
    let mut total_new = 0u64;
    new_assignments.keys().length().do!(|i| {
        let (_, w) = new_assignments.get_entry_by_idx(i);
        total_new = total_new + (*w as u64);
    });
    assert!(total_new == cmt.n_shards(), EInvalidShardAssignment);

    let mut kept: VecMap<ID, vector<u16>> = vec_map::empty();
    let mut to_move = vector[];
    cmt.0.keys().length().do!(|i| {
        let (id, shards) = cmt.0.get_entry_by_idx(i);
        let mut shards = *shards;
        let target = if (new_assignments.contains(id)) *new_assignments.get(id) as u64 else 0;
        while (shards.length() > target) to_move.push_back(shards.pop_back());
        if (target > 0) kept.insert(*id, shards);
    });

    let mut result = vec_map::empty();
    let (ids, weights) = new_assignments.into_keys_values();
    ids.zip_do!(weights, |id, weight| {
        if (weight > 0) {
            let mut shards = if (kept.contains(&id)) {
                let (_, s) = kept.remove(&id);
                s
            } else vector[];
            while (shards.length() < (weight as u64)) shards.push_back(to_move.pop_back());
            result.insert(id, shards);
        }
    });
    Committee(result)
}

/// The shards held by `node_id` (aborts if it is not a member).
public fun shards(cmt: &Committee, node_id: &ID): &vector<u16> { cmt.0.get(node_id) }

/// Number of members.
public fun size(cmt: &Committee): u64 { cmt.0.length() }

/// The member map.
public fun inner(cmt: &Committee): &VecMap<ID, vector<u16>> { &cmt.0 }

/// A copy of the member map.
public fun to_inner(cmt: &Committee): VecMap<ID, vector<u16>> { cmt.0 }

/// True when `node_id` is a member.
public(package) fun contains(cmt: &Committee, node_id: &ID): bool { cmt.0.contains(node_id) }

/// Total number of shards held by all members.
public(package) fun n_shards(cmt: &Committee): u64 {
    let mut total = 0;
    cmt.0.keys().length().do!(|i| {
        let (_, shards) = cmt.0.get_entry_by_idx(i);
        total = total + shards.length();
    });
    total
}

/// Number of shards held by `node_id`, zero for a non-member.
public(package) fun weight(cmt: &Committee, node_id: &ID): u16 {
    if (cmt.0.contains(node_id)) cmt.0.get(node_id).length() as u16 else 0
}

#[test_only]
/// A committee built from explicit assignments, for tests.
public fun from_inner_for_testing(inner: VecMap<ID, vector<u16>>): Committee { Committee(inner) }
