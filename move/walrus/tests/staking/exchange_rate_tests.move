#[test_only]
module walrus::exchange_rate_tests;

use walrus::pool_exchange_rate;

#[test]
fun flat_rate_converts_one_to_one() {
    let rate = pool_exchange_rate::flat();
    assert!(rate.is_flat());
    assert!(rate.convert_to_wal_amount(123) == 123);
    assert!(rate.convert_to_share_amount(123) == 123);
}

#[test]
fun an_empty_side_gives_the_flat_rate() {
    assert!(pool_exchange_rate::new(0, 10).is_flat());
    assert!(pool_exchange_rate::new(10, 0).is_flat());
}

#[test]
fun variable_rate_converts_with_rounding_down() {
    // 3 WAL per 2 shares.
    let rate = pool_exchange_rate::new(3_000, 2_000);
    assert!(rate.convert_to_wal_amount(2) == 3);
    assert!(rate.convert_to_wal_amount(3) == 4);
    assert!(rate.convert_to_share_amount(3) == 2);
    assert!(rate.convert_to_share_amount(4) == 2);
}

#[test]
fun converting_to_shares_and_back_never_pays_more_than_put_in() {
    let rate = pool_exchange_rate::new(1_000_000_007, 999_999_937);
    let mut amount = 1;
    while (amount < 1_000_000_000_000) {
        let back = rate.convert_to_wal_amount(rate.convert_to_share_amount(amount));
        assert!(back <= amount);
        amount = amount * 7 + 3;
    };
}

#[test]
fun huge_values_do_not_overflow() {
    let max = std::u64::max_value!();
    let rate = pool_exchange_rate::new(max, max / 2);
    assert!(
        rate.convert_to_wal_amount(max / 2) == max - 1 || rate.convert_to_wal_amount(max / 2) == max,
    );
}

#[test, expected_failure(abort_code = pool_exchange_rate::EInvalidRate)]
fun more_shares_than_wal_is_an_invalid_rate() {
    pool_exchange_rate::new(10, 11);
}
