// The synthetic Walrus network (tests, demo, benchmarks): deterministic, generated, not real chain data.
export * from './encode.ts';
export * from './generate.ts';
export type { RecordedTransaction, StoredObject, SyntheticOwner } from './ledger.ts';
export * from './network.ts';
export * from './random.ts';
