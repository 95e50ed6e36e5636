/// Who is calling (`Authenticated`) and who is allowed (`Authorized`): either an address or an object.
///
/// An object holder proves control by passing a reference to the object, so a capability can stand in for an
/// address (for example the `StorageNodeCap` as commission receiver).
module walrus::auth;

/// The proven identity of the caller of this transaction: its sender, or an object it holds.
public enum Authenticated has drop {
    Sender(address),
    Object(ID),
}

/// A party allowed to act: an address, or whoever holds the object with this ID.
public enum Authorized has copy, drop, store {
    Address(address),
    ObjectID(ID),
}

/// Authenticates the transaction sender.
public fun authenticate_sender(ctx: &TxContext): Authenticated {
    Authenticated::Sender(ctx.sender())
}

/// Authenticates as the holder of `obj`.
public fun authenticate_with_object<T: key>(obj: &T): Authenticated {
    Authenticated::Object(object::id(obj))
}

/// Authorizes the address `addr`.
public fun authorized_address(addr: address): Authorized {
    Authorized::Address(addr)
}

/// Authorizes the holder of the object `id`.
public fun authorized_object(id: ID): Authorized {
    Authorized::ObjectID(id)
}

/// True when `authenticated` is the party named by `authorized`.
public(package) fun matches(authenticated: &Authenticated, authorized: &Authorized): bool {
    match (authenticated) {
        Authenticated::Sender(sender) => match (authorized) {
            Authorized::Address(addr) => sender == addr,
            _ => false,
        },
        Authenticated::Object(id) => match (authorized) {
            Authorized::ObjectID(obj) => id == obj,
            _ => false,
        },
    }
}
