// Validation of argument values the GraphQL type system cannot check: ids, blob ids, epoch numbers.
import { blobIdFromString } from '@open-walrus/sdk';
import { badInput } from '../errors.ts';

const HEX_ID = /^0x[0-9a-fA-F]{1,64}$/;

/** Normalizes a Sui object id or address to `0x` + 64 lowercase hex digits (short forms are left-padded). */
export function parseObjectId(argument: string, value: string): string {
  if (!HEX_ID.test(value)) {
    throw badInput(
      argument,
      `"${truncate(value)}" is not a Sui object id or address (0x followed by 1 to 64 hex digits)`,
    );
  }
  return `0x${value.slice(2).toLowerCase().padStart(64, '0')}`;
}

/** Checks a textual blob id (43 URL-safe base64 characters, canonical) and returns it unchanged. */
export function parseBlobId(argument: string, value: string): string {
  try {
    blobIdFromString(value);
  } catch (error) {
    throw badInput(argument, error instanceof Error ? error.message : `"${truncate(value)}" is not a blob id`);
  }
  return value;
}

const MAX_U32 = 4_294_967_295;

/** Checks an epoch number (a u32). */
export function parseEpoch(argument: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_U32) {
    throw badInput(argument, `${value} is not an epoch number (0 to ${MAX_U32})`);
  }
  return value;
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/**
 * The GraphQL spelling of a database enumeration value (`next_params_selected` → `NEXT_PARAMS_SELECTED`); typed so
 * the compiler checks that every database value has a GraphQL counterpart.
 */
export function toGraphqlEnum<T extends string>(value: T): Uppercase<T> {
  return value.toUpperCase() as Uppercase<T>;
}

/** The database spelling of a GraphQL enumeration value. */
export function toDbEnum<T extends string>(value: T): Lowercase<T> {
  return value.toLowerCase() as Lowercase<T>;
}
