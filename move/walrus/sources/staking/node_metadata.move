/// Descriptive information a storage node publishes about itself.
module walrus::node_metadata;

use std::string::String;
use sui::vec_map::{Self, VecMap};

/// Image and project URLs, a description, and free-form extra key/value pairs.
public struct NodeMetadata has copy, drop, store {
    image_url: String,
    project_url: String,
    description: String,
    extra_fields: VecMap<String, String>,
}

/// Metadata with no extra fields.
public fun new(image_url: String, project_url: String, description: String): NodeMetadata {
    NodeMetadata { image_url, project_url, description, extra_fields: vec_map::empty() }
}

/// Sets the image URL.
public fun set_image_url(metadata: &mut NodeMetadata, image_url: String) {
    metadata.image_url = image_url;
}

/// Sets the project URL.
public fun set_project_url(metadata: &mut NodeMetadata, project_url: String) {
    metadata.project_url = project_url;
}

/// Sets the description.
public fun set_description(metadata: &mut NodeMetadata, description: String) {
    metadata.description = description;
}

/// Replaces all extra fields.
public fun set_extra_fields(metadata: &mut NodeMetadata, extra_fields: VecMap<String, String>) {
    metadata.extra_fields = extra_fields;
}

/// The image URL.
public fun image_url(metadata: &NodeMetadata): String { metadata.image_url }

/// The project URL.
public fun project_url(metadata: &NodeMetadata): String { metadata.project_url }

/// The description.
public fun description(metadata: &NodeMetadata): String { metadata.description }

/// The extra key/value pairs.
public fun extra_fields(metadata: &NodeMetadata): &VecMap<String, String> { &metadata.extra_fields }

/// Empty metadata, used when a node does not provide any.
public(package) fun default(): NodeMetadata {
    new(b"".to_string(), b"".to_string(), b"".to_string())
}

#[test]
fun node_metadata_setters_replace_each_field() {
    let mut m = new(b"img".to_string(), b"proj".to_string(), b"desc".to_string());
    m.set_image_url(b"img2".to_string());
    m.set_project_url(b"proj2".to_string());
    m.set_description(b"desc2".to_string());
    let mut extra = vec_map::empty();
    extra.insert(b"k".to_string(), b"v".to_string());
    m.set_extra_fields(extra);
    assert!(m.image_url() == b"img2".to_string());
    assert!(m.project_url() == b"proj2".to_string());
    assert!(m.description() == b"desc2".to_string());
    assert!(m.extra_fields().get(&b"k".to_string()) == &b"v".to_string());
}
