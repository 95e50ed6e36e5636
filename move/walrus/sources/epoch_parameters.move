/// Parameters chosen at `voting_end` for the next epoch.
module walrus::epoch_parameters;

/// The system parameters of one epoch. Prices have been set by `update_prices` since immediate price votes
/// landed, so the two price fields are kept for layout compatibility and set to `u64::MAX`.
public struct EpochParams has copy, drop, store {
    /// Encoded bytes the system sells in the epoch.
    total_capacity_size: u64,
    /// Unused: always `u64::MAX`.
    storage_price_per_unit_size: u64,
    /// Unused: always `u64::MAX`.
    write_price_per_unit_size: u64,
}

/// Parameters with the given capacity and the unused price fields at `u64::MAX`.
public(package) fun new(total_capacity_size: u64): EpochParams {
    EpochParams {
        total_capacity_size,
        storage_price_per_unit_size: std::u64::max_value!(),
        write_price_per_unit_size: std::u64::max_value!(),
    }
}

/// Encoded bytes the system sells in the epoch.
public(package) fun capacity(self: &EpochParams): u64 {
    self.total_capacity_size
}
