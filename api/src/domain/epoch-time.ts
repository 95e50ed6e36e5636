// Epoch timing the contract implies (spec 4.8): epoch 0 ends at `first_epoch_start`; every later epoch's next
// change may start one `epoch_duration` after its own change was done (the contract's timer start).

export interface EpochTiming {
  epoch: number;
  changeStartedTimestampMs: bigint | null;
  changeDoneTimestampMs: bigint | null;
}

export interface StakingTiming {
  epochDurationMs: bigint | null;
  firstEpochStartMs: bigint | null;
}

const toDate = (ms: bigint) => new Date(Number(ms));

/** Estimated end of an epoch, or null when the timing parameters are not indexed yet. */
export function estimatedEpochEndMs(epoch: EpochTiming, staking: StakingTiming | null): bigint | null {
  if (!staking) return null;
  if (epoch.epoch === 0) return staking.firstEpochStartMs;
  const base = epoch.changeDoneTimestampMs ?? epoch.changeStartedTimestampMs;
  if (base === null || staking.epochDurationMs === null) return null;
  return base + staking.epochDurationMs;
}

/** Duration of an epoch: the configured duration, or for epoch 0 the time until the first epoch start. */
export function epochDurationMs(epoch: EpochTiming, staking: StakingTiming | null): bigint | null {
  if (!staking) return null;
  if (epoch.epoch !== 0) return staking.epochDurationMs;
  if (staking.firstEpochStartMs === null || epoch.changeStartedTimestampMs === null) return null;
  return staking.firstEpochStartMs - epoch.changeStartedTimestampMs;
}

/**
 * Estimated start of `target`: its recorded start when it already began, otherwise the current epoch's estimated
 * end plus one duration per epoch in between.
 */
export function estimatedEpochStart(
  target: number,
  current: EpochTiming | null,
  staking: StakingTiming | null,
  recordedStartMs: bigint | null,
): Date | null {
  if (recordedStartMs !== null) return toDate(recordedStartMs);
  if (!current || target <= current.epoch) return null;
  const end = estimatedEpochEndMs(current, staking);
  if (end === null) return null;
  if (target === current.epoch + 1) return toDate(end);
  if (!staking?.epochDurationMs) return null;
  return toDate(end + BigInt(target - current.epoch - 1) * staking.epochDurationMs);
}
