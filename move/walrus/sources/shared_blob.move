/// `SharedBlob`: a blob wrapped in a shared object with a WAL balance, so anyone can fund its storage and anyone
/// can extend it from those funds. A wrapped blob can never be deleted or burned.
module walrus::shared_blob;

use sui::{balance::{Self, Balance}, coin::Coin};
use wal::wal::WAL;
use walrus::{blob::Blob, system::System};

/// A shared blob and the funds that pay for its extensions.
public struct SharedBlob has key, store {
    id: UID,
    blob: Blob,
    funds: Balance<WAL>,
}

/// Wraps `blob` with no funds and shares it.
public fun new(blob: Blob, ctx: &mut TxContext) {
    transfer::share_object(SharedBlob { id: object::new(ctx), blob, funds: balance::zero() });
}

/// Wraps `blob` with `funds` and shares it.
public fun new_funded(blob: Blob, funds: Coin<WAL>, ctx: &mut TxContext) {
    transfer::share_object(SharedBlob {
        id: object::new(ctx),
        blob,
        funds: funds.into_balance(),
    });
}

/// Adds funds for future extensions.
public fun fund(self: &mut SharedBlob, added_funds: Coin<WAL>) {
    self.funds.join(added_funds.into_balance());
}

/// Extends the blob by `extended_epochs`, paying from the stored funds; emits `BlobCertified` (extension).
/// Aborts (in `balance`) if the funds are insufficient, and as `system::extend_blob` otherwise.
public fun extend(
    self: &mut SharedBlob,
    system: &mut System,
    extended_epochs: u32,
    ctx: &mut TxContext,
) {
    let mut payment = self.funds.withdraw_all().into_coin(ctx);
    system.extend_blob(&mut self.blob, extended_epochs, &mut payment);
    self.funds.join(payment.into_balance());
}

/// The wrapped blob.
public fun blob(self: &SharedBlob): &Blob {
    &self.blob
}

/// The funds available for extensions.
public fun funds(self: &SharedBlob): &Balance<WAL> {
    &self.funds
}
