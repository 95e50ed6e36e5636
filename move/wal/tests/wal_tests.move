#[test_only]
module wal::wal_tests;

use sui::{coin::{Coin, CoinMetadata}, test_scenario};
use wal::wal::{Self, WAL, ProtectedTreasury};

const PUBLISHER: address = @0xA;
const HOLDER: address = @0xB;
const FROST_PER_WAL: u64 = 1_000_000_000;

#[test]
fun init_mints_the_whole_supply_to_the_publisher() {
    let mut scenario = test_scenario::begin(PUBLISHER);
    wal::init_for_testing(scenario.ctx());
    scenario.next_tx(PUBLISHER);

    let supply = scenario.take_from_sender<Coin<WAL>>();
    assert!(supply.value() == 5_000_000_000 * FROST_PER_WAL);
    let treasury = scenario.take_shared<ProtectedTreasury>();
    assert!(treasury.total_supply() == 5_000_000_000 * FROST_PER_WAL);

    test_scenario::return_shared(treasury);
    scenario.return_to_sender(supply);
    scenario.end();
}

#[test]
fun init_freezes_metadata_with_symbol_name_and_nine_decimals() {
    let mut scenario = test_scenario::begin(PUBLISHER);
    wal::init_for_testing(scenario.ctx());
    scenario.next_tx(PUBLISHER);

    let metadata = scenario.take_immutable<CoinMetadata<WAL>>();
    assert!(metadata.get_decimals() == 9);
    assert!(metadata.get_symbol() == b"WAL".to_ascii_string());
    assert!(metadata.get_name() == b"WAL Token".to_string());
    test_scenario::return_immutable(metadata);
    scenario.end();
}

#[test]
fun burn_shrinks_total_supply_by_the_burned_amount() {
    let mut scenario = test_scenario::begin(PUBLISHER);
    wal::init_for_testing(scenario.ctx());
    scenario.next_tx(PUBLISHER);

    let mut supply = scenario.take_from_sender<Coin<WAL>>();
    let to_burn = supply.split(1_000 * FROST_PER_WAL, scenario.ctx());
    transfer::public_transfer(supply, HOLDER);
    let mut treasury = scenario.take_shared<ProtectedTreasury>();
    treasury.burn(to_burn);
    assert!(treasury.total_supply() == (5_000_000_000 - 1_000) * FROST_PER_WAL);

    test_scenario::return_shared(treasury);
    scenario.end();
}

#[test]
fun anyone_can_burn_their_own_wal() {
    let mut scenario = test_scenario::begin(PUBLISHER);
    wal::init_for_testing(scenario.ctx());
    scenario.next_tx(PUBLISHER);
    let mut supply = scenario.take_from_sender<Coin<WAL>>();
    transfer::public_transfer(supply.split(7, scenario.ctx()), HOLDER);
    scenario.return_to_sender(supply);

    scenario.next_tx(HOLDER);
    let coin = scenario.take_from_sender<Coin<WAL>>();
    let mut treasury = scenario.take_shared<ProtectedTreasury>();
    treasury.burn(coin);
    assert!(treasury.total_supply() == 5_000_000_000 * FROST_PER_WAL - 7);
    test_scenario::return_shared(treasury);
    scenario.end();
}

#[test]
fun burning_a_zero_coin_leaves_supply_unchanged() {
    let mut scenario = test_scenario::begin(PUBLISHER);
    wal::init_for_testing(scenario.ctx());
    scenario.next_tx(PUBLISHER);
    let mut treasury = scenario.take_shared<ProtectedTreasury>();
    treasury.burn(sui::coin::zero<WAL>(scenario.ctx()));
    assert!(treasury.total_supply() == 5_000_000_000 * FROST_PER_WAL);
    test_scenario::return_shared(treasury);
    scenario.end();
}
