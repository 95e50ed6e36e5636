#[test_only]
/// A test harness over `test_scenario` with a shared `Clock`: publishes `wal` and `walrus`, runs
/// `initialize_walrus`, registers storage nodes with test BLS keys, stakes, and drives epoch changes.
///
/// Note on BLS: the Move VM used for these tests accepts any BLS signature, so the proofs of possession made
/// here are arbitrary bytes and no test can show that a bad proof is rejected; only the key length and the
/// message layout are checked on-chain in these tests.
module walrus::e2e_runner;

use std::string::String;
use sui::{
    bls12381,
    clock::{Self, Clock},
    coin::{Self, Coin},
    package,
    test_scenario::{Self as ts, Scenario}
};
use wal::wal::{Self, WAL, ProtectedTreasury};
use walrus::{
    init::{Self, InitCap},
    node_metadata,
    staked_wal::StakedWal,
    staking::Staking,
    storage_node::StorageNodeCap,
    system::System,
    upgrade::EmergencyUpgradeCap
};

/// The publisher and administrator.
const ADMIN: address = @0xAD;
/// 1 WAL in FROST.
const FROST_PER_WAL: u64 = 1_000_000_000;
/// Default epoch length: 2 weeks.
const DEFAULT_EPOCH_DURATION: u64 = 14 * 24 * 60 * 60 * 1000;
/// Default epoch-0 length: 1 day.
const DEFAULT_EPOCH_ZERO_DURATION: u64 = 24 * 60 * 60 * 1000;
/// Default number of shards.
const DEFAULT_N_SHARDS: u16 = 1000;
/// Default storage horizon.
const DEFAULT_MAX_EPOCHS_AHEAD: u32 = 53;
/// Default node capacity vote: 1 TiB.
const DEFAULT_NODE_CAPACITY: u64 = 1 << 40;

/// The harness: a scenario plus the configured durations.
public struct TestRunner {
    scenario: Scenario,
    sender: address,
    epoch_zero_duration: u64,
    epoch_duration: u64,
}

/// 1 WAL in FROST.
public fun frost_per_wal(): u64 { FROST_PER_WAL }

/// The admin address.
public fun admin(): address { ADMIN }

/// Default epoch length (ms).
public fun default_epoch_duration(): u64 { DEFAULT_EPOCH_DURATION }

/// Default epoch-0 length (ms).
public fun default_epoch_zero_duration(): u64 { DEFAULT_EPOCH_ZERO_DURATION }

/// A runner with the default parameters (1000 shards, 2-week epochs, 1-day epoch 0).
public fun new(): TestRunner {
    new_with(
        DEFAULT_EPOCH_ZERO_DURATION,
        DEFAULT_EPOCH_DURATION,
        DEFAULT_N_SHARDS,
        DEFAULT_MAX_EPOCHS_AHEAD,
    )
}

/// A runner with `n_shards` shards and default durations.
public fun new_with_shards(n_shards: u16): TestRunner {
    new_with(
        DEFAULT_EPOCH_ZERO_DURATION,
        DEFAULT_EPOCH_DURATION,
        n_shards,
        DEFAULT_MAX_EPOCHS_AHEAD,
    )
}

/// A runner with explicit parameters: publishes both packages and initializes Walrus at clock time 0.
public fun new_with(
    epoch_zero_duration: u64,
    epoch_duration: u64,
    n_shards: u16,
    max_epochs_ahead: u32,
): TestRunner {
    let mut scenario = ts::begin(ADMIN);
    wal::init_for_testing(scenario.ctx());
    init::init_for_testing(scenario.ctx());
    clock::create_for_testing(scenario.ctx()).share_for_testing();
    scenario.next_tx(ADMIN);
    let init_cap = scenario.take_from_sender<InitCap>();
    let upgrade_cap = package::test_publish(object::id_from_address(@walrus), scenario.ctx());
    let clock = scenario.take_shared<Clock>();
    let emergency = init::initialize_walrus(
        init_cap,
        upgrade_cap,
        epoch_zero_duration,
        epoch_duration,
        n_shards,
        max_epochs_ahead,
        &clock,
        scenario.ctx(),
    );
    ts::return_shared(clock);
    transfer::public_transfer(emergency, ADMIN);
    scenario.next_tx(ADMIN);
    TestRunner { scenario, sender: ADMIN, epoch_zero_duration, epoch_duration }
}

/// Starts a new transaction from `sender`.
/// Shared objects returned in a transaction can be taken again only in the next one, so every helper starts
/// a new transaction (keeping the last sender unless it names one).
public fun next_tx(self: &mut TestRunner, sender: address) {
    self.sender = sender;
    self.scenario.next_tx(sender);
}

/// Starts a new transaction from the last sender.
public fun refresh(self: &mut TestRunner) {
    let sender = self.sender;
    self.scenario.next_tx(sender);
}

/// The scenario.
public fun scenario(self: &mut TestRunner): &mut Scenario { &mut self.scenario }

/// The transaction context of the current transaction.
public fun ctx(self: &mut TestRunner): &mut TxContext { self.scenario.ctx() }

/// Takes the shared `Staking`.
public fun staking(self: &mut TestRunner): Staking { self.scenario.take_shared<Staking>() }

/// Takes the shared `System`.
public fun system(self: &mut TestRunner): System { self.scenario.take_shared<System>() }

/// Takes the shared `Clock`.
public fun clock(self: &mut TestRunner): Clock { self.scenario.take_shared<Clock>() }

/// Takes the shared `ProtectedTreasury`.
public fun treasury(self: &mut TestRunner): ProtectedTreasury {
    self.scenario.take_shared<ProtectedTreasury>()
}

/// Returns a shared object taken with the functions above.
public fun give_back<T: key>(obj: T) { ts::return_shared(obj); }

/// Current epoch.
public fun epoch(self: &mut TestRunner): u32 {
    self.refresh();
    let staking = self.staking();
    let e = staking.epoch();
    give_back(staking);
    e
}

/// Moves the clock forward by `ms`.
public fun advance_clock(self: &mut TestRunner, ms: u64) {
    self.refresh();
    let mut clock = self.clock();
    clock.increment_for_testing(ms);
    give_back(clock);
}

/// Fresh WAL for tests.
public fun mint_wal(self: &mut TestRunner, amount_wal: u64): Coin<WAL> {
    coin::mint_for_testing<WAL>(amount_wal * FROST_PER_WAL, self.ctx())
}

/// A 48-byte test BLS public key, distinct for each `seed`.
public fun bls_public_key(seed: u64): vector<u8> {
    let point = bls12381::g1_mul(&bls12381::scalar_from_u64(seed + 1), &bls12381::g1_generator());
    *point.bytes()
}

/// A 96-byte stand-in proof of possession (any bytes verify in the test VM).
public fun test_pop(): vector<u8> {
    let mut pop = vector[];
    96u64.do!(|i| pop.push_back((i as u8) ^ 0x5a));
    pop
}

/// A 33-byte test network public key.
public fun network_key(seed: u64): vector<u8> {
    let mut key = vector[2u8];
    32u64.do!(|i| key.push_back(((seed + i) % 251) as u8));
    key
}

/// The address of test node `i`.
public fun node_address(i: u64): address { sui::address::from_u256(0x1000 + (i as u256)) }

/// The address of test staker `i`.
public fun staker_address(i: u64): address { sui::address::from_u256(0x2000 + (i as u256)) }

/// Registers test node `i` from its own address, with commission `commission_rate` and default votes.
public fun register_node(self: &mut TestRunner, i: u64, commission_rate: u16): StorageNodeCap {
    self.register_node_with_votes(i, commission_rate, 1_000, 2_000, DEFAULT_NODE_CAPACITY)
}

/// Registers test node `i` with explicit votes.
public fun register_node_with_votes(
    self: &mut TestRunner,
    i: u64,
    commission_rate: u16,
    storage_price: u64,
    write_price: u64,
    node_capacity: u64,
): StorageNodeCap {
    self.next_tx(node_address(i));
    let mut staking = self.staking();
    let cap = staking.register_candidate(
        node_name(i),
        b"node.example:9185".to_string(),
        node_metadata::default(),
        bls_public_key(i),
        network_key(i),
        test_pop(),
        commission_rate,
        storage_price,
        write_price,
        node_capacity,
        self.ctx(),
    );
    give_back(staking);
    cap
}

/// The name of test node `i`.
public fun node_name(i: u64): String {
    let mut name = b"node-".to_string();
    name.append(sui::hex::encode(sui::bcs::to_bytes(&i)).to_string());
    name
}

/// Stakes `amount_wal` WAL with `node_id` from `staker`.
public fun stake(self: &mut TestRunner, staker: address, node_id: ID, amount_wal: u64): StakedWal {
    self.next_tx(staker);
    let coin = self.mint_wal(amount_wal);
    let mut staking = self.staking();
    let staked = staking.stake_with_pool(coin, node_id, self.ctx());
    give_back(staking);
    staked
}

/// Requests the withdrawal of `staked` from its owner `staker`.
public fun request_withdraw(self: &mut TestRunner, staker: address, staked: &mut StakedWal) {
    self.next_tx(staker);
    let mut staking = self.staking();
    staking.request_withdraw_stake(staked, self.ctx());
    give_back(staking);
}

/// Withdraws `staked` and returns the amount paid out, in FROST.
public fun withdraw(self: &mut TestRunner, staker: address, staked: StakedWal): u64 {
    self.next_tx(staker);
    let mut staking = self.staking();
    let coin = staking.withdraw_stake(staked, self.ctx());
    give_back(staking);
    coin.burn_for_testing()
}

/// True when `staked` can be withdrawn at once.
public fun can_withdraw_early(self: &mut TestRunner, staked: &StakedWal): bool {
    self.refresh();
    let staking = self.staking();
    let result = staking.can_withdraw_staked_wal_early(staked);
    give_back(staking);
    result
}

/// Moves the clock to the voting point of the current epoch and calls `voting_end`.
public fun voting_end(self: &mut TestRunner) {
    let epoch = self.epoch();
    if (epoch == 0) {
        let d = self.epoch_zero_duration;
        self.advance_clock(d);
    } else {
        let d = self.epoch_duration / 2;
        self.advance_clock(d);
    };
    self.next_tx(ADMIN);
    let mut staking = self.staking();
    let clock = self.clock();
    staking.voting_end(&clock);
    give_back(clock);
    give_back(staking);
}

/// Moves the clock to the end of the epoch (after `voting_end`) and calls `initiate_epoch_change_v2`.
public fun initiate_epoch_change(self: &mut TestRunner) {
    let epoch = self.epoch();
    if (epoch > 0) {
        let d = self.epoch_duration - self.epoch_duration / 2;
        self.advance_clock(d);
    };
    self.next_tx(ADMIN);
    let mut staking = self.staking();
    let mut system = self.system();
    let mut treasury = self.treasury();
    let clock = self.clock();
    staking.initiate_epoch_change_v2(&mut system, &mut treasury, &clock, self.ctx());
    give_back(clock);
    give_back(treasury);
    give_back(system);
    give_back(staking);
}

/// Sends `epoch_sync_done` for the current epoch from the node holding `cap`.
public fun sync_done(self: &mut TestRunner, cap: &mut StorageNodeCap) {
    let epoch = self.epoch();
    self.next_tx(ADMIN);
    let mut staking = self.staking();
    let clock = self.clock();
    staking.epoch_sync_done(cap, epoch, &clock);
    give_back(clock);
    give_back(staking);
}

/// Sends `epoch_sync_done` from every cap whose node is in the current committee.
public fun sync_all(self: &mut TestRunner, caps: &mut vector<StorageNodeCap>) {
    caps.length().do!(|i| {
        let node_id = caps[i].node_id();
        self.refresh();
        let staking = self.staking();
        let member = staking.committee().inner().contains(&node_id);
        give_back(staking);
        if (member) self.sync_done(&mut caps[i]);
    });
}

/// A full epoch change: `voting_end`, `initiate_epoch_change_v2`, and sync from every committee node.
public fun next_epoch(self: &mut TestRunner, caps: &mut vector<StorageNodeCap>) {
    self.voting_end();
    self.initiate_epoch_change();
    self.sync_all(caps);
}

/// Registers `n` nodes (commission `commission_rate`) and stakes `stake_wal` WAL with each from its own
/// address. Returns the caps and the stakes.
public fun register_and_stake(
    self: &mut TestRunner,
    n: u64,
    commission_rate: u16,
    stake_wal: u64,
): (vector<StorageNodeCap>, vector<StakedWal>) {
    let mut caps = vector[];
    let mut stakes = vector[];
    n.do!(|i| {
        let cap = self.register_node(i, commission_rate);
        let node_id = cap.node_id();
        caps.push_back(cap);
        stakes.push_back(self.stake(node_address(i), node_id, stake_wal));
    });
    (caps, stakes)
}

/// Adds `amount_wal` WAL of rewards to the current epoch through `add_subsidy`.
public fun add_rewards(self: &mut TestRunner, amount_wal: u64) {
    self.next_tx(ADMIN);
    let coin = self.mint_wal(amount_wal);
    let mut system = self.system();
    system.add_subsidy(coin, 1);
    give_back(system);
}

/// Buys `size` bytes of storage for `epochs` epochs (so the epoch has used capacity and rewards are paid) and
/// drops it.
public fun buy_storage(self: &mut TestRunner, size: u64, epochs: u32) {
    self.next_tx(ADMIN);
    let mut coin = self.mint_wal(1_000_000);
    let mut system = self.system();
    let storage = system.reserve_space(size, epochs, &mut coin, self.ctx());
    give_back(system);
    storage.destroy();
    coin.burn_for_testing();
}

/// Ends the scenario, destroying the given leftovers.
public fun finish<T>(self: TestRunner, leftovers: T) {
    std::unit_test::destroy(leftovers);
    let TestRunner { scenario, .. } = self;
    scenario.end();
}

/// The emergency upgrade cap's owner gets it at init; this takes it.
public fun take_emergency_cap(self: &mut TestRunner): EmergencyUpgradeCap {
    self.next_tx(ADMIN);
    self.scenario.take_from_sender<EmergencyUpgradeCap>()
}
