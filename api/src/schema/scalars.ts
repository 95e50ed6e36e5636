// Custom scalars. Each rejects a bad input with a message saying what it expected.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DECIMAL = /^-?\d{1,40}$/;

function bigintFrom(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
  throw new GraphQLError(
    `BigInt: expected a whole number or a decimal integer string (at most 40 digits), got ${JSON.stringify(value)}`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

export const BigIntScalar = new GraphQLScalarType<bigint, string>({
  name: 'BigInt',
  description: 'An integer written as a decimal string.',
  serialize(value) {
    if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string') {
      return bigintFrom(value).toString();
    }
    throw new TypeError(`BigInt cannot represent ${String(value)}`);
  },
  parseValue: bigintFrom,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return bigintFrom(ast.value);
    throw new GraphQLError(`BigInt: expected a whole number or a decimal integer string, got a ${ast.kind} literal`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});

function dateFrom(value: unknown): Date {
  if (typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return date;
  }
  throw new GraphQLError(
    `DateTime: expected an ISO-8601 string such as 2025-03-27T15:00:00Z, got ${JSON.stringify(value)}`,
    {
      extensions: { code: 'BAD_USER_INPUT' },
    },
  );
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 instant in UTC.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    throw new TypeError(`DateTime cannot represent ${String(value)}`);
  },
  parseValue: dateFrom,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.STRING) return dateFrom(ast.value);
    throw new GraphQLError(`DateTime: expected a string literal, got a ${ast.kind} literal`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});

/** Serializes decoded event contents: bigints become decimal strings, byte arrays stay arrays. */
function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Uint8Array) return Array.from(value);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Free-form JSON.',
  serialize: toJson,
  parseValue() {
    throw new GraphQLError('JSON values are output only', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral() {
    throw new GraphQLError('JSON values are output only', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
