// Where the Move framework sources (MoveStdlib 0x1, Sui 0x2) come from for compiling and testing.
// Order: SUI_FRAMEWORK_DIR, then the documented cache folder, then the compiler's own GitHub fetch when
// GitHub answers; otherwise the framework is unavailable and callers must say so loudly.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Folder the README tells developers to fill with `move-stdlib/` and `sui-framework/`. */
export const DEFAULT_FRAMEWORK_CACHE = join(homedir(), '.cache', 'sui-move-framework', 'v1.56.0');

export type FrameworkSource =
  { kind: 'local'; dir: string } | { kind: 'github' } | { kind: 'unavailable'; reason: string };

const HELP =
  'set SUI_FRAMEWORK_DIR to a folder holding move-stdlib/ and sui-framework/ ' +
  '(see README.md "Move toolchain" and ../shared/MOVE-TOOLCHAIN.md)';

/** True when `dir` holds both framework packages. */
export function isFrameworkDir(dir: string): boolean {
  return existsSync(join(dir, 'move-stdlib', 'Move.toml')) && existsSync(join(dir, 'sui-framework', 'Move.toml'));
}

async function githubReachable(timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch('https://api.github.com/rate_limit', { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Decides where the framework comes from; never throws. */
export async function resolveFramework(env: NodeJS.ProcessEnv = process.env): Promise<FrameworkSource> {
  const configured = env.SUI_FRAMEWORK_DIR;
  if (configured !== undefined && configured !== '') {
    if (isFrameworkDir(configured)) return { kind: 'local', dir: configured };
    return {
      kind: 'unavailable',
      reason: `SUI_FRAMEWORK_DIR=${configured} does not hold move-stdlib/Move.toml and sui-framework/Move.toml; ${HELP}`,
    };
  }
  if (isFrameworkDir(DEFAULT_FRAMEWORK_CACHE)) return { kind: 'local', dir: DEFAULT_FRAMEWORK_CACHE };
  if (env.MOVE_OFFLINE !== '1' && (await githubReachable(3000))) return { kind: 'github' };
  return { kind: 'unavailable', reason: `no framework sources and GitHub is unreachable; ${HELP}` };
}
