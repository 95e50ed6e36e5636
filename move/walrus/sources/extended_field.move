/// A value kept in its own object (a UID plus one dynamic field) so that a large or rarely read value does not
/// weigh on every access to the struct that holds it.
module walrus::extended_field;

use sui::dynamic_field as df;

/// Holds a `T` under the dynamic field `Key()` of its own UID.
public struct ExtendedField<phantom T: store> has key, store {
    id: UID,
}

/// Dynamic field key of the stored value.
public struct Key() has copy, drop, store;

/// Wraps `value` in a new extended field.
public fun new<T: store>(value: T, ctx: &mut TxContext): ExtendedField<T> {
    let mut id = object::new(ctx);
    df::add(&mut id, Key(), value);
    ExtendedField { id }
}

/// Borrows the stored value.
public fun borrow<T: store>(field: &ExtendedField<T>): &T {
    df::borrow(&field.id, Key())
}

/// Borrows the stored value mutably.
public fun borrow_mut<T: store>(field: &mut ExtendedField<T>): &mut T {
    df::borrow_mut(&mut field.id, Key())
}

/// Replaces the stored value, returning the old one.
public fun swap<T: store>(field: &mut ExtendedField<T>, value: T): T {
    let old = df::remove(&mut field.id, Key());
    df::add(&mut field.id, Key(), value);
    old
}

/// Deletes the field object and returns the value.
public fun destroy<T: store>(field: ExtendedField<T>): T {
    let ExtendedField { mut id } = field;
    let value = df::remove(&mut id, Key());
    id.delete();
    value
}
