/// The rate between a staking pool's WAL and its shares at one epoch.
module walrus::pool_exchange_rate;

/// A rate with more shares than WAL: stake is never slashed, so shares can only be worth one WAL or more.
const EInvalidRate: u64 = 0;

/// `Flat` is 1 share = 1 FROST (an empty pool); `Variable` is `wal_amount` FROST for `share_amount` shares.
public enum PoolExchangeRate has copy, drop, store {
    Flat,
    Variable { wal_amount: u128, share_amount: u128 },
}

/// The 1:1 rate.
public(package) fun flat(): PoolExchangeRate { PoolExchangeRate::Flat }

/// The rate for a pool holding `wal_amount` FROST split into `share_amount` shares; `Flat` when either is zero.
public(package) fun new(wal_amount: u64, share_amount: u64): PoolExchangeRate {
    if (wal_amount == 0 || share_amount == 0) return PoolExchangeRate::Flat;
    assert!(share_amount <= wal_amount, EInvalidRate);
    PoolExchangeRate::Variable {
        wal_amount: wal_amount as u128,
        share_amount: share_amount as u128,
    }
}

/// FROST worth `share_amount` shares, rounded down.
public(package) fun convert_to_wal_amount(self: &PoolExchangeRate, share_amount: u64): u64 {
    match (self) {
        PoolExchangeRate::Flat => share_amount,
        PoolExchangeRate::Variable { wal_amount, share_amount: shares } => {
            ((share_amount as u128) * *wal_amount / *shares) as u64
        },
    }
}

/// Shares bought by `wal_amount` FROST, rounded down.
public(package) fun convert_to_share_amount(self: &PoolExchangeRate, wal_amount: u64): u64 {
    match (self) {
        PoolExchangeRate::Flat => wal_amount,
        PoolExchangeRate::Variable { wal_amount: wal, share_amount } => {
            ((wal_amount as u128) * *share_amount / *wal) as u64
        },
    }
}

/// True for the 1:1 rate.
public(package) fun is_flat(self: &PoolExchangeRate): bool {
    match (self) {
        PoolExchangeRate::Flat => true,
        _ => false,
    }
}
