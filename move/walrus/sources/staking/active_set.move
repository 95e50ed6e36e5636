/// The active set: the nodes with the most stake (up to `max_size`) that take part in the next committee
/// selection.
module walrus::active_set;

/// An active set was created or resized with a maximum size of zero.
const EZeroMaxSize: u64 = 0;
/// `insert` was called for a node that is already in the set.
const EDuplicateInsertion: u64 = 1;

/// One member of the active set and the stake that counts at the next vote.
public struct ActiveSetEntry has copy, drop, store {
    node_id: ID,
    staked_amount: u64,
}

/// Up to `max_size` nodes with at least `threshold_stake` each; `total_stake` is the sum of their stake.
public struct ActiveSet has copy, drop, store {
    max_size: u16,
    threshold_stake: u64,
    nodes: vector<ActiveSetEntry>,
    total_stake: u64,
}

/// An empty set.
public(package) fun new(max_size: u16, threshold_stake: u64): ActiveSet {
    assert!(max_size > 0, EZeroMaxSize);
    ActiveSet { max_size, threshold_stake, nodes: vector[], total_stake: 0 }
}

/// Sets the node's stake: updates a member (removing it when the stake falls to zero or below the threshold) or
/// tries to insert a newcomer. Returns whether the node is in the set afterwards.
public(package) fun insert_or_update(set: &mut ActiveSet, node_id: ID, staked_amount: u64): bool {
    if (set.find(node_id).is_some()) set.update(node_id, staked_amount)
    else set.insert(node_id, staked_amount)
}

/// Updates a member's stake (removing it when the stake falls to zero or below the threshold). Returns whether
/// the node is a member afterwards; a non-member is left out.
public(package) fun update(set: &mut ActiveSet, node_id: ID, staked_amount: u64): bool {
    let idx = set.find(node_id);
    if (idx.is_none()) return false;
    let idx = idx.destroy_some();
    if (staked_amount == 0 || staked_amount < set.threshold_stake) {
        let entry = set.nodes.swap_remove(idx);
        set.total_stake = set.total_stake - entry.staked_amount;
        return false
    };
    let entry = &mut set.nodes[idx];
    set.total_stake = set.total_stake - entry.staked_amount + staked_amount;
    entry.staked_amount = staked_amount;
    true
}

/// Inserts a newcomer. When the set is full the newcomer replaces the member with the least stake only if its
/// stake is strictly larger. Returns whether it was inserted.
public(package) fun insert(set: &mut ActiveSet, node_id: ID, staked_amount: u64): bool {
    assert!(set.find(node_id).is_none(), EDuplicateInsertion);
    if (staked_amount == 0 || staked_amount < set.threshold_stake) return false;
    if (set.nodes.length() < (set.max_size as u64)) {
        set.nodes.push_back(ActiveSetEntry { node_id, staked_amount });
        set.total_stake = set.total_stake + staked_amount;
        return true
    };
    let min_idx = set.min_index();
    if (staked_amount <= set.nodes[min_idx].staked_amount) return false;
    let old = set.nodes.swap_remove(min_idx);
    set.total_stake = set.total_stake - old.staked_amount + staked_amount;
    set.nodes.push_back(ActiveSetEntry { node_id, staked_amount });
    true
}

/// Removes the node if it is a member.
public(package) fun remove(set: &mut ActiveSet, node_id: ID) {
    let idx = set.find(node_id);
    if (idx.is_some()) {
        let entry = set.nodes.swap_remove(idx.destroy_some());
        set.total_stake = set.total_stake - entry.staked_amount;
    }
}

/// Changes the maximum size, evicting the members with the least stake while the set is too large.
public(package) fun set_max_size(set: &mut ActiveSet, max_size: u16) {
    assert!(max_size > 0, EZeroMaxSize);
    set.max_size = max_size;
    while (set.nodes.length() > (max_size as u64)) {
        let min_idx = set.min_index();
        let entry = set.nodes.swap_remove(min_idx);
        set.total_stake = set.total_stake - entry.staked_amount;
    }
}

/// The member IDs, in set order.
public(package) fun active_ids(set: &ActiveSet): vector<ID> {
    set.nodes.map_ref!(|e| e.node_id)
}

/// The member IDs and their stakes, in set order.
public(package) fun active_ids_and_stake(set: &ActiveSet): (vector<ID>, vector<u64>) {
    (set.nodes.map_ref!(|e| e.node_id), set.nodes.map_ref!(|e| e.staked_amount))
}

/// The node's counted stake, zero for a non-member.
public(package) fun stake_for_node(set: &ActiveSet, node_id: ID): u64 {
    let idx = set.find(node_id);
    if (idx.is_some()) set.nodes[idx.destroy_some()].staked_amount else 0
}

/// True when the node is a member.
public(package) fun contains(set: &ActiveSet, node_id: ID): bool { set.find(node_id).is_some() }

/// Number of members.
public(package) fun size(set: &ActiveSet): u64 { set.nodes.length() }

/// Maximum number of members.
public(package) fun max_size(set: &ActiveSet): u16 { set.max_size }

/// Minimum stake for membership.
public(package) fun threshold_stake(set: &ActiveSet): u64 { set.threshold_stake }

/// Sum of the members' stakes.
public(package) fun total_stake(set: &ActiveSet): u64 { set.total_stake }

fun find(set: &ActiveSet, node_id: ID): Option<u64> {
    set.nodes.find_index!(|e| e.node_id == node_id)
}

fun min_index(set: &ActiveSet): u64 {
    let mut min_idx = 0;
    set.nodes.length().do!(|i| {
        if (set.nodes[i].staked_amount < set.nodes[min_idx].staked_amount) min_idx = i;
    });
    min_idx
}

#[test]
fun full_active_set_evicts_the_smallest_only_for_a_strictly_larger_stake() {
    let mut set = new(2, 0);
    let a = object::id_from_address(@0xa);
    let b = object::id_from_address(@0xb);
    let c = object::id_from_address(@0xc);
    assert!(set.insert(a, 10));
    assert!(set.insert(b, 20));
    assert!(!set.insert(c, 10));
    assert!(set.insert(c, 11));
    assert!(!set.contains(a));
    assert!(set.total_stake() == 31);
}

#[test]
fun updating_to_zero_stake_removes_the_member() {
    let mut set = new(3, 0);
    let a = object::id_from_address(@0xa);
    assert!(set.insert_or_update(a, 5));
    assert!(set.insert_or_update(a, 8));
    assert!(set.total_stake() == 8);
    assert!(!set.insert_or_update(a, 0));
    assert!(set.size() == 0 && set.total_stake() == 0);
}
