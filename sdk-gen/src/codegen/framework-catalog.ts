// Layouts of the Move framework types (MoveStdlib 0x1, Sui 0x2) that our packages use or that readers of Sui data
// meet around them (dynamic fields, coins, tables). Our artifacts hold only our own bytecode, so these layouts are
// recorded here as facts of the framework (Sui v1.56; stable across releases since they are part of the on-chain
// object format). `framework-catalog.test.ts` checks them against the framework sources when those are available.
// A framework type used in a field of our structs but missing here makes generation fail with a clear message.
import type { Ability, DatatypeAbi, FieldAbi, ModuleAbi, MoveType, PackageAbi } from './abi.ts';

const u8: MoveType = { kind: 'u8' };
const u16: MoveType = { kind: 'u16' };
const u64: MoveType = { kind: 'u64' };
const u128: MoveType = { kind: 'u128' };
const bool: MoveType = { kind: 'bool' };
const address: MoveType = { kind: 'address' };
const vec = (of: MoveType): MoveType => ({ kind: 'vector', of });
const tp = (index: number): MoveType => ({ kind: 'typeParam', index });
const dt = (pkg: string, module: string, name: string, ...typeArgs: MoveType[]): MoveType => ({
  kind: 'datatype',
  ref: { pkg, module, name },
  typeArgs,
});

const UID = dt('sui', 'object', 'UID');
const ID = dt('sui', 'object', 'ID');
const utf8 = dt('std', 'string', 'String');
const ascii = dt('std', 'ascii', 'String');
const option = (t: MoveType) => dt('std', 'option', 'Option', t);

type Params = ('T' | 'phantom T')[];

function struct(name: string, abilities: Ability[], params: Params, fields: [string, MoveType][]): DatatypeAbi {
  return {
    kind: 'struct',
    name,
    abilities,
    typeParameters: params.map((p) => ({ phantom: p === 'phantom T', constraints: [] })),
    fields: fields.map(([fieldName, type]): FieldAbi => ({ name: fieldName, type })),
  };
}

/** Empty structs compile with one `dummy_field: bool`. */
const marker = (name: string, abilities: Ability[]) => struct(name, abilities, [], [['dummy_field', bool]]);

const CATALOG: Record<string, Record<string, DatatypeAbi[]>> = {
  std: {
    ascii: [struct('String', ['copy', 'drop', 'store'], [], [['bytes', vec(u8)]])],
    fixed_point32: [struct('FixedPoint32', ['copy', 'drop', 'store'], [], [['value', u64]])],
    option: [struct('Option', ['copy', 'drop', 'store'], ['T'], [['vec', vec(tp(0))]])],
    string: [struct('String', ['copy', 'drop', 'store'], [], [['bytes', vec(u8)]])],
    type_name: [struct('TypeName', ['copy', 'drop', 'store'], [], [['name', ascii]])],
    uq32_32: [struct('UQ32_32', ['copy', 'drop', 'store'], [], [['pos0', u64]])],
    uq64_64: [struct('UQ64_64', ['copy', 'drop', 'store'], [], [['pos0', u128]])],
  },
  sui: {
    bag: [
      struct(
        'Bag',
        ['key', 'store'],
        [],
        [
          ['id', UID],
          ['size', u64],
        ],
      ),
    ],
    balance: [
      struct('Balance', ['store'], ['phantom T'], [['value', u64]]),
      struct('Supply', ['store'], ['phantom T'], [['value', u64]]),
    ],
    bls12381: [
      marker('G1', []),
      marker('G2', []),
      marker('GT', []),
      marker('Scalar', []),
      marker('UncompressedG1', []),
    ],
    clock: [
      struct(
        'Clock',
        ['key'],
        [],
        [
          ['id', UID],
          ['timestamp_ms', u64],
        ],
      ),
    ],
    coin: [
      struct(
        'Coin',
        ['key', 'store'],
        ['phantom T'],
        [
          ['id', UID],
          ['balance', dt('sui', 'balance', 'Balance', tp(0))],
        ],
      ),
      struct(
        'CoinMetadata',
        ['key', 'store'],
        ['phantom T'],
        [
          ['id', UID],
          ['decimals', u8],
          ['name', utf8],
          ['symbol', ascii],
          ['description', utf8],
          ['icon_url', option(dt('sui', 'url', 'Url'))],
        ],
      ),
      struct(
        'TreasuryCap',
        ['key', 'store'],
        ['phantom T'],
        [
          ['id', UID],
          ['total_supply', dt('sui', 'balance', 'Supply', tp(0))],
        ],
      ),
    ],
    display: [
      struct(
        'Display',
        ['key', 'store'],
        ['phantom T'],
        [
          ['id', UID],
          ['fields', dt('sui', 'vec_map', 'VecMap', utf8, utf8)],
          ['version', u16],
        ],
      ),
    ],
    dynamic_field: [
      struct(
        'Field',
        ['key'],
        ['T', 'T'],
        [
          ['id', UID],
          ['name', tp(0)],
          ['value', tp(1)],
        ],
      ),
    ],
    dynamic_object_field: [struct('Wrapper', ['copy', 'drop', 'store'], ['T'], [['name', tp(0)]])],
    group_ops: [struct('Element', ['copy', 'drop', 'store'], ['phantom T'], [['bytes', vec(u8)]])],
    linked_table: [
      struct(
        'LinkedTable',
        ['key', 'store'],
        ['T', 'phantom T'],
        [
          ['id', UID],
          ['size', u64],
          ['head', option(tp(0))],
          ['tail', option(tp(0))],
        ],
      ),
      struct(
        'Node',
        ['store'],
        ['T', 'T'],
        [
          ['prev', option(tp(0))],
          ['next', option(tp(0))],
          ['value', tp(1)],
        ],
      ),
    ],
    object: [
      struct('ID', ['copy', 'drop', 'store'], [], [['bytes', address]]),
      struct('UID', ['store'], [], [['id', ID]]),
    ],
    object_bag: [
      struct(
        'ObjectBag',
        ['key', 'store'],
        [],
        [
          ['id', UID],
          ['size', u64],
        ],
      ),
    ],
    object_table: [
      struct(
        'ObjectTable',
        ['key', 'store'],
        ['phantom T', 'phantom T'],
        [
          ['id', UID],
          ['size', u64],
        ],
      ),
    ],
    package: [
      struct(
        'Publisher',
        ['key', 'store'],
        [],
        [
          ['id', UID],
          ['package', ascii],
          ['module_name', ascii],
        ],
      ),
      struct(
        'UpgradeCap',
        ['key', 'store'],
        [],
        [
          ['id', UID],
          ['package', ID],
          ['version', u64],
          ['policy', u8],
        ],
      ),
      struct(
        'UpgradeReceipt',
        [],
        [],
        [
          ['cap', ID],
          ['package', ID],
        ],
      ),
      struct(
        'UpgradeTicket',
        [],
        [],
        [
          ['cap', ID],
          ['package', ID],
          ['policy', u8],
          ['digest', vec(u8)],
        ],
      ),
    ],
    sui: [marker('SUI', ['drop'])],
    table: [
      struct(
        'Table',
        ['key', 'store'],
        ['phantom T', 'phantom T'],
        [
          ['id', UID],
          ['size', u64],
        ],
      ),
    ],
    table_vec: [struct('TableVec', ['store'], ['phantom T'], [['contents', dt('sui', 'table', 'Table', u64, tp(0))]])],
    transfer: [
      struct(
        'Receiving',
        ['drop'],
        ['phantom T'],
        [
          ['id', ID],
          ['version', u64],
        ],
      ),
    ],
    url: [struct('Url', ['copy', 'drop', 'store'], [], [['url', ascii]])],
    vec_map: [
      struct(
        'Entry',
        ['copy', 'drop', 'store'],
        ['T', 'T'],
        [
          ['key', tp(0)],
          ['value', tp(1)],
        ],
      ),
      struct(
        'VecMap',
        ['copy', 'drop', 'store'],
        ['T', 'T'],
        [['contents', vec(dt('sui', 'vec_map', 'Entry', tp(0), tp(1)))]],
      ),
    ],
    vec_set: [struct('VecSet', ['copy', 'drop', 'store'], ['T'], [['contents', vec(tp(0))]])],
    versioned: [
      struct(
        'Versioned',
        ['key', 'store'],
        [],
        [
          ['id', UID],
          ['version', u64],
        ],
      ),
    ],
  },
};

/** The framework packages as ABIs (datatypes only: their functions are not part of our SDK). */
export function frameworkPackages(): PackageAbi[] {
  return Object.entries(CATALOG).map(([alias, modules]) => ({
    alias,
    framework: true,
    modules: Object.entries(modules).map(([name, datatypes]): ModuleAbi => ({
      pkg: alias,
      name,
      datatypes,
      functions: [],
      errors: [],
    })),
  }));
}

/**
 * Framework types passed to Move calls as well-known shared objects; builders fill them in
 * (`tx.object.clock()` ...) instead of asking the caller. TxContext is supplied by the runtime and omitted.
 */
export const IMPLICIT_OBJECTS: Readonly<Record<string, string>> = {
  'sui::clock::Clock': 'clock',
  'sui::random::Random': 'random',
  'sui::deny_list::DenyList': 'denyList',
};

export const TX_CONTEXT = 'sui::tx_context::TxContext';
