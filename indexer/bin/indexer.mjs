#!/usr/bin/env node
// `indexer ...` (`npx indexer run ...` in the workspace): the launcher of the indexer CLI (src/cli/main.ts).
// The CLI is TypeScript that Node runs by stripping the types, so it needs Node >= 22.18; the workspace installs
// the Node it uses (the `node` package, Node 24). This file is plain JavaScript so that any `node` on PATH can
// start it: under the workspace's Node, or a Node that strips types when the workspace has none, it loads the
// CLI in this process; otherwise it runs the CLI under the workspace's Node, passing signals on and exiting
// with the child's status.
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN_URL = new URL('../src/cli/main.ts', import.meta.url);

/** The workspace's Node binary (`node_modules/node/bin/node`), or undefined when it is not installed. */
function workspaceNode() {
  try {
    const manifest = createRequire(import.meta.url).resolve('node/package.json');
    return realpathSync(join(dirname(manifest), 'bin', 'node'));
  } catch {
    return undefined;
  }
}

const node = workspaceNode();
const stripsTypes = Boolean(process.features.typescript);
const isWorkspaceNode = node !== undefined && realpathSync(process.execPath) === node;

if (stripsTypes && (isWorkspaceNode || node === undefined)) {
  await import(MAIN_URL.href);
} else if (node === undefined) {
  process.stderr.write(
    `indexer: the CLI is TypeScript run by Node's type stripping, which Node ${process.version} lacks; ` +
      'run `npm install` in the workspace (it installs the Node the project uses) or use Node >= 22.18\n',
  );
  process.exitCode = 1;
} else {
  const child = spawn(node, [fileURLToPath(MAIN_URL), ...process.argv.slice(2)], { stdio: 'inherit' });
  // The CLI stops after the current batch on SIGINT / SIGTERM and takes a repeat within a second as the same
  // request, so a Ctrl-C that reaches both processes (the terminal signals the whole group) and the copy passed
  // on here stop it once.
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
  child.once('error', (error) => {
    process.stderr.write(`indexer: cannot start ${node}: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.once('exit', (code, signal) => {
    for (const name of ['SIGINT', 'SIGTERM']) process.off(name, forward);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}
