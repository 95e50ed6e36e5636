/// What a staking pool needs to know about the system when it acts: the epoch, whether the next committee has
/// been chosen, and the current committee.
module walrus::walrus_context;

use sui::vec_map::VecMap;

/// A snapshot of the epoch, committee-selection flag and current committee, built by `staking_inner`.
public struct WalrusContext has drop {
    epoch: u32,
    committee_selected: bool,
    committee: VecMap<ID, vector<u16>>,
}

/// Builds a context.
public(package) fun new(
    epoch: u32,
    committee_selected: bool,
    committee: VecMap<ID, vector<u16>>,
): WalrusContext {
    WalrusContext { epoch, committee_selected, committee }
}

/// The current epoch.
public(package) fun epoch(self: &WalrusContext): u32 { self.epoch }

/// Whether the next committee has been selected (`voting_end` has run in this epoch).
public(package) fun committee_selected(self: &WalrusContext): bool { self.committee_selected }

/// The current committee: node ID -> shards.
public(package) fun committee(self: &WalrusContext): &VecMap<ID, vector<u16>> { &self.committee }
