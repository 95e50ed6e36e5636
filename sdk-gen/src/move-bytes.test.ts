// Bytes produced by the Move side: a scratch Move package (depending on the repository's walrus) builds values with
// the packages' public constructors and asserts that `bcs::to_bytes` equals what the generated TypeScript types
// encode; the TypeScript side then decodes those same bytes. Needs the Move framework sources (skipped otherwise).
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bcs, type BcsType } from '@mysten/sui/bcs';
import { normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { std, sui, wal, walrus } from './generated/index.ts';
import { testPackage } from './move/compile.ts';
import { resolveFramework } from './move/framework.ts';
import { MOVE_ROOT, packageAt, type MovePackageDir } from './move/workspace.ts';
import { withoutEnumKinds } from './test-support/sample-values.ts';

const framework = await resolveFramework();
const B0B = normalizeSuiAddress('0xb0b');

interface Case {
  name: string;
  /** Move expression producing the value, inside a test with `ctx` in scope. */
  move: string;
  type: BcsType<any, any>;
  value: unknown;
}

const CASES: Case[] = [
  {
    name: 'node_metadata',
    move: 'walrus::node_metadata::new(b"https://img".to_string(), b"https://proj".to_string(), b"a node".to_string())',
    type: walrus.node_metadata.NodeMetadata,
    value: {
      image_url: 'https://img',
      project_url: 'https://proj',
      description: 'a node',
      extra_fields: { contents: [] },
    },
  },
  {
    name: 'metadata',
    move: '{ let mut m = walrus::metadata::new(); m.insert_or_update(b"k".to_string(), b"v".to_string()); m.insert_or_update(b"a".to_string(), b"b".to_string()); m }',
    type: walrus.metadata.Metadata,
    value: {
      metadata: {
        contents: [
          { key: 'k', value: 'v' },
          { key: 'a', value: 'b' },
        ],
      },
    },
  },
  {
    name: 'authorized_object',
    move: 'walrus::auth::authorized_object(object::id_from_address(@0xb0b))',
    type: walrus.auth.Authorized,
    value: { ObjectID: { pos0: B0B } },
  },
  {
    name: 'authenticated_sender',
    move: 'walrus::auth::authenticate_sender(ctx)',
    type: walrus.auth.Authenticated,
    value: { Sender: { pos0: normalizeSuiAddress('0x0') } },
  },
  {
    name: 'balance_of_wal',
    move: 'sui::balance::create_for_testing<wal::wal::WAL>(5)',
    type: sui.balance.Balance(wal.wal.WAL),
    value: { value: '5' },
  },
  {
    name: 'option_u32',
    move: 'option::some(7u32)',
    type: std.option.Option(bcs.u32()),
    value: 7,
  },
  {
    name: 'vec_set_of_ids',
    move: 'sui::vec_set::singleton(object::id_from_address(@0xb0b))',
    type: sui.vec_set.VecSet(sui.object.ID),
    value: { contents: [B0B] },
  },
  {
    name: 'uq64_64',
    move: 'std::uq64_64::from_int(3)',
    type: std.uq64_64.UQ64_64,
    value: { pos0: (3n << 64n).toString() },
  },
];

function hexOf(c: Case): string {
  return toHex(c.type.serialize(c.value).toBytes());
}

/**
 * A scratch package next to copies of wal and walrus: the compiler hands local paths relative to the root package,
 * so the dependencies must sit where those relative paths lead from every package (siblings do).
 */
function scratchPackage(cases: Case[]): MovePackageDir[] {
  const root = mkdtempSync(join(tmpdir(), 'bytes-check-'));
  for (const name of ['wal', 'walrus']) {
    mkdirSync(join(root, name));
    copyFileSync(join(MOVE_ROOT, name, 'Move.toml'), join(root, name, 'Move.toml'));
    cpSync(join(MOVE_ROOT, name, 'sources'), join(root, name, 'sources'), { recursive: true });
  }
  mkdirSync(join(root, 'check', 'sources'), { recursive: true });
  writeFileSync(
    join(root, 'check', 'Move.toml'),
    '[package]\nname = "BytesCheck"\nedition = "2024"\n\n[dependencies]\nWalrus = { local = "../walrus" }\n\n' +
      '[addresses]\nbytes_check = "0x0"\n',
  );
  writeFileSync(join(root, 'check', 'sources', 'check.move'), checkModule(cases));
  return ['wal', 'walrus', 'check'].map((name) => packageAt(join(root, name)));
}

function checkModule(cases: Case[]): string {
  const tests = cases.map(
    (c) => `#[test]
fun ${c.name}() {
    let mut ctx = tx_context::dummy();
    let ctx = &mut ctx;
    let value = ${c.move};
    assert!(std::bcs::to_bytes(&value) == x"${hexOf(c)}", 0);
    std::unit_test::destroy(value);
    let _ = ctx;
}`,
  );
  return `#[test_only]\nmodule bytes_check::check;\n\n${tests.join('\n\n')}\n`;
}

describe.skipIf(framework.kind !== 'local')('bytes produced by Move', () => {
  it('equal the generated encodings, and decode back to the same values', async () => {
    if (framework.kind !== 'local') return;
    const packages = scratchPackage(CASES);
    const result = await testPackage(packages[2]!, framework);
    const outcome = result.tests.map((t) => [t.name.split('::').at(-1), t.status]).sort();
    expect(outcome).toEqual(CASES.map((c) => [c.name, 'pass']).sort());

    for (const c of CASES) {
      const moveBytes = Uint8Array.from(Buffer.from(hexOf(c), 'hex'));
      expect(withoutEnumKinds(c.type.parse(moveBytes)), c.name).toEqual(c.value);
    }
  }, 120_000);

  it('a mismatching encoding fails the Move check (the check can fail)', async () => {
    if (framework.kind !== 'local') return;
    // Encode the balance as a u32 instead of a u64: the Move side must reject it.
    const wrong: Case = {
      ...CASES[4]!,
      name: 'wrong_width',
      type: bcs.struct('W', { value: bcs.u32() }),
      value: { value: 5 },
    };
    const packages = scratchPackage([wrong]);
    const result = await testPackage(packages[2]!, framework);
    expect(result.tests).toEqual([{ name: expect.stringContaining('wrong_width'), status: 'fail' }]);
  }, 120_000);
});
