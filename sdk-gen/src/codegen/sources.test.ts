import { describe, expect, it } from 'vitest';
import { parseMoveSource } from './sources.ts';

const SOURCE = `/// A module.
module walrus::sample;

use sui::coin::Coin;

/// The blob id does not match its metadata.
/// (Second line.)
const EInvalidBlobId: u64 = 4;
const ENoDoc: u64 = 0x1_0;
#[test_only]
const ETestOnly: u64 = 99;
const MAX: u64 = 1000;

/// A blob.
public struct Blob has key, store { id: UID }

#[allow(lint(self_transfer))]
/// Registers a blob.
public fun register_blob(
    self: &mut System, // the system
    storage: Storage,
    blob_id: u256,
    mut payment: Coin<WAL>,
    ctx: &mut TxContext,
): Blob {
    abort 0
}

public(package) fun helper<T: store, U>(map: VecMap<u32, vector<T>>, f: |T| -> U): U { abort 0 }

entry fun vote(node: &StorageNodeCap, epoch: u32) {}

#[test]
fun test_register() {}
`;

describe('the Move source reader', () => {
  const [module] = parseMoveSource(SOURCE);

  it('reads error constants with their value and doc comment, skipping test-only and non-error constants', () => {
    expect(module!.errors).toEqual([
      { name: 'EInvalidBlobId', code: 4, doc: 'The blob id does not match its metadata.\n(Second line.)' },
      { name: 'ENoDoc', code: 16, doc: undefined },
    ]);
  });

  it('reads parameter names of multi-line, generic and entry functions, and skips tests', () => {
    expect(module!.functions.get('register_blob')).toEqual({
      parameterNames: ['self', 'storage', 'blob_id', 'payment', 'ctx'],
      doc: 'Registers a blob.',
    });
    expect(module!.functions.get('helper')?.parameterNames).toEqual(['map', 'f']);
    expect(module!.functions.get('vote')?.parameterNames).toEqual(['node', 'epoch']);
    expect(module!.functions.has('test_register')).toBe(false);
  });

  it('keeps struct doc comments by name', () => {
    expect(module!.datatypeDocs.get('Blob')).toBe('A blob.');
  });

  it('skips test-only modules entirely', () => {
    expect(parseMoveSource('#[test_only]\nmodule walrus::helpers;\nconst EX: u64 = 1;\n')).toEqual([]);
  });
});
