// CPU time of processes on this machine, read from /proc (Linux), for the benchmarks' per-request and per-event
// figures. Unlike latency and throughput, CPU time per unit of work hardly depends on what else the machine runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every Linux build in use). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  command: string;
  parent: number;
  cpuSeconds: number;
}

function readStat(pid: number | string): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      command: stat.slice(stat.indexOf('(') + 1, close),
      parent: Number(fields[1]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    };
  } catch {
    // No /proc, or the process ended.
    return undefined;
  }
}

/** CPU seconds (user + system) process `pid` has used so far; undefined where /proc is absent or it ended. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : readStat(pid)?.cpuSeconds;
}

/**
 * CPU seconds used so far by process `pid` and its live children (the workers of a cluster primary); undefined
 * where /proc is absent or `pid` ended. A child that already exited is not counted.
 */
export function processTreeCpuSeconds(pid: number | undefined): number | undefined {
  const own = processCpuSeconds(pid);
  if (own === undefined) return undefined;
  let seconds = own;
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const stat = readStat(name);
    if (stat !== undefined && stat.parent === pid) seconds += stat.cpuSeconds;
  }
  return seconds;
}

/** CPU seconds used so far by each `postgres` process on this machine, by process id (empty without /proc). */
export type PostgresCpu = Map<string, number>;

export function postgresCpu(): PostgresCpu {
  const byPid: PostgresCpu = new Map();
  if (!existsSync('/proc')) return byPid;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = readStat(pid);
    if (stat?.command.startsWith('postgres')) byPid.set(pid, stat.cpuSeconds);
  }
  return byPid;
}

/**
 * CPU seconds the `postgres` processes used since `before`: the growth of each one alive then, plus all of each
 * one started since. A backend that exited in between is missed (a sum over live processes would go negative).
 * It includes other clients of the same server, so it is only a fair figure on an otherwise idle server.
 */
export function postgresCpuSecondsSince(before: PostgresCpu): number {
  let seconds = 0;
  for (const [pid, now] of postgresCpu()) seconds += now - (before.get(pid) ?? 0);
  return seconds;
}
