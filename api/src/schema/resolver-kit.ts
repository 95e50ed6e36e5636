// Turns the generated field table into resolver-map types: a field needs a resolver unless its parent value
// already holds a property of the right type. Only a plain value: the compiled executor (graphql-jit) reads a field
// without a resolver as a plain property, never calling a function or awaiting a promise there, unlike graphql-js.
import type { GraphQLResolveInfo, GraphQLScalarType } from 'graphql';
import type { ApiContext } from '../context.ts';
import type { CustomScalar, ObjectFields, SubscriptionFields } from '../generated/resolver-types.ts';
import type { Parents } from './parents.ts';

export type Resolver<Parent, Args, Result> = (
  parent: Parent,
  args: Args,
  context: ApiContext,
  info: GraphQLResolveInfo,
) => Result | Promise<Result>;

interface FieldSpec {
  args: unknown;
  result: unknown;
}

/** True when reading the property of the parent value produces the field. */
type Defaultable<Parent, Name, Result> = Name extends keyof Parent
  ? Parent[Name] extends Result
    ? true
    : false
  : false;

type RequiredNames<Parent, Fields> = {
  [K in keyof Fields]: Defaultable<Parent, K, Fields[K] extends FieldSpec ? Fields[K]['result'] : never> extends true
    ? never
    : K;
}[keyof Fields];

type FieldResolver<Parent, F> = F extends FieldSpec ? Resolver<Parent, F['args'], F['result']> : never;

export type ObjectResolvers<Parent, Fields> = {
  [K in RequiredNames<Parent, Fields>]: FieldResolver<Parent, Fields[K]>;
} & {
  [K in Exclude<keyof Fields, RequiredNames<Parent, Fields>>]?: FieldResolver<Parent, Fields[K]>;
};

/** A subscription field: an event stream, each event already of the field's type. */
export type SubscriptionResolver<F> = F extends FieldSpec
  ? {
      subscribe: (
        parent: unknown,
        args: F['args'],
        context: ApiContext,
        info: GraphQLResolveInfo,
      ) => AsyncIterable<F['result']> | Promise<AsyncIterable<F['result']>>;
      resolve: (payload: F['result']) => F['result'];
    }
  : never;

export type Resolvers = {
  [T in keyof ObjectFields]: T extends keyof Parents ? ObjectResolvers<Parents[T], ObjectFields[T]> : never;
} & {
  Subscription: { [K in keyof SubscriptionFields]: SubscriptionResolver<SubscriptionFields[K]> };
} & { [S in CustomScalar]: GraphQLScalarType };
