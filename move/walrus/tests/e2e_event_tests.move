#[test_only]
/// The events of the epoch change and of `update_prices`, checked by count and by their BCS bytes.
module walrus::e2e_event_tests;

use sui::{bcs, event};
use walrus::{
    e2e_runner::{Self, give_back},
    events::{
        EpochParametersSelected,
        EpochChangeStart,
        EpochChangeDone,
        ShardsReceived,
        PricesUpdated,
    }
};

#[test]
fun the_epoch_change_emits_its_events_with_the_documented_layouts() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(4, 0, 10);

    runner.voting_end();
    let selected = event::events_by_type<EpochParametersSelected>();
    assert!(selected.length() == 1);
    assert!(bcs::to_bytes(&selected[0]) == bcs::to_bytes(&1u32));

    runner.initiate_epoch_change();
    let started = event::events_by_type<EpochChangeStart>();
    assert!(started.length() == 1);
    assert!(bcs::to_bytes(&started[0]) == bcs::to_bytes(&1u32));
    let prices = event::events_by_type<PricesUpdated>();
    assert!(prices.length() == 1);
    // epoch 1, storage price 1000, write price 2000 (the runner's default votes).
    let mut expected = bcs::to_bytes(&1u32);
    expected.append(bcs::to_bytes(&1000u64));
    expected.append(bcs::to_bytes(&2000u64));
    assert!(bcs::to_bytes(&prices[0]) == expected);

    runner.sync_done(&mut caps[0]);
    let received = event::events_by_type<ShardsReceived>();
    assert!(received.length() == 1);
    runner.refresh();
    let staking = runner.staking();
    let mut expected = bcs::to_bytes(&1u32);
    expected.append(bcs::to_bytes(staking.committee().shards(&caps[0].node_id())));
    give_back(staking);
    assert!(bcs::to_bytes(&received[0]) == expected);
    assert!(event::events_by_type<EpochChangeDone>().is_empty());

    runner.sync_done(&mut caps[1]);
    assert!(event::events_by_type<EpochChangeDone>().is_empty());
    runner.sync_done(&mut caps[2]);
    let done = event::events_by_type<EpochChangeDone>();
    assert!(done.length() == 1);
    assert!(bcs::to_bytes(&done[0]) == bcs::to_bytes(&1u32));

    // A late report emits ShardsReceived but no second EpochChangeDone.
    runner.sync_done(&mut caps[3]);
    assert!(event::events_by_type<ShardsReceived>().length() == 1);
    assert!(event::events_by_type<EpochChangeDone>().is_empty());
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}

#[test]
fun update_prices_emits_prices_updated_even_without_a_committee() {
    let mut runner = e2e_runner::new_with_shards(100);
    runner.refresh();
    let mut staking = runner.staking();
    let mut system = runner.system();
    staking.update_prices(&mut system);
    let prices = event::events_by_type<PricesUpdated>();
    assert!(prices.length() == 1);
    let mut expected = bcs::to_bytes(&0u32);
    expected.append(bcs::to_bytes(&std::u64::max_value!()));
    expected.append(bcs::to_bytes(&std::u64::max_value!()));
    assert!(bcs::to_bytes(&prices[0]) == expected);
    give_back(system);
    give_back(staking);
    runner.finish(0u8);
}

#[test]
fun staking_operations_emit_no_events() {
    let mut runner = e2e_runner::new_with_shards(100);
    let cap = runner.register_node(0, 0);
    let staked = runner.stake(@0x5, cap.node_id(), 5);
    let effects = runner.scenario().next_tx(@0x5);
    assert!(effects.num_user_events() == 0);
    runner.finish(vector[staked]);
    std::unit_test::destroy(cap);
}
