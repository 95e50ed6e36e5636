#[test_only]
module walrus::auth_tests;

use walrus::auth;

public struct Thing has key { id: UID }

#[test]
fun the_sender_matches_only_its_own_address() {
    let ctx = &tx_context::new_from_hint(@0xA, 0, 0, 0, 0);
    assert!(auth::authenticate_sender(ctx).matches(&auth::authorized_address(@0xA)));
    assert!(!auth::authenticate_sender(ctx).matches(&auth::authorized_address(@0xB)));
}

#[test]
fun an_object_holder_matches_only_that_object() {
    let ctx = &mut tx_context::dummy();
    let thing = Thing { id: object::new(ctx) };
    let other = Thing { id: object::new(ctx) };
    assert!(
        auth::authenticate_with_object(&thing).matches(
            &auth::authorized_object(object::id(&thing)),
        ),
    );
    assert!(
        !auth::authenticate_with_object(&other).matches(
            &auth::authorized_object(object::id(&thing)),
        ),
    );
    std::unit_test::destroy(thing);
    std::unit_test::destroy(other);
}

#[test]
fun an_address_and_an_object_never_match_each_other() {
    let ctx = &mut tx_context::dummy();
    let thing = Thing { id: object::new(ctx) };
    let id = object::id(&thing);
    // The object ID as an address is still not the object holder.
    assert!(
        !auth::authenticate_sender(&tx_context::new_from_hint(id.to_address(), 0, 0, 0, 0)).matches(
            &auth::authorized_object(id),
        ),
    );
    assert!(
        !auth::authenticate_with_object(&thing).matches(&auth::authorized_address(id.to_address())),
    );
    std::unit_test::destroy(thing);
}
