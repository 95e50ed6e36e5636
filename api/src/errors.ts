// Errors a client is meant to read. Anything else thrown in a resolver is masked by yoga as an internal error.
import { GraphQLError } from 'graphql';

/** Codes in `extensions.code`, so clients can branch without parsing messages. */
export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'INVALID_CURSOR'
  | 'PAGE_SIZE_EXCEEDED'
  | 'STATEMENT_TIMEOUT'
  | 'REQUEST_TIMEOUT'
  | 'OUTPUT_LIMIT_EXCEEDED';

/** A client error: the request was wrong (or too big), and the message says what to change. */
export function apiError(code: ApiErrorCode, message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: argument ? { code, argument } : { code } });
}

export function badInput(argument: string, message: string): GraphQLError {
  return apiError('BAD_USER_INPUT', `${argument}: ${message}`, argument);
}

/** Postgres SQLSTATE 57014 (query_canceled) is what a statement timeout raises. */
export function isStatementTimeout(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some((e) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '57014');
}
