// Every generated call builder against its function's ABI, read from the committed bytecode: each builder is run
// in an offline Transaction with placeholder arguments of the right kind, and the MoveCall it adds is compared
// with what the ABI says (target, type arguments, and per parameter: object input, pure input with the
// parameter's BCS bytes, an earlier command's result, or the well-known shared object). The expectations are
// derived here from the ABI, not from the generator's own parameter classification.
import { bcs, type BcsType } from '@mysten/sui/bcs';
import { Transaction, type TransactionResult } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import type { FunctionAbi, ModuleAbi, MoveType } from './codegen/abi.ts';
import { readGeneratorInput, readPackages } from './codegen/generate.ts';
import { camelCase } from './codegen/names.ts';
import { wal, walrus } from './generated/index.ts';
import { REPO_ROOT } from './move/workspace.ts';
import { normalizeMoveArguments } from './runtime/move-call.ts';

type Builder = (options: {
  package: string;
  arguments: unknown[];
  typeArguments: string[];
}) => (tx: Transaction) => TransactionResult;

const GENERATED: Record<string, Record<string, Record<string, unknown>>> = { wal, walrus };
/** A placeholder package id per package, so a builder calling the wrong package shows. */
const PACKAGE_IDS: Record<string, string> = {
  wal: normalizeSuiAddress('0xa1'),
  walrus: normalizeSuiAddress('0xb2'),
};
const MODULES: ModuleAbi[] = readPackages(readGeneratorInput(REPO_ROOT)).flatMap((p) => p.modules);

const SHARED_OBJECTS: Record<string, string> = {
  'sui::clock::Clock': normalizeSuiAddress('0x6'),
  'sui::random::Random': normalizeSuiAddress('0x8'),
  'sui::deny_list::DenyList': normalizeSuiAddress('0x403'),
};

/** What a parameter must turn into, from its Move type alone. */
type Expected =
  | { kind: 'context' }
  | { kind: 'shared'; objectId: string }
  | { kind: 'object' }
  | { kind: 'pure'; bcs: BcsType<any, any>; sample: (i: number) => unknown }
  | { kind: 'result' };

interface PureShape {
  bcs: BcsType<any, any>;
  sample: (i: number) => unknown;
}

/** BCS and a placeholder value for a type a transaction can pass as a pure input; undefined otherwise. */
function pureShape(type: MoveType): PureShape | undefined {
  switch (type.kind) {
    case 'bool':
      return { bcs: bcs.bool(), sample: (i) => i % 2 === 0 };
    case 'u8':
      return { bcs: bcs.u8(), sample: (i) => 10 + i };
    case 'u16':
      return { bcs: bcs.u16(), sample: (i) => 300 + i };
    case 'u32':
      return { bcs: bcs.u32(), sample: (i) => 70_000 + i };
    case 'u64':
      return { bcs: bcs.u64(), sample: (i) => 5_000_000_000n + BigInt(i) };
    case 'u128':
      return { bcs: bcs.u128(), sample: (i) => (1n << 100n) + BigInt(i) };
    case 'u256':
      return { bcs: bcs.u256(), sample: (i) => (1n << 200n) + BigInt(i) };
    case 'address':
      return { bcs: bcs.Address, sample: (i) => normalizeSuiAddress(`0xad${i}`) };
    case 'vector': {
      const inner = pureShape(type.of);
      return inner && { bcs: bcs.vector(inner.bcs), sample: (i) => [inner.sample(i), inner.sample(i + 1)] };
    }
    case 'reference':
      return pureShape(type.to);
    case 'datatype': {
      const key = `${type.ref.pkg}::${type.ref.module}::${type.ref.name}`;
      if (key === 'std::string::String' || key === 'std::ascii::String') {
        return { bcs: bcs.string(), sample: (i) => `text-${i}` };
      }
      if (key === 'sui::object::ID') return { bcs: bcs.Address, sample: (i) => normalizeSuiAddress(`0x1d${i}`) };
      if (key === 'std::option::Option') {
        const inner = pureShape(type.typeArgs[0]!);
        return inner && { bcs: bcs.option(inner.bcs), sample: inner.sample };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function expectedParameter(type: MoveType, fn: FunctionAbi): Expected {
  const inner = type.kind === 'reference' ? type.to : type;
  if (inner.kind === 'datatype') {
    const key = `${inner.ref.pkg}::${inner.ref.module}::${inner.ref.name}`;
    if (key === 'sui::tx_context::TxContext') return { kind: 'context' };
    const shared = SHARED_OBJECTS[key];
    if (shared !== undefined) return { kind: 'shared', objectId: shared };
  }
  const pure = pureShape(type);
  if (pure !== undefined) return { kind: 'pure', ...pure };
  if (inner.kind === 'datatype' && inner.key === true) return { kind: 'object' };
  if (inner.kind === 'typeParam' && fn.typeParameters[inner.index]!.constraints.includes('key')) {
    return { kind: 'object' };
  }
  return { kind: 'result' };
}

/** Functions a transaction can call: public or entry, returning no reference. */
function callable(module: ModuleAbi): FunctionAbi[] {
  return module.functions
    .filter((f) => f.visibility === 'public' || f.isEntry)
    .filter((f) => f.returns.every((r) => r.kind !== 'reference'));
}

const objectIdFor = (i: number) => normalizeSuiAddress(`0x0b${i.toString().padStart(2, '0')}`);
const typeArgumentFor = (i: number) => `${normalizeSuiAddress(`0x7${i}`)}::placeholder::T${i}`;

/**
 * Runs `builder` in a fresh offline Transaction with placeholder arguments for `fn` and lists every way the
 * MoveCall it adds differs from `fn`'s ABI (empty when it matches).
 */
function builderProblems(pkg: string, module: string, fn: FunctionAbi, builder: Builder): string[] {
  const problems: string[] = [];
  const params = fn.parameters.map((t) => expectedParameter(t, fn));
  const tx = new Transaction();
  // One earlier command per parameter that must be a result, so each result argument is identifiable.
  const supplied: unknown[] = [];
  const resultIndex = new Map<number, number>();
  params.forEach((p, i) => {
    if (p.kind === 'context' || p.kind === 'shared') return;
    if (p.kind === 'object') supplied.push(objectIdFor(i));
    else if (p.kind === 'pure') supplied.push(p.sample(i));
    else {
      resultIndex.set(i, resultIndex.size);
      supplied.push(tx.moveCall({ target: `0x0::placeholder::value${i}` }));
    }
  });
  const typeArguments = fn.typeParameters.map((_, i) => typeArgumentFor(i));
  try {
    tx.add(builder({ package: PACKAGE_IDS[pkg]!, arguments: supplied, typeArguments }));
  } catch (err) {
    return [`building failed: ${err instanceof Error ? err.message : String(err)}`];
  }
  const { commands, inputs } = tx.getData();
  if (commands.length !== resultIndex.size + 1) {
    return [`added ${commands.length - resultIndex.size} commands instead of one`];
  }
  const call = commands.at(-1)!.MoveCall;
  if (!call) return [`added a ${commands.at(-1)!.$kind} command, not a MoveCall`];
  const target = `${call.package}::${call.module}::${call.function}`;
  const wanted = `${PACKAGE_IDS[pkg]}::${module}::${fn.name}`;
  if (target !== wanted) problems.push(`target ${target}, expected ${wanted}`);
  if (JSON.stringify(call.typeArguments) !== JSON.stringify(typeArguments)) {
    problems.push(`type arguments ${JSON.stringify(call.typeArguments)}, expected ${JSON.stringify(typeArguments)}`);
  }
  const passed = params.map((p, i) => ({ p, i })).filter(({ p }) => p.kind !== 'context');
  if (call.arguments.length !== passed.length) {
    problems.push(`${call.arguments.length} arguments, expected ${passed.length}`);
    return problems;
  }
  passed.forEach(({ p, i }, position) => {
    const arg = call.arguments[position]!;
    const at = `parameter ${i}`;
    if (p.kind === 'result') {
      const want = resultIndex.get(i);
      if (arg.$kind !== 'Result' || arg.Result !== want) {
        problems.push(`${at}: ${JSON.stringify(arg)}, expected the result of command ${want}`);
      }
      return;
    }
    if (arg.$kind !== 'Input') {
      problems.push(`${at}: a ${arg.$kind} argument, expected an input (${p.kind})`);
      return;
    }
    const input = inputs[arg.Input]!;
    if (p.kind === 'pure') {
      const want = [...p.bcs.serialize(p.sample(i)).toBytes()];
      const got = input.Pure ? [...fromBase64(input.Pure.bytes)] : undefined;
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        problems.push(
          `${at}: ${input.$kind} ${JSON.stringify(got)}, expected pure ${p.bcs.name} ${JSON.stringify(want)}`,
        );
      }
      return;
    }
    const objectId = input.UnresolvedObject?.objectId ?? input.Object?.SharedObject?.objectId;
    const want = p.kind === 'shared' ? p.objectId : objectIdFor(i);
    if (input.Pure !== undefined || objectId !== want) {
      problems.push(`${at}: ${input.$kind} ${objectId ?? ''}, expected the object ${want}`);
    }
  });
  // A parameter that only a command can supply must refuse a plain id (it was not mistaken for an object).
  for (const i of resultIndex.keys()) {
    const withId = [...supplied];
    withId[passedIndex(params, i)] = objectIdFor(i);
    try {
      new Transaction().add(builder({ package: PACKAGE_IDS[pkg]!, arguments: withId, typeArguments }));
      problems.push(`parameter ${i}: accepted an object id where only a command's result can go`);
    } catch (err) {
      if (!/must be a transaction argument/.test(String(err))) problems.push(`parameter ${i}: ${String(err)}`);
    }
  }
  return problems;
}

/** Position of parameter `i` among the caller-supplied arguments (TxContext and shared objects are not supplied). */
function passedIndex(params: Expected[], i: number): number {
  return params.slice(0, i).filter((p) => p.kind !== 'context' && p.kind !== 'shared').length;
}

interface SweepCase {
  name: string;
  pkg: string;
  module: string;
  fn: FunctionAbi;
}

const SWEEP: SweepCase[] = MODULES.flatMap((m) =>
  callable(m).map((fn) => ({ name: `${m.pkg}::${m.name}::${fn.name}`, pkg: m.pkg, module: m.name, fn })),
);

describe('every generated call builder', () => {
  it('exists exactly for the public and entry functions that return no reference', () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (const m of MODULES) {
      const exports = GENERATED[m.pkg]![m.name]!;
      const builders = new Set(callable(m).map((f) => camelCase(f.name)));
      for (const name of builders) if (typeof exports[name] !== 'function') missing.push(`${m.pkg}::${m.name}.${name}`);
      // Generic datatypes are exported as functions of their type arguments; everything else is a builder.
      const datatypes = new Set(m.datatypes.map((d) => d.name));
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value === 'function' && !datatypes.has(name) && !builders.has(name)) {
          extra.push(`${m.pkg}::${m.name}.${name}`);
        }
      }
    }
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(SWEEP.length).toBeGreaterThan(100);
  });

  it.each(SWEEP)('$name builds the call its bytecode ABI describes', ({ pkg, module, fn }) => {
    const builder = GENERATED[pkg]![module]![camelCase(fn.name)] as Builder;
    expect(builderProblems(pkg, module, fn, builder)).toEqual([]);
  });

  it('the sweep covers every kind of parameter', () => {
    const kinds = new Set(SWEEP.flatMap(({ fn }) => fn.parameters.map((t) => expectedParameter(t, fn).kind)));
    expect([...kinds].sort()).toEqual(['context', 'object', 'pure', 'result', 'shared']);
    expect(SWEEP.some(({ fn }) => fn.typeParameters.length > 0)).toBe(true);
  });
});

describe('the builder check', () => {
  const reserveSpace = SWEEP.find((c) => c.name === 'walrus::system::reserve_space')!;
  const driftedBuilder =
    (target: string, parameters: Parameters<typeof normalizeMoveArguments>[2]['parameters'], typeArgs = false) =>
    (options: { package: string; arguments: unknown[]; typeArguments: string[] }) =>
    (tx: Transaction) =>
      tx.moveCall({
        target: `${options.package}::${target}`,
        arguments: normalizeMoveArguments(tx, options.arguments, {
          function: target,
          parameters,
          names: parameters.filter((p) => p.kind !== 'implicit').map((_, i) => `a${i}`),
        }),
        typeArguments: typeArgs ? options.typeArguments : [],
      });

  it('accepts the generated builder', () => {
    expect(reserveSpace.fn.parameters).toHaveLength(5); // self, storage_amount, epochs_ahead, payment, ctx
    const builder = walrus.system.reserveSpace as unknown as Builder;
    expect(builderProblems('walrus', 'system', reserveSpace.fn, builder)).toEqual([]);
  });

  it('reports a pure parameter encoded with the wrong width', () => {
    const drifted = driftedBuilder('system::reserve_space', [
      { kind: 'object' },
      { kind: 'pure', bcs: bcs.u32() },
      { kind: 'pure', bcs: bcs.u32() },
      { kind: 'object' },
    ]);
    // The u64 placeholder does not fit a u32: the drifted builder throws, and the check says so.
    expect(builderProblems('walrus', 'system', reserveSpace.fn, drifted)).toEqual([
      expect.stringMatching(/^building failed: .*argument a1 is not a valid u32/),
    ]);
  });

  it('reports a wrong target, a missing argument and an object passed as pure', () => {
    const drifted = driftedBuilder('system::reserve_space_for_epochs', [
      { kind: 'pure', bcs: bcs.Address },
      { kind: 'pure', bcs: bcs.u64() },
      { kind: 'pure', bcs: bcs.u32() },
    ]);
    const problems = builderProblems('walrus', 'system', reserveSpace.fn, (options) =>
      drifted({ ...options, arguments: options.arguments.slice(0, 3) }),
    );
    expect(problems).toEqual([
      expect.stringContaining(
        'target 0x00000000000000000000000000000000000000000000000000000000000000b2::system::reserve_space_for_epochs',
      ),
      '3 arguments, expected 4',
    ]);
    const asPure = driftedBuilder('system::reserve_space', [
      { kind: 'pure', bcs: bcs.Address },
      { kind: 'pure', bcs: bcs.u64() },
      { kind: 'pure', bcs: bcs.u32() },
      { kind: 'object' },
    ]);
    expect(builderProblems('walrus', 'system', reserveSpace.fn, asPure)).toEqual([
      expect.stringMatching(/^parameter 0: Pure .*expected the object 0x0*b00$/),
    ]);
  });

  it('reports dropped type arguments and a result parameter taken for an object', () => {
    const fieldNew = SWEEP.find((c) => c.name === 'walrus::extended_field::new')!;
    expect(fieldNew.fn.typeParameters).toHaveLength(1);
    const drifted = driftedBuilder('extended_field::new', [{ kind: 'object' }, { kind: 'implicit', object: 'clock' }]);
    const problems = builderProblems('walrus', 'extended_field', fieldNew.fn, (options) =>
      drifted({ ...options, arguments: options.arguments.slice(0, 1) }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^type arguments \[\], expected \["0x0*70::placeholder::T0"\]$/),
      '2 arguments, expected 1',
    ]);
    const asObject = driftedBuilder('extended_field::new', [{ kind: 'object' }], true);
    expect(builderProblems('walrus', 'extended_field', fieldNew.fn, asObject)).toEqual([
      "parameter 0: accepted an object id where only a command's result can go",
    ]);
  });
});
