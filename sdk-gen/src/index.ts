// @open-walrus/sdk: the generated Move bindings plus the small hand-written layer on top of them.
export * from './generated/index.ts';
export * from './deployment.ts';
export * from './registry.ts';
export * from './errors.ts';
export * from './publish.ts';
export * from './readers.ts';
export * from './flows/blob.ts';
export * from './flows/staking.ts';
export * from './flows/payment.ts';
export type { CallSpec, ObjectInput, ParameterSpec, PureInput } from './runtime/move-call.ts';
export { isTransactionArgument, normalizeMoveArguments } from './runtime/move-call.ts';
export type { ErrorTable, GeneratedDatatype, MoveErrorInfo, PhantomTypeArgument } from './runtime/types.ts';
export * from './certificates/index.ts';
