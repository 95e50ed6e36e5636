// Reading, writing and comparing the committed Move artifacts (move/artifacts/<key>.json).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MoveArtifact } from './compile.ts';
import { artifactPath, type MovePackageDir } from './workspace.ts';

export function serializeArtifact(artifact: MoveArtifact): string {
  return JSON.stringify(artifact, null, 2) + '\n';
}

export function writeArtifact(pkg: MovePackageDir, artifact: MoveArtifact): string {
  const path = artifactPath(pkg);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serializeArtifact(artifact));
  return path;
}

export function readArtifact(pkg: MovePackageDir): MoveArtifact | undefined {
  const path = artifactPath(pkg);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as MoveArtifact;
}

/** Differences between the committed artifact and a fresh build, in words; empty when fresh. */
export function artifactDrift(committed: MoveArtifact | undefined, fresh: MoveArtifact): string[] {
  if (committed === undefined) return ['no committed artifact'];
  const drift: string[] = [];
  if (committed.digest !== fresh.digest) drift.push(`digest ${committed.digest} != fresh ${fresh.digest}`);
  if (JSON.stringify(committed.modules) !== JSON.stringify(fresh.modules)) drift.push('module bytecode differs');
  if (JSON.stringify(committed.dependencies) !== JSON.stringify(fresh.dependencies))
    drift.push('dependency ids differ');
  return drift;
}
