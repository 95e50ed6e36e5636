// The walrus domain: decoded events and object changes → the tables of db/walrus-schema.ts.
export * from './blob-id-status.ts';
export * from './changes.ts';
export * from './commit.ts';
export * from './decode.ts';
export * from './fold.ts';
export * from './handlers.ts';
export * from './pipeline.ts';
export * from './shapes.ts';
export * from './transaction-view.ts';
export * from './extensions.ts';
export * from './staking-math.ts';
