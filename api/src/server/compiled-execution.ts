// Queries and mutations run compiled (graphql-jit): a document is compiled once into a function that resolves
// and serialises it without graphql-js's per-field interpretation, which was a third of the API's CPU per request.
// Two things keep graphql-js in charge where the compiled form would answer differently:
// - Variables are coerced by graphql-js first, so a bad variable gets graphql-js's message (which value, where,
//   what was expected) rather than the compiler's shorter one.
// - Subscriptions, and documents with a BigInt literal among their arguments, run on graphql-js: the compiler
//   embeds literal argument values in the generated code as JSON, which has no bigint.
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getNamedType,
  getVariableValues,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiContext } from '../context.ts';
import { BigIntScalar } from '../schema/scalars.ts';

const compilable = new WeakMap<DocumentNode, boolean>();

function operationOf(document: DocumentNode, operationName: string | null | undefined) {
  return document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
}

/** True when an argument anywhere in the document is a BigInt literal (inside input objects and lists too). */
export function hasBigIntLiteral(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  const leaf = () => {
    const type = typeInfo.getInputType();
    if (type && getNamedType(type).name === BigIntScalar.name) found = true;
  };
  visit(document, visitWithTypeInfo(typeInfo, { IntValue: leaf, StringValue: leaf }));
  return found;
}

/** Whether the compiled executor runs this operation (worked out once per parsed document). */
export function runsCompiled(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): boolean {
  if (operationOf(document, operationName)?.operation === 'subscription') return false;
  let answer = compilable.get(document);
  if (answer === undefined) {
    answer = !hasBigIntLiteral(schema, document);
    compilable.set(document, answer);
  }
  return answer;
}

export function compiledExecutionPlugins(): [Plugin<ApiContext>, ReturnType<typeof useGraphQlJit>] {
  const variablesFirst: Plugin<ApiContext> = {
    onExecute({ args, setResultAndStopExecution }) {
      if (!runsCompiled(args.schema, args.document, args.operationName)) return;
      const operation = operationOf(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {}, {
        maxErrors: 50,
      });
      if (coerced.errors) setResultAndStopExecution({ errors: coerced.errors });
    },
  };
  return [
    variablesFirst,
    useGraphQlJit({}, { enableIf: (args) => runsCompiled(args.schema, args.document, args.operationName) }),
  ];
}
