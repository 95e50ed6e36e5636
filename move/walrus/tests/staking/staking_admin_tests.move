#[test_only]
/// Initialization, versioning, migration, display and the emergency upgrade path.
module walrus::staking_admin_tests;

use sui::{clock, package, test_scenario as ts};
use walrus::{
    display::ObjectDisplay,
    e2e_runner::{Self, give_back},
    init::{Self, InitCap},
    staked_wal::StakedWal,
    staking,
    staking_inner,
    upgrade::{Self, UpgradeManager}
};

#[test]
fun initialization_shares_system_staking_display_and_upgrade_manager() {
    let mut runner = e2e_runner::new();
    runner.refresh();
    let staking = runner.staking();
    assert!(staking.epoch() == 0);
    assert!(staking.version() == 3);
    assert!(staking.package_id() == object::id_from_address(@walrus));
    assert!(staking.inner().n_shards() == 1000);
    assert!(staking.inner().first_epoch_start() == e2e_runner::default_epoch_zero_duration());
    assert!(staking.inner().epoch_duration() == e2e_runner::default_epoch_duration());
    assert!(staking.inner().is_epoch_change_done());
    assert!(staking.committee().size() == 0);
    give_back(staking);
    let display = runner.scenario().take_shared<ObjectDisplay>();
    let d = display.borrow_display<StakedWal>();
    assert!(d.fields().get(&b"name".to_string()) == &b"Staked WAL ({principal} FROST)".to_string());
    assert!(
        d.fields().get(&b"description".to_string())
            == &b"Staked for node: {node_id}, activates at: {activation_epoch}".to_string(),
    );
    let blob = display.borrow_display<walrus::blob::Blob>();
    assert!(blob.fields().get(&b"name".to_string()) == &b"Walrus Blob ({size}b)".to_string());
    let storage = display.borrow_display<walrus::storage_resource::Storage>();
    assert!(
        storage.fields().get(&b"description".to_string()) == &b"Start: {start_epoch}; end: {end_epoch}".to_string(),
    );
    give_back(display);
    let manager = runner.scenario().take_shared<UpgradeManager>();
    let emergency = runner.take_emergency_cap();
    assert!(emergency.upgrade_manager_id() == object::id(&manager));
    assert!(manager.package_id() == object::id_from_address(@walrus));
    give_back(manager);
    runner.finish(emergency);
}

#[test, expected_failure(abort_code = init::EInvalidUpgradeCap)]
fun initialization_with_another_packages_upgrade_cap_aborts() {
    let mut scenario = ts::begin(@0xAD);
    init::init_for_testing(scenario.ctx());
    scenario.next_tx(@0xAD);
    let init_cap = scenario.take_from_sender<InitCap>();
    let wrong = package::test_publish(object::id_from_address(@0xDEAD), scenario.ctx());
    let clock = clock::create_for_testing(scenario.ctx());
    let _cap = init::initialize_walrus(init_cap, wrong, 0, 1000, 10, 5, &clock, scenario.ctx());
    abort 1337
}

#[test, expected_failure(abort_code = init::EDeprecatedFunction)]
fun the_old_migrate_entry_point_always_aborts() {
    let mut runner = e2e_runner::new();
    let mut staking = runner.staking();
    let mut system = runner.system();
    init::migrate(&mut staking, &mut system);
    abort 1337
}

#[test, expected_failure(abort_code = staking::EWrongVersion)]
fun a_staking_object_at_another_version_is_refused() {
    let mut runner = e2e_runner::new();
    let mut staking = runner.staking();
    staking.set_version_field_for_testing(2);
    staking.epoch();
    abort 1337
}

#[test]
fun migration_moves_the_state_to_this_version_and_switches_the_package() {
    let ctx = &mut tx_context::dummy();
    let clock = clock::create_for_testing(ctx);
    let mut staking = staking::new_for_testing(0, 1000, 10, &clock, ctx);
    staking.set_version_for_testing(2);
    let new_package = object::id_from_address(@0xBEEF);
    staking.set_new_package_id(new_package);
    staking.migrate();
    assert!(staking.version() == 3);
    assert!(staking.package_id() == new_package);
    assert!(staking.epoch() == 0);
    staking.destroy_for_testing();
    clock.destroy_for_testing();
}

#[test, expected_failure(abort_code = staking::EInvalidMigration)]
fun migration_without_an_authorized_package_aborts() {
    let ctx = &mut tx_context::dummy();
    let clock = clock::create_for_testing(ctx);
    let mut staking = staking::new_for_testing(0, 1000, 10, &clock, ctx);
    staking.set_version_for_testing(2);
    staking.migrate();
    abort 1337
}

#[test, expected_failure(abort_code = staking::EInvalidMigration)]
fun migration_of_a_current_object_aborts() {
    let ctx = &mut tx_context::dummy();
    let clock = clock::create_for_testing(ctx);
    let mut staking = staking::new_for_testing(0, 1000, 10, &clock, ctx);
    staking.set_new_package_id(object::id_from_address(@0xBEEF));
    staking.migrate();
    abort 1337
}

#[test]
fun set_migration_epoch_records_the_next_epoch() {
    let mut runner = e2e_runner::new();
    let (mut caps, stakes) = runner.register_and_stake(1, 0, 10);
    runner.refresh();
    let mut staking = runner.staking();
    assert!(staking.migration_epoch().is_none());
    staking::set_migration_epoch(&mut staking);
    assert!(staking.migration_epoch() == option::some(1));
    give_back(staking);
    runner.next_epoch(&mut caps);
    runner.refresh();
    let mut staking = runner.staking();
    staking::set_migration_epoch(&mut staking);
    assert!(staking.migration_epoch() == option::some(2));
    give_back(staking);
    std::unit_test::destroy(caps);
    std::unit_test::destroy(stakes);
    runner.finish(0u8);
}

#[test]
fun the_emergency_cap_authorizes_an_upgrade_of_its_manager() {
    // The package under test lives at 0x0, which `sui::package` treats as "upgrade in progress", so this uses
    // a manager for a package at another address.
    let mut runner = e2e_runner::new();
    let package_id = object::id_from_address(@0xBEEF);
    let emergency = upgrade::new(package::test_publish(package_id, runner.ctx()), runner.ctx());
    runner.refresh();
    let mut manager = runner
        .scenario()
        .take_shared_by_id<UpgradeManager>(emergency.upgrade_manager_id());
    let ticket = manager.authorize_emergency_upgrade(
        &emergency,
        vector::tabulate!(32, |i| i as u8),
    );
    assert!(ticket.ticket_package() == package_id);
    assert!(ticket.ticket_digest() == &vector::tabulate!(32, |i| i as u8));
    let receipt = package::test_upgrade(ticket);
    std::unit_test::destroy(receipt);
    give_back(manager);
    upgrade::burn_emergency_upgrade_cap(emergency);
    runner.finish(0u8);
}

#[test, expected_failure(abort_code = upgrade::EInvalidPackageDigest)]
fun an_emergency_upgrade_with_a_short_digest_aborts() {
    let mut runner = e2e_runner::new();
    let emergency = runner.take_emergency_cap();
    let mut manager = runner.scenario().take_shared<UpgradeManager>();
    let _ticket = manager.authorize_emergency_upgrade(&emergency, vector[1, 2, 3]);
    abort 1337
}

#[test, expected_failure(abort_code = upgrade::EInvalidUpgradeManager)]
fun an_emergency_cap_of_another_manager_is_refused() {
    let mut runner = e2e_runner::new();
    let emergency = runner.take_emergency_cap();
    let other = upgrade::new(
        package::test_publish(object::id_from_address(@0xDEAD), runner.ctx()),
        runner.ctx(),
    );
    runner.refresh();
    let mut manager = runner
        .scenario()
        .take_shared_by_id<UpgradeManager>(emergency.upgrade_manager_id());
    let _ticket = manager.authorize_emergency_upgrade(&other, vector::tabulate!(32, |i| i as u8));
    abort 1337
}

#[test, expected_failure(abort_code = staking_inner::EInvalidNodeWeight)]
fun a_quorum_check_with_more_weight_than_shards_aborts() {
    let mut runner = e2e_runner::new_with_shards(100);
    let staking = runner.staking();
    staking.is_quorum(101);
    abort 1337
}

#[test]
fun quorum_needs_more_than_two_thirds_of_the_shards() {
    let mut runner = e2e_runner::new_with_shards(100);
    let staking = runner.staking();
    assert!(!staking.is_quorum(66));
    assert!(staking.is_quorum(67));
    give_back(staking);
    runner.finish(0u8);
}

#[test, expected_failure(abort_code = staking_inner::EZeroNodeWeight)]
fun a_committee_member_with_zero_weight_is_rejected() {
    let ids = vector[object::id_from_address(@0x1), object::id_from_address(@0x2)];
    staking_inner::check_committee_order_and_weights(&ids, &vector[1, 0]);
}

#[test, expected_failure(abort_code = staking_inner::EIncorrectNodeOrder)]
fun committee_members_out_of_node_id_order_are_rejected() {
    let ids = vector[object::id_from_address(@0x2), object::id_from_address(@0x1)];
    staking_inner::check_committee_order_and_weights(&ids, &vector[1, 1]);
}

#[test]
fun the_walrus_context_reports_epoch_selection_and_committee() {
    let mut runner = e2e_runner::new_with_shards(100);
    let (mut caps, stakes) = runner.register_and_stake(2, 0, 10);
    runner.next_epoch(&mut caps);
    runner.voting_end();
    runner.refresh();
    let staking = runner.staking();
    let wctx = staking.inner().new_walrus_context();
    assert!(wctx.epoch() == 1);
    assert!(wctx.committee_selected());
    assert!(wctx.committee() == staking.committee().inner());
    assert!(staking.get_current_node_weight(caps[0].node_id()) == 50);
    assert!(staking.get_current_node_weight(object::id_from_address(@0x1)) == 0);
    give_back(staking);
    runner.finish(caps);
    std::unit_test::destroy(stakes);
}
