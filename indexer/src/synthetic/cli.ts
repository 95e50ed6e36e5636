// `node indexer/src/synthetic/cli.ts --out <dir> --seed N --checkpoints N [...]`: writes a SYNTHETIC Walrus
// network (deterministic for a seed) as checkpoint files plus deployment.json. See README.md in this folder.
import { parseArgs } from 'node:util';
import { DEFAULT_SYNTHETIC_OPTIONS, type SyntheticOptions } from './network.ts';
import { writeSyntheticNetwork } from './generate.ts';

const USAGE = `usage: node indexer/src/synthetic/cli.ts --out <dir> [--seed N] [--checkpoints N] [--nodes N] [--shards N]
       [--epoch-checkpoints N] [--blob-txs N] [--stakers N] [--users N] [--max-epochs-ahead N]
Writes a synthetic (not real) Walrus network: {seq}.binpb.zst checkpoint files and deployment.json.`;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number, got ${JSON.stringify(value)}\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      checkpoints: { type: 'string' },
      nodes: { type: 'string' },
      shards: { type: 'string' },
      'epoch-checkpoints': { type: 'string' },
      'blob-txs': { type: 'string' },
      stakers: { type: 'string' },
      users: { type: 'string' },
      'max-epochs-ahead': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.out === undefined) throw new Error(`--out is required\n${USAGE}`);
  const d = DEFAULT_SYNTHETIC_OPTIONS;
  const options: Partial<SyntheticOptions> = {
    seed: integer('seed', values.seed, d.seed),
    nodes: integer('nodes', values.nodes, d.nodes),
    shards: integer('shards', values.shards, d.shards),
    epochCheckpoints: integer('epoch-checkpoints', values['epoch-checkpoints'], d.epochCheckpoints),
    blobTxsPerCheckpoint: integer('blob-txs', values['blob-txs'], d.blobTxsPerCheckpoint),
    stakers: integer('stakers', values.stakers, d.stakers),
    users: integer('users', values.users, d.users),
    maxEpochsAhead: integer('max-epochs-ahead', values['max-epochs-ahead'], d.maxEpochsAhead),
  };
  const count = integer('checkpoints', values.checkpoints, 1000);
  const started = Date.now();
  const result = await writeSyntheticNetwork(values.out, count, options, (n) =>
    process.stderr.write(`\r${n}/${count} checkpoints`),
  );
  process.stderr.write('\n');
  console.log(
    JSON.stringify({
      out: values.out,
      ...result,
      seconds: (Date.now() - started) / 1000,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
