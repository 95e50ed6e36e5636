// Staking arithmetic over the indexed tables (spec 4.10, 4.11): exchange rate at an epoch, the value and rewards
// of a position, whether it can be withdrawn now, and an APY estimate. Pure, for the API and tests; integer math
// floors like the contract's u128 math.

/** One `pool_exchange_rates` row: null amounts = `Flat` (1:1). */
export interface ExchangeRateRow {
  epoch: number;
  walAmount: bigint | null;
  shareAmount: bigint | null;
}

export type ExchangeRate = { kind: 'flat' } | { kind: 'variable'; wal: bigint; shares: bigint };

const FLAT: ExchangeRate = { kind: 'flat' };

function rateOf(row: ExchangeRateRow): ExchangeRate {
  return row.walAmount === null || row.shareAmount === null || row.walAmount === 0n || row.shareAmount === 0n
    ? FLAT
    : { kind: 'variable', wal: row.walAmount, shares: row.shareAmount };
}

/**
 * The rate a pool applies at `epoch`: the latest recorded at or before it, not before the pool's activation epoch
 * (the contract walks back to it); Flat when none is recorded.
 */
export function exchangeRateAt(rows: readonly ExchangeRateRow[], epoch: number, poolActivationEpoch = 0): ExchangeRate {
  let best: ExchangeRateRow | undefined;
  for (const row of rows) {
    if (row.epoch > epoch || row.epoch < poolActivationEpoch) continue;
    if (best === undefined || row.epoch > best.epoch) best = row;
  }
  return best === undefined ? FLAT : rateOf(best);
}

export function toShares(rate: ExchangeRate, wal: bigint): bigint {
  return rate.kind === 'flat' ? wal : (wal * rate.shares) / rate.wal;
}

export function toWal(rate: ExchangeRate, shares: bigint): bigint {
  return rate.kind === 'flat' ? shares : (shares * rate.wal) / rate.shares;
}

/** `calculate_rewards(principal, activation, until)`: what the principal earned, never negative. */
export function stakeRewards(
  rows: readonly ExchangeRateRow[],
  principal: bigint,
  activationEpoch: number,
  untilEpoch: number,
): bigint {
  const shares = toShares(exchangeRateAt(rows, activationEpoch), principal);
  const value = toWal(exchangeRateAt(rows, untilEpoch), shares);
  return value > principal ? value - principal : 0n;
}

/** The columns of a `staked_wals` row the estimates need. */
export interface StakedPosition {
  principal: bigint;
  state: 'staked' | 'withdrawing' | 'withdrawn' | 'merged';
  activationEpoch: number;
  withdrawEpoch: number | null;
}

/**
 * Estimated value now (principal + rewards): rewards accrue from activation until the current epoch, or until the
 * withdrawal epoch once a withdrawal is requested; a position not active yet is worth its principal.
 */
export function estimatedValue(
  rows: readonly ExchangeRateRow[],
  position: StakedPosition,
  currentEpoch: number,
): bigint {
  if (position.state === 'withdrawn' || position.state === 'merged') return 0n;
  if (position.activationEpoch > currentEpoch) return position.principal;
  const until =
    position.state === 'withdrawing' && position.withdrawEpoch !== null
      ? Math.min(position.withdrawEpoch, currentEpoch)
      : currentEpoch;
  return position.principal + stakeRewards(rows, position.principal, position.activationEpoch, until);
}

/** Where the position's node stands (from committee_members and staking_state). */
export interface NodeCommitteeStatus {
  inCurrentCommittee: boolean;
  inNextCommittee: boolean;
  /** The next committee is selected (epoch state `next_params_selected`). */
  nextCommitteeSelected: boolean;
}

/**
 * Whether `withdraw_stake` succeeds now (spec 4.11): a requested withdrawal whose epoch came; an early withdrawal
 * of a position not active yet (activation E+2, or E+1 with the node outside the selected next committee); or a
 * staked position whose node is in neither committee.
 */
export function canWithdrawNow(position: StakedPosition, currentEpoch: number, node: NodeCommitteeStatus): boolean {
  const e = currentEpoch;
  if (position.state === 'withdrawing') {
    return position.withdrawEpoch !== null && position.withdrawEpoch <= e && position.activationEpoch <= e;
  }
  if (position.state !== 'staked') return false;
  if (position.activationEpoch === e + 2) return true;
  if (position.activationEpoch === e + 1 && !(node.nextCommitteeSelected && node.inNextCommittee)) return true;
  return !node.inCurrentCommittee && !node.inNextCommittee;
}

/**
 * Annualised growth of the value of one pool share over the last `windowEpochs` epochs with recorded rates;
 * null when fewer than two variable rates exist in the window.
 */
export function apyEstimate(
  rows: readonly ExchangeRateRow[],
  epochDurationMs: number,
  windowEpochs = 10,
): number | null {
  const variable = rows.filter((r) => rateOf(r).kind === 'variable').sort((a, b) => a.epoch - b.epoch);
  const last = variable.at(-1);
  if (last === undefined) return null;
  const first = variable.find((r) => r.epoch >= last.epoch - windowEpochs && r.epoch < last.epoch);
  if (first === undefined) return null;
  const perShare = (r: ExchangeRateRow) => Number(r.walAmount!) / Number(r.shareAmount!);
  const perEpoch = (perShare(last) / perShare(first)) ** (1 / (last.epoch - first.epoch));
  const epochsPerYear = (365.25 * 24 * 3600 * 1000) / epochDurationMs;
  return perEpoch ** epochsPerYear - 1;
}
