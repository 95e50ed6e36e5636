/// Blob attributes: a string-to-string map attached to a `Blob` (the Rust side calls it `BlobAttribute`).
/// Aggregators turn some keys into HTTP headers when serving the blob.
module walrus::metadata;

use std::string::String;
use sui::vec_map::{Self, VecMap};

/// Key-value attributes of a blob.
public struct Metadata has drop, store {
    metadata: VecMap<String, String>,
}

/// An empty attribute map.
public fun new(): Metadata {
    Metadata { metadata: vec_map::empty() }
}

/// Sets `key` to `value`, replacing any earlier value.
public fun insert_or_update(self: &mut Metadata, key: String, value: String) {
    if (self.metadata.contains(&key)) {
        self.metadata.remove(&key);
    };
    self.metadata.insert(key, value);
}

/// Removes `key` and returns the pair. Aborts (in `vec_map`) if the key is absent.
public fun remove(self: &mut Metadata, key: &String): (String, String) {
    self.metadata.remove(key)
}

/// Removes `key` if present and returns its value.
public fun remove_if_exists(self: &mut Metadata, key: &String): Option<String> {
    if (self.metadata.contains(key)) {
        let (_, value) = self.metadata.remove(key);
        option::some(value)
    } else {
        option::none()
    }
}

/// The attribute map.
public(package) fun metadata(self: &Metadata): &VecMap<String, String> {
    &self.metadata
}
