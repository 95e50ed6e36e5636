import { describe, expect, it } from 'vitest';
import {
  apyEstimate,
  canWithdrawNow,
  estimatedValue,
  exchangeRateAt,
  type ExchangeRateRow,
  stakeRewards,
  type StakedPosition,
  toShares,
  toWal,
} from './staking-math.ts';

const rates: ExchangeRateRow[] = [
  { epoch: 1, walAmount: null, shareAmount: null },
  { epoch: 2, walAmount: 1_000n, shareAmount: 1_000n },
  { epoch: 4, walAmount: 1_100n, shareAmount: 1_000n },
  { epoch: 6, walAmount: 1_210n, shareAmount: 1_000n },
];

describe('exchange rates', () => {
  it('use the latest recorded rate at or before the epoch, Flat before any', () => {
    expect(exchangeRateAt(rates, 0)).toEqual({ kind: 'flat' });
    expect(exchangeRateAt(rates, 5)).toEqual({ kind: 'variable', wal: 1_100n, shares: 1_000n });
    expect(exchangeRateAt(rates, 9)).toEqual({ kind: 'variable', wal: 1_210n, shares: 1_000n });
  });
  it('convert with floor division like the contract', () => {
    const rate = exchangeRateAt(rates, 4);
    expect(toShares(rate, 1_000n)).toBe(909n);
    expect(toWal(rate, 909n)).toBe(999n);
  });
});

describe('position value', () => {
  const staked: StakedPosition = { principal: 1_000n, state: 'staked', activationEpoch: 2, withdrawEpoch: null };
  it('grows with the share value from activation to now', () => {
    expect(stakeRewards(rates, 1_000n, 2, 6)).toBe(210n);
    expect(estimatedValue(rates, staked, 6)).toBe(1_210n);
  });
  it('stops growing at the withdrawal epoch and is the principal before activation', () => {
    expect(estimatedValue(rates, { ...staked, state: 'withdrawing', withdrawEpoch: 4 }, 6)).toBe(1_100n);
    expect(estimatedValue(rates, { ...staked, activationEpoch: 7 }, 6)).toBe(1_000n);
    expect(estimatedValue(rates, { ...staked, state: 'withdrawn' }, 6)).toBe(0n);
  });
  it('never reports negative rewards', () => {
    expect(stakeRewards([{ epoch: 3, walAmount: 900n, shareAmount: 1_000n }], 1_000n, 1, 3)).toBe(0n);
  });
});

describe('withdrawal now', () => {
  const inBoth = { inCurrentCommittee: true, inNextCommittee: true, nextCommitteeSelected: true };
  const base: StakedPosition = { principal: 1n, state: 'staked', activationEpoch: 3, withdrawEpoch: null };
  it('is possible once the requested withdrawal epoch came', () => {
    expect(canWithdrawNow({ ...base, state: 'withdrawing', withdrawEpoch: 5 }, 5, inBoth)).toBe(true);
    expect(canWithdrawNow({ ...base, state: 'withdrawing', withdrawEpoch: 6 }, 5, inBoth)).toBe(false);
  });
  it('is possible early for stake not active yet, unless it joins the selected next committee next epoch', () => {
    expect(canWithdrawNow({ ...base, activationEpoch: 7 }, 5, inBoth)).toBe(true);
    expect(canWithdrawNow({ ...base, activationEpoch: 6 }, 5, inBoth)).toBe(false);
    expect(canWithdrawNow({ ...base, activationEpoch: 6 }, 5, { ...inBoth, nextCommitteeSelected: false })).toBe(true);
  });
  it('needs a request for active stake of a committee node, and none when the node is in no committee', () => {
    expect(canWithdrawNow(base, 5, inBoth)).toBe(false);
    expect(
      canWithdrawNow(base, 5, { inCurrentCommittee: false, inNextCommittee: false, nextCommitteeSelected: true }),
    ).toBe(true);
  });
});

describe('APY estimate', () => {
  it('annualises the per-epoch growth of the share value', () => {
    // 10% per two epochs, epochs of one day: (1.1^(1/2))^365.25 − 1.
    const apy = apyEstimate(rates, 24 * 3600 * 1000)!;
    expect(apy).toBeCloseTo(1.1 ** (365.25 / 2) - 1, 0);
  });
  it('is unknown with fewer than two variable rates', () => {
    expect(apyEstimate(rates.slice(0, 2), 86_400_000)).toBeNull();
  });
});
