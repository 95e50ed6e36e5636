import { describe, expect, it } from 'vitest';
import { epochDurationMs, estimatedEpochEndMs, estimatedEpochStart } from './epoch-time.ts';
import { canWithdrawNow, estimateApy, estimateRewards, rateAtEpoch, type WithdrawContext } from './staking.ts';

const rates = [
  { epoch: 2, walAmount: null, shareAmount: null },
  { epoch: 4, walAmount: 110n, shareAmount: 100n },
  { epoch: 7, walAmount: 121n, shareAmount: 100n },
];

describe('exchange rates and rewards (spec 4.10)', () => {
  it('take the most recent rate at or before an epoch, Flat before any', () => {
    expect(rateAtEpoch(rates, 1)).toEqual({ wal: 1n, shares: 1n });
    expect(rateAtEpoch(rates, 3)).toEqual({ wal: 1n, shares: 1n });
    expect(rateAtEpoch(rates, 4)).toEqual({ wal: 110n, shares: 100n });
    expect(rateAtEpoch(rates, 6)).toEqual({ wal: 110n, shares: 100n });
    expect(rateAtEpoch(rates, 99)).toEqual({ wal: 121n, shares: 100n });
  });

  it('compute rewards as the share value at withdrawal minus the principal, flooring each conversion', () => {
    // 1000 at rate 1.1 -> 909 shares; 909 at 1.21 -> 1099.89 -> 1099.
    expect(estimateRewards(rates, 1000n, 4, 7, 10_000n)).toBe(99n);
    expect(estimateRewards(rates, 1000n, 2, 7, 10_000n)).toBe(210n);
  });

  it('give no rewards before activation, and never more than the pool holds', () => {
    expect(estimateRewards(rates, 1000n, 8, 7, 10_000n)).toBe(0n);
    expect(estimateRewards(rates, 1000n, 2, 7, 50n)).toBe(50n);
    expect(estimateRewards(rates, 1000n, 7, 7, 10_000n)).toBe(0n);
  });

  it('estimate APY from per-epoch growth compounded over a year, null without two rates or a duration', () => {
    const day = 86_400_000n;
    // 1.0 at epoch 2 -> 1.21 at epoch 7: 1.21^(1/5) per epoch.
    expect(estimateApy(rates, day)).toBeCloseTo(Math.pow(Math.pow(1.21, 1 / 5), 365.25) - 1, 9);
    expect(estimateApy(rates.slice(0, 1), day)).toBeNull();
    expect(estimateApy(rates, null)).toBeNull();
    // The window keeps the most recent rates: with a window of 1, only 4 -> 7.
    expect(estimateApy(rates, day, 1)).toBeCloseTo(Math.pow(Math.pow(1.1, 1 / 3), 365.25) - 1, 9);
  });
});

describe('withdrawal timing (spec 4.11), current epoch 10', () => {
  const ctx = (over: Partial<WithdrawContext> = {}): WithdrawContext => ({
    currentEpoch: 10,
    committeeSelected: false,
    inCurrentCommittee: true,
    inNextCommittee: false,
    ...over,
  });
  const staked = (activationEpoch: number) => ({ state: 'staked' as const, activationEpoch, withdrawEpoch: null });

  it('allow an early withdrawal of stake that does not count yet', () => {
    expect(canWithdrawNow(staked(12), ctx({ committeeSelected: true, inNextCommittee: true }))).toBe(true);
    expect(canWithdrawNow(staked(11), ctx())).toBe(true);
    expect(canWithdrawNow(staked(11), ctx({ committeeSelected: true, inNextCommittee: false }))).toBe(true);
    expect(canWithdrawNow(staked(11), ctx({ committeeSelected: true, inNextCommittee: true }))).toBe(false);
  });

  it('require a request for active stake on a committee node, but not on a node in neither committee', () => {
    expect(canWithdrawNow(staked(5), ctx())).toBe(false);
    expect(
      canWithdrawNow(staked(5), ctx({ inCurrentCommittee: false, committeeSelected: true, inNextCommittee: true })),
    ).toBe(false);
    expect(canWithdrawNow(staked(5), ctx({ inCurrentCommittee: false }))).toBe(true);
  });

  it('allow a requested withdrawal once its epoch has come, and nothing after withdrawal or merge', () => {
    const withdrawing = (withdrawEpoch: number, activationEpoch = 5) => ({
      state: 'withdrawing' as const,
      activationEpoch,
      withdrawEpoch,
    });
    expect(canWithdrawNow(withdrawing(10), ctx())).toBe(true);
    expect(canWithdrawNow(withdrawing(11), ctx())).toBe(false);
    expect(canWithdrawNow(withdrawing(10, 11), ctx())).toBe(false);
    expect(canWithdrawNow({ state: 'withdrawn', activationEpoch: 1, withdrawEpoch: 2 }, ctx())).toBe(false);
    expect(canWithdrawNow({ state: 'merged', activationEpoch: 1, withdrawEpoch: null }, ctx())).toBe(false);
  });
});

describe('epoch timing (spec 4.8)', () => {
  const staking = { epochDurationMs: 1000n, firstEpochStartMs: 50_000n };
  it('end epoch 0 at the first epoch start and later epochs one duration after their change was done', () => {
    expect(
      estimatedEpochEndMs({ epoch: 0, changeStartedTimestampMs: 40_000n, changeDoneTimestampMs: null }, staking),
    ).toBe(50_000n);
    expect(epochDurationMs({ epoch: 0, changeStartedTimestampMs: 40_000n, changeDoneTimestampMs: null }, staking)).toBe(
      10_000n,
    );
    expect(
      estimatedEpochEndMs({ epoch: 5, changeStartedTimestampMs: 60_000n, changeDoneTimestampMs: 60_300n }, staking),
    ).toBe(61_300n);
    expect(
      estimatedEpochEndMs({ epoch: 5, changeStartedTimestampMs: 60_000n, changeDoneTimestampMs: null }, staking),
    ).toBe(61_000n);
    expect(
      estimatedEpochEndMs({ epoch: 5, changeStartedTimestampMs: null, changeDoneTimestampMs: null }, staking),
    ).toBeNull();
    expect(
      estimatedEpochEndMs({ epoch: 5, changeStartedTimestampMs: 1n, changeDoneTimestampMs: null }, null),
    ).toBeNull();
  });

  it('estimate a future epoch start, and use the recorded start of a past one', () => {
    const current = { epoch: 5, changeStartedTimestampMs: 60_000n, changeDoneTimestampMs: 60_300n };
    expect(estimatedEpochStart(6, current, staking, null)).toEqual(new Date(61_300));
    expect(estimatedEpochStart(9, current, staking, null)).toEqual(new Date(64_300));
    expect(estimatedEpochStart(4, current, staking, 55_000n)).toEqual(new Date(55_000));
    expect(estimatedEpochStart(4, current, staking, null)).toBeNull();
  });
});
