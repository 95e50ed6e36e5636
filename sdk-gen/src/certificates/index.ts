export * from './blob-id.ts';
export * from './certificate.ts';
export * from './committee.ts';
export * from './errors.ts';
export * from './messages.ts';
