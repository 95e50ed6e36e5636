/// Ordering helpers for node-keyed collections. Committees, their members and their shard maps are kept in
/// ascending node-ID order, with each ID compared as the `u256` of its address; certificates' signer bitmaps
/// index into that order, so every place that sorts must agree on it.
module walrus::sort;

use sui::vec_map::{Self, VecMap};

/// The number a node ID is ordered by.
public(package) fun node_id_key(id: &ID): u256 {
    id.to_address().to_u256()
}

/// Sorts `$items` in place by the node ID `$node_id` reads from each item. Insertion sort: committees hold at
/// most a few hundred members and usually arrive nearly sorted, where it does close to linear work.
public(package) macro fun sort_by_node_id<$T>($items: &mut vector<$T>, $node_id: |&$T| -> ID) {
    let items = $items;
    let len = items.length();
    let mut i = 1;
    while (i < len) {
        let mut j = i;
        while (
            j > 0 && walrus::sort::node_id_key(&$node_id(&items[j - 1])) > walrus::sort::node_id_key(&$node_id(&items[j]))
        ) {
            items.swap(j - 1, j);
            j = j - 1;
        };
        i = i + 1;
    };
}

/// Returns `map` with its entries in ascending node-ID order.
public(package) fun sort_map_by_node_id<V: copy + drop>(map: VecMap<ID, V>): VecMap<ID, V> {
    let (mut ids, mut values) = map.into_keys_values();
    let len = ids.length();
    let mut i = 1;
    while (i < len) {
        let mut j = i;
        while (j > 0 && node_id_key(&ids[j - 1]) > node_id_key(&ids[j])) {
            ids.swap(j - 1, j);
            values.swap(j - 1, j);
            j = j - 1;
        };
        i = i + 1;
    };
    vec_map::from_keys_values(ids, values)
}
