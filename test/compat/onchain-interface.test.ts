// Proves that our compiled `wal` and `walrus` packages expose the on-chain interface of the deployed Walrus contracts
// (spec-interface.ts, transcribed from WALRUS-ONCHAIN.md): module names, every public function signature (Appendix C),
// the 22 event layouts (section 2), the object layouts (section 3) and the abort codes (Appendix A). What the project
// has not built yet is listed once, in NOT_YET_IMPLEMENTED; it may be absent but never present and wrong.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CompiledModule, readArtifactModules, readSourceErrorConstants } from './compiled-interface.ts';
import {
  NOT_YET_IMPLEMENTED,
  type PackageName,
  SPEC_ABORT_CODES,
  SPEC_EVENT_ABILITIES,
  SPEC_EVENT_MODULE,
  SPEC_EVENTS,
  SPEC_FUNCTIONS,
  SPEC_LAYOUTS,
  SPEC_MODULES,
  type SpecLayout,
  TYPE_HOMES,
} from './spec-interface.ts';
import {
  type CanonicalSignature,
  canonicalSpecType,
  parseSpecSignature,
  renderSignature,
  sortAbilities,
} from './type-text.ts';

const repositoryPath = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

const PACKAGES: Readonly<Record<PackageName, Map<string, CompiledModule>>> = {
  wal: readArtifactModules(repositoryPath('move/artifacts/wal.json')),
  walrus: readArtifactModules(repositoryPath('move/artifacts/walrus.json')),
};
const SOURCE_ERROR_CONSTANTS = [
  ...readSourceErrorConstants(repositoryPath('move/wal/sources')),
  ...readSourceErrorConstants(repositoryPath('move/walrus/sources')),
];

const isModuleNotYetImplemented = (pkg: PackageName, module: string): boolean =>
  NOT_YET_IMPLEMENTED.some((entry) => entry.kind === 'module' && entry.package === pkg && entry.module === module);
const isFunctionNotYetImplemented = (pkg: PackageName, module: string, name: string): boolean =>
  isModuleNotYetImplemented(pkg, module) ||
  NOT_YET_IMPLEMENTED.some(
    (entry) => entry.kind === 'function' && entry.package === pkg && entry.module === module && entry.name === name,
  );
const isAbortCodeNotYetImplemented = (module: string, name: string): boolean =>
  isModuleNotYetImplemented('walrus', module) ||
  NOT_YET_IMPLEMENTED.some((entry) => entry.kind === 'abortCode' && entry.module === module && entry.name === name);

const canonicalField = (field: string, typeParameters: readonly string[] = []): string => {
  const colon = field.indexOf(':');
  if (colon < 0) throw new Error(`Spec field "${field}" has no type; fix it in test/compat/spec-interface.ts.`);
  return `${field.slice(0, colon).trim()}: ${canonicalSpecType(field.slice(colon + 1).trim(), TYPE_HOMES, typeParameters)}`;
};

const sameSignature = (a: CanonicalSignature, b: CanonicalSignature): boolean =>
  renderSignature(a) === renderSignature(b);

describe('module names (section 1.1)', () => {
  for (const pkg of ['wal', 'walrus'] as const) {
    it(`the ${pkg} package has exactly the spec's modules, apart from those not yet implemented`, () => {
      const expected = SPEC_MODULES[pkg].filter((module) => !isModuleNotYetImplemented(pkg, module)).sort();
      const actual = [...PACKAGES[pkg].keys()].filter((module) => !isModuleNotYetImplemented(pkg, module)).sort();
      expect({
        missing: expected.filter((m) => !actual.includes(m)),
        unexpected: actual.filter((m) => !expected.includes(m)),
      }).toEqual({
        missing: [],
        unexpected: [],
      });
    });
  }
});

describe('public functions (Appendix C)', () => {
  for (const spec of SPEC_FUNCTIONS) {
    it(`${spec.package}::${spec.module} exposes every Appendix C function with its exact signature`, (context) => {
      const compiled = PACKAGES[spec.package].get(spec.module);
      if (compiled === undefined && isModuleNotYetImplemented(spec.package, spec.module)) context.skip();
      const mismatches: string[] = [];
      for (const text of spec.functions) {
        const expected = parseSpecSignature(text, TYPE_HOMES);
        const actual = compiled?.functions.get(expected.name);
        const notYetImplemented = isFunctionNotYetImplemented(spec.package, spec.module, expected.name);
        if (actual === undefined) {
          if (!notYetImplemented) mismatches.push(`missing: ${renderSignature(expected)}`);
        } else if (!sameSignature(expected, actual)) {
          mismatches.push(`${expected.name}: expected ${renderSignature(expected)} | found ${renderSignature(actual)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  for (const pkg of ['wal', 'walrus'] as const) {
    it(`the ${pkg} package exposes no public or entry function beyond Appendix C`, () => {
      const extra: string[] = [];
      for (const [moduleName, compiled] of PACKAGES[pkg]) {
        const specNames = new Set(
          (SPEC_FUNCTIONS.find((spec) => spec.package === pkg && spec.module === moduleName)?.functions ?? []).map(
            (text) => parseSpecSignature(text, TYPE_HOMES).name,
          ),
        );
        for (const signature of compiled.functions.values()) {
          const exposed = signature.visibility !== 'package' && signature.visibility !== 'private';
          if (exposed && !specNames.has(signature.name)) extra.push(`${moduleName}: ${renderSignature(signature)}`);
        }
      }
      expect(extra).toEqual([]);
    });
  }
});

describe('events (section 2)', () => {
  const eventsModule = PACKAGES.walrus.get(SPEC_EVENT_MODULE);

  for (const event of SPEC_EVENTS) {
    it(`events::${event.name} has copy + drop, no type parameters and the spec's fields in order`, () => {
      const actual = eventsModule?.datatypes.get(event.name);
      expect(actual, `walrus::events::${event.name} is not declared`).toBeDefined();
      expect({
        kind: actual?.kind,
        abilities: actual?.abilities,
        typeParameters: actual?.phantomTypeParameters.length,
        fields: actual?.fields,
      }).toEqual({
        kind: 'struct',
        abilities: sortAbilities(SPEC_EVENT_ABILITIES),
        typeParameters: 0,
        fields: event.fields.map((field) => canonicalField(field)),
      });
    });
  }

  it('the events module declares no datatype other than the 22 events', () => {
    const specNames = new Set(SPEC_EVENTS.map((event) => event.name));
    expect([...(eventsModule?.datatypes.keys() ?? [])].filter((name) => !specNames.has(name))).toEqual([]);
  });

  it('no module other than events calls sui::event::emit', () => {
    const emitters = [...PACKAGES.wal.values(), ...PACKAGES.walrus.values()]
      .filter((module) => module.emitsEvents)
      .map((module) => module.name);
    expect(emitters).toEqual([SPEC_EVENT_MODULE]);
  });
});

describe('object layouts (section 3)', () => {
  const describeLayout = (layout: SpecLayout): string =>
    layout.kind === 'struct' ? 'fields in order' : 'variants and variant fields in order';

  for (const layout of SPEC_LAYOUTS) {
    it(`${layout.package}::${layout.module}::${layout.name} has the spec's abilities and ${describeLayout(layout)}`, (context) => {
      const compiled = PACKAGES[layout.package].get(layout.module);
      if (compiled === undefined && isModuleNotYetImplemented(layout.package, layout.module)) context.skip();
      const actual = compiled?.datatypes.get(layout.name);
      expect(actual, `${layout.package}::${layout.module}::${layout.name} is not declared`).toBeDefined();
      const phantoms = layout.phantomTypeParameters ?? [];
      const typeParameterNames = phantoms.length === 1 ? ['T'] : phantoms.map((_, index) => `T${index}`);
      expect({
        kind: actual?.kind,
        abilities: layout.abilities === undefined ? 'not specified' : actual?.abilities,
        phantomTypeParameters: actual?.phantomTypeParameters,
        fields: actual?.fields,
        variants: actual?.variants,
      }).toEqual({
        kind: layout.kind,
        abilities: layout.abilities === undefined ? 'not specified' : sortAbilities(layout.abilities),
        phantomTypeParameters: phantoms,
        fields: layout.kind === 'struct' ? layout.fields.map((field) => canonicalField(field, typeParameterNames)) : [],
        variants:
          layout.kind === 'enum'
            ? layout.variants.map((variant) => ({
                name: variant.name,
                fields: variant.fields.map((field) => canonicalField(field, typeParameterNames)),
              }))
            : [],
      });
    });
  }
});

describe('abort codes (Appendix A)', () => {
  const compiledWalrusModules = new Set(PACKAGES.walrus.keys());

  it('every error constant named in Appendix A is a u64 with the spec value', () => {
    const wrong = SOURCE_ERROR_CONSTANTS.flatMap((constant) => {
      const expected = SPEC_ABORT_CODES[constant.module]?.[constant.name];
      if (expected === undefined) return [];
      if (constant.type !== 'u64' || constant.value !== String(expected)) {
        return [
          `${constant.module}::${constant.name}: expected u64 = ${expected} | found ${constant.type} = ${constant.value}`,
        ];
      }
      return [];
    });
    expect(wrong).toEqual([]);
  });

  it('no module declares an error constant that Appendix A does not list for it', () => {
    const unlisted = SOURCE_ERROR_CONSTANTS.filter(
      (constant) => SPEC_ABORT_CODES[constant.module]?.[constant.name] === undefined,
    ).map((constant) => `${constant.module}::${constant.name} = ${constant.value}`);
    expect(unlisted).toEqual([]);
  });

  it('every Appendix A error constant is declared, apart from those not yet implemented', () => {
    const missing = Object.entries(SPEC_ABORT_CODES).flatMap(([module, codes]) =>
      Object.entries(codes)
        .filter(([name]) => !isAbortCodeNotYetImplemented(module, name))
        .filter(([name]) => !SOURCE_ERROR_CONSTANTS.some((c) => c.module === module && c.name === name))
        .map(
          ([name, value]) =>
            `${module}::${name} = ${value}${compiledWalrusModules.has(module) ? '' : ' (module absent)'}`,
        ),
    );
    expect(missing).toEqual([]);
  });
});

describe('NOT_YET_IMPLEMENTED is an honest record', () => {
  it('names only things the spec defines', () => {
    const unknown = NOT_YET_IMPLEMENTED.filter((entry) => {
      if (entry.kind === 'module') return !SPEC_MODULES[entry.package].includes(entry.module);
      if (entry.kind === 'abortCode') return SPEC_ABORT_CODES[entry.module]?.[entry.name] === undefined;
      const spec = SPEC_FUNCTIONS.find((s) => s.package === entry.package && s.module === entry.module);
      return !(spec?.functions ?? []).some((text) => parseSpecSignature(text, TYPE_HOMES).name === entry.name);
    });
    expect(unknown).toEqual([]);
  });

  it('lists only things that are really absent from our packages', () => {
    const present = NOT_YET_IMPLEMENTED.filter((entry) => {
      if (entry.kind === 'module') return PACKAGES[entry.package].has(entry.module);
      if (entry.kind === 'function')
        return PACKAGES[entry.package].get(entry.module)?.functions.has(entry.name) ?? false;
      return SOURCE_ERROR_CONSTANTS.some(
        (constant) => constant.module === entry.module && constant.name === entry.name,
      );
    }).map(
      (entry) =>
        `${entry.kind} ${entry.module}${entry.kind === 'module' ? '' : `::${entry.name}`} is present: remove it from NOT_YET_IMPLEMENTED`,
    );
    expect(present).toEqual([]);
  });
});
