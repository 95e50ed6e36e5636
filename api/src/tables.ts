// The indexer's tables, re-exported from their one definition so the API never redeclares a column.
export * from '../../indexer/src/db/walrus-schema.ts';
export { events, pipelineWatermarks } from '../../indexer/src/db/schema.ts';
