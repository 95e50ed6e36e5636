// Staking arithmetic the API derives for readers (spec 4.10 and 4.11): exchange rates at an epoch, a position's
// estimated rewards, whether it can be withdrawn now, and a pool's APY estimate. Pure functions over rows.

/** One recorded pool exchange rate; nulls mean the Flat (1:1) rate. */
export interface RecordedRate {
  epoch: number;
  walAmount: bigint | null;
  shareAmount: bigint | null;
}

/** An exchange rate: `wal` FROST for `shares` shares; Flat when either is zero. */
export interface Rate {
  wal: bigint;
  shares: bigint;
}

export const FLAT: Rate = { wal: 1n, shares: 1n };

function asRate(recorded: RecordedRate): Rate {
  const wal = recorded.walAmount ?? 0n;
  const shares = recorded.shareAmount ?? 0n;
  return wal === 0n || shares === 0n ? FLAT : { wal, shares };
}

/**
 * `exchange_rate_at_epoch(e)`: the most recent rate recorded at or before `epoch`, else Flat. `rates` must be
 * sorted by epoch ascending.
 */
export function rateAtEpoch(rates: readonly RecordedRate[], epoch: number): Rate {
  let lo = 0;
  let hi = rates.length - 1;
  let found: RecordedRate | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = rates[mid]!;
    if (candidate.epoch <= epoch) {
      found = candidate;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found ? asRate(found) : FLAT;
}

export const toShares = (rate: Rate, wal: bigint): bigint => (wal * rate.shares) / rate.wal;
export const toWal = (rate: Rate, shares: bigint): bigint => (shares * rate.wal) / rate.shares;

/**
 * `calculate_rewards(p, act, wd) = max(0, rate(wd).to_wal(rate(act).to_shares(p)) − p)`, capped by the pool's
 * rewards balance like the contract's payout. A stake not yet active (activation after `withdrawEpoch`) earns 0.
 */
export function estimateRewards(
  rates: readonly RecordedRate[],
  principal: bigint,
  activationEpoch: number,
  withdrawEpoch: number,
  rewardsPool: bigint,
): bigint {
  if (activationEpoch > withdrawEpoch) return 0n;
  const shares = toShares(rateAtEpoch(rates, activationEpoch), principal);
  const value = toWal(rateAtEpoch(rates, withdrawEpoch), shares);
  const rewards = value > principal ? value - principal : 0n;
  return rewards < rewardsPool ? rewards : rewardsPool;
}

/** What `withdraw_stake` needs to know about the chain right now. */
export interface WithdrawContext {
  currentEpoch: number;
  /** True between voting_end and the next epoch change (state NEXT_PARAMS_SELECTED). */
  committeeSelected: boolean;
  inCurrentCommittee: boolean;
  /** In the selected next committee (false when none is selected). */
  inNextCommittee: boolean;
}

export interface Position {
  state: 'staked' | 'withdrawing' | 'withdrawn' | 'merged';
  activationEpoch: number;
  withdrawEpoch: number | null;
}

/**
 * Whether `withdraw_stake` would succeed now (spec 4.11): an early withdrawal of a stake not yet counted, a
 * one-step withdrawal from a node in neither committee, or a requested withdrawal whose epoch has come.
 */
export function canWithdrawNow(position: Position, ctx: WithdrawContext): boolean {
  const e = ctx.currentEpoch;
  if (position.state === 'withdrawn' || position.state === 'merged') return false;
  if (position.state === 'withdrawing') {
    return position.withdrawEpoch !== null && position.withdrawEpoch <= e && position.activationEpoch <= e;
  }
  const early =
    position.activationEpoch === e + 2 ||
    (position.activationEpoch === e + 1 && !(ctx.committeeSelected && ctx.inNextCommittee));
  if (early) return true;
  const inNext = ctx.committeeSelected && ctx.inNextCommittee;
  return !ctx.inCurrentCommittee && !inNext;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/**
 * APY estimate: the growth of the WAL value of one share between the oldest and newest of the last `window + 1`
 * recorded rates (sorted by epoch), turned into a per-epoch rate and compounded over a year of epochs. Null with
 * fewer than two rates or no known epoch duration.
 */
export function estimateApy(
  rates: readonly RecordedRate[],
  epochDurationMs: bigint | null,
  window = 30,
): number | null {
  if (rates.length < 2 || !epochDurationMs || epochDurationMs <= 0n) return null;
  const newest = rates[rates.length - 1]!;
  const oldest = rates[Math.max(0, rates.length - 1 - window)]!;
  const epochs = newest.epoch - oldest.epoch;
  if (epochs <= 0) return null;
  const value = (r: Rate) => Number(r.wal) / Number(r.shares);
  const growth = value(asRate(newest)) / value(asRate(oldest));
  const perEpoch = Math.pow(growth, 1 / epochs);
  const epochsPerYear = YEAR_MS / Number(epochDurationMs);
  return Math.pow(perEpoch, epochsPerYear) - 1;
}

/** A rate as the API shows it: Flat rows read back as 1:1. */
export function displayRate(recorded: RecordedRate): {
  flat: boolean;
  walAmount: bigint;
  shareAmount: bigint;
  rate: number;
} {
  const rate = asRate(recorded);
  const flat = rate === FLAT;
  return { flat, walAmount: rate.wal, shareAmount: rate.shares, rate: Number(rate.wal) / Number(rate.shares) };
}
