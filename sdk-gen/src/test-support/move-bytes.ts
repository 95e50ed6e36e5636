// Test support: checking values against the bytes Move's own encoder produces. Each case is a Move expression and
// the decoded value the generated TypeScript type should give; the case's TypeScript encoding is pinned in a
// Move unit test that builds the value and asserts `bcs::to_bytes` equals it, so a passing Move test proves those
// bytes are Move's. The tests run in a scratch copy of `walrus` (sources only, plus one test module inside the
// package, so package-only constructors and `emit_*` functions are callable); the repository is not touched.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BcsType } from '@mysten/sui/bcs';
import { toHex } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import { testPackage, type TestStatus } from '../move/compile.ts';
import type { FrameworkSource } from '../move/framework.ts';
import { MOVE_ROOT, packageAt } from '../move/workspace.ts';

export interface MoveBytesCase {
  /** A Move function name: the test is `walrus::bytes_check::<name>`. */
  name: string;
  /** Move expression producing the value, inside a test with `ctx: &mut TxContext` (from `tx_context::dummy()`). */
  move: string;
  type: BcsType<any, any>;
  /** The value decoded from Move's bytes, in decoded form (u64 and wider as strings, enums without `$kind`). */
  value: unknown;
}

/** The transaction hash of `tx_context::dummy()`. */
const DUMMY_TX_HASH = Buffer.from('3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532', 'hex');
/** Sui's hashing-intent byte for ids of objects created by a transaction. */
const REGULAR_OBJECT_ID_SCOPE = 0xf1;

/**
 * The id of the `index`-th object (from 0) a test creates with `tx_context::dummy()`: Sui derives a new object's
 * id as blake2b-256(scope ‖ tx hash ‖ creation counter as u64 LE). The Move checks confirm it: every case with an
 * object compares its `UID` bytes.
 */
export function createdObjectId(index: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64LE(BigInt(index));
  const hash = blake2b(Buffer.concat([Buffer.from([REGULAR_OBJECT_ID_SCOPE]), DUMMY_TX_HASH, counter]), { dkLen: 32 });
  return `0x${toHex(hash)}`;
}

/** The bytes the generated type encodes the case's value to: what the Move test asserts. */
export function expectedBytes(c: MoveBytesCase): Uint8Array {
  return c.type.serialize(c.value).toBytes();
}

export const CHECK_MODULE = 'walrus::bytes_check';

/** The test module: `helpers` (Move items shared by the cases) and one `#[test]` per case. */
export function checkModule(cases: readonly MoveBytesCase[], helpers = ''): string {
  const tests = cases.map(
    (c) => `#[test]
fun ${c.name}() {
    let mut ctx = tx_context::dummy();
    let ctx = &mut ctx;
    let value = ${c.move};
    assert!(std::bcs::to_bytes(&value) == x"${toHex(expectedBytes(c))}", 0);
    std::unit_test::destroy(value);
    let _ = ctx;
}`,
  );
  return `#[test_only]\nmodule ${CHECK_MODULE};\n\n${helpers}\n\n${tests.join('\n\n')}\n`;
}

/**
 * Runs the cases as Move unit tests in a scratch copy of wal and walrus (siblings, so walrus's relative
 * dependency path still leads to wal). Returns each case's status, by case name; the walrus sources' own inline
 * tests run too and are left out.
 */
export async function runMoveChecks(
  cases: readonly MoveBytesCase[],
  framework: Exclude<FrameworkSource, { kind: 'unavailable' }>,
  helpers = '',
): Promise<{ statuses: Map<string, TestStatus>; output: string }> {
  const root = mkdtempSync(join(tmpdir(), 'bytes-check-'));
  for (const name of ['wal', 'walrus']) {
    mkdirSync(join(root, name));
    copyFileSync(join(MOVE_ROOT, name, 'Move.toml'), join(root, name, 'Move.toml'));
    cpSync(join(MOVE_ROOT, name, 'sources'), join(root, name, 'sources'), { recursive: true });
  }
  mkdirSync(join(root, 'walrus', 'tests'));
  writeFileSync(join(root, 'walrus', 'tests', 'bytes_check.move'), checkModule(cases, helpers));
  const result = await testPackage(packageAt(join(root, 'walrus')), framework);
  const statuses = new Map<string, TestStatus>();
  for (const t of result.tests) {
    if (t.name.startsWith(`${CHECK_MODULE}::`)) statuses.set(t.name.slice(CHECK_MODULE.length + 2), t.status);
    // A runner failure that names no test (e.g. the module does not compile) counts against every case.
    else if (t.name.endsWith('::<runner>')) for (const c of cases) statuses.set(c.name, 'fail');
  }
  return { statuses, output: result.output };
}
