// `npm start`: the main job. Until the indexer and API land, this builds every Move package (refreshing
// move/artifacts) and runs their unit tests, which is the whole of what the project does today.
import { spawnSync } from 'node:child_process';

for (const command of ['build', 'test']) {
  const res = spawnSync(process.execPath, ['sdk-gen/src/move/cli.ts', command], { stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
