import { GrpcTypes } from '@mysten/sui/grpc';
import { describe, expect, it } from 'vitest';
import { transactionViews } from '../walrus/decode.ts';
import { syntheticRun } from './generate.ts';
import {
  apportionShards,
  DEFAULT_SYNTHETIC_OPTIONS,
  quorumAbove,
  quorumBelow,
  transitionCommittee,
  validateSyntheticOptions,
} from './network.ts';

const SMALL = { nodes: 5, shards: 20, epochCheckpoints: 30, stakers: 8, users: 8, maxEpochsAhead: 4 };

describe('quorum votes', () => {
  const votes = [
    { vote: 10n, weight: 3 },
    { vote: 30n, weight: 3 },
    { vote: 20n, weight: 4 },
  ];
  it('pick the smallest price that a quorum of shards votes at or below', () => {
    // Sorted: 10 (3), 20 (7), 30 (10): quorum of 10 shards needs 3w ≥ 21 → w ≥ 7 → 20.
    expect(quorumBelow(votes, 10)).toBe(20n);
  });
  it('pick the largest capacity that a quorum of shards votes at or above', () => {
    // Sorted down: 30 (3), 20 (7) → 20.
    expect(quorumAbove(votes, 10)).toBe(20n);
  });
  it('fall back to u64::MAX prices and zero capacity without a quorum', () => {
    expect(quorumBelow([{ vote: 5n, weight: 1 }], 10)).toBe((1n << 64n) - 1n);
    expect(quorumAbove([{ vote: 5n, weight: 1 }], 10)).toBe(0n);
  });
});

describe('shard apportionment', () => {
  it('hand out every shard, roughly by stake, within the per-node cap', () => {
    const stakes = [
      { nodeId: '0x1', stake: 600n },
      { nodeId: '0x2', stake: 300n },
      { nodeId: '0x3', stake: 100n },
    ];
    const shards = apportionShards(stakes, 10);
    expect([...shards.values()].reduce((a, b) => a + b, 0)).toBe(10);
    // Cap for 3 nodes: ceil(10·20 / 30) = 7.
    expect(shards.get('0x1')).toBeLessThanOrEqual(7);
    expect(shards.get('0x1')!).toBeGreaterThan(shards.get('0x2')!);
    expect(shards.get('0x2')!).toBeGreaterThan(shards.get('0x3')!);
  });
  it('refuse to apportion without stake', () => {
    expect(() => apportionShards([{ nodeId: '0x1', stake: 0n }], 10)).toThrow('no stake');
  });
  it('number a first committee sequentially in node-id order and keep continuing shards later', () => {
    const first = transitionCommittee(
      new Map(),
      new Map([
        ['0x2', 2],
        ['0x1', 3],
      ]),
      5,
    );
    expect([...first]).toEqual([
      ['0x1', [0, 1, 2]],
      ['0x2', [3, 4]],
    ]);
    const second = transitionCommittee(
      first,
      new Map([
        ['0x1', 1],
        ['0x2', 2],
        ['0x3', 2],
      ]),
      5,
    );
    expect(second.get('0x1')).toEqual([0]);
    expect(second.get('0x2')).toEqual([3, 4]);
    expect([...second.get('0x3')!].sort()).toEqual([1, 2]);
  });
});

describe('synthetic network options', () => {
  it('reject sizes the schedule cannot hold, saying which', () => {
    expect(() => validateSyntheticOptions({ ...DEFAULT_SYNTHETIC_OPTIONS, nodes: 10, epochCheckpoints: 10 })).toThrow(
      /epochCheckpoints must be ≥ 2·nodes \+ 8/,
    );
    expect(() => validateSyntheticOptions({ ...DEFAULT_SYNTHETIC_OPTIONS, shards: 3 })).toThrow(/shards must be/);
  });
});

describe('synthetic checkpoints', () => {
  const encode = (seed: number, count: number) =>
    [...syntheticRun({ ...SMALL, seed }).checkpoints(count)].map((c) => Buffer.from(GrpcTypes.Checkpoint.toBinary(c)));

  it('are identical for the same seed and differ for another seed', () => {
    const a = encode(3, 120);
    const b = encode(3, 120);
    const c = encode(4, 120);
    expect(a.map((x) => x.toString('hex'))).toEqual(b.map((x) => x.toString('hex')));
    expect(a.map((x) => x.toString('hex'))).not.toEqual(c.map((x) => x.toString('hex')));
  });

  it('decode back through the SDK types with every event the simulation emitted', () => {
    const run = syntheticRun({ ...SMALL, seed: 5 });
    const counts = new Map<string, number>();
    for (const checkpoint of run.checkpoints(400)) {
      const roundTripped = GrpcTypes.Checkpoint.fromBinary(GrpcTypes.Checkpoint.toBinary(checkpoint));
      for (const view of transactionViews(roundTripped, run.registry)) {
        for (const event of view.events) {
          const name = event.type.split('::').at(-1)!;
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      }
    }
    // ShardsReceived is not one of the events the domain handlers read, so the views leave it out.
    const expected = new Map([...run.network.expectations.eventCounts].filter(([name]) => name !== 'ShardsReceived'));
    expect(counts).toEqual(expected);
    for (const name of [
      'BlobRegistered',
      'BlobCertified',
      'BlobDeleted',
      'EpochChangeStart',
      'EpochChangeDone',
      'PricesUpdated',
    ]) {
      expect(counts.get(name) ?? 0, name).toBeGreaterThan(0);
    }
    expect(run.network.expectations.epoch).toBeGreaterThanOrEqual(10);
  });

  it('follow the epoch schedule: parameters selected mid-epoch, then the change, then sync to quorum', () => {
    const run = syntheticRun({ ...SMALL, seed: 9 });
    const sequence: string[] = [];
    for (const checkpoint of run.checkpoints(100)) {
      for (const view of transactionViews(checkpoint, run.registry)) {
        for (const event of view.events) {
          const name = event.type.split('::').at(-1)!;
          if (name.startsWith('Epoch')) sequence.push(`${name}@${checkpoint.sequenceNumber}`);
        }
      }
    }
    expect(sequence.slice(0, 4)).toEqual([
      'EpochParametersSelected@15',
      'EpochChangeStart@30',
      expect.stringMatching(/^EpochChangeDone@3\d$/),
      'EpochParametersSelected@45',
    ]);
  });
});
