import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from './deployment.ts';
import { explainAbort, explainMoveAbort, GENERATED_ERRORS, parseMoveAbort, type ErrorCatalog } from './errors.ts';

const WALRUS_V1 = normalizeSuiAddress('0x111');
const WALRUS_V2 = normalizeSuiAddress('0x222');
const deployment = parseDeployment({
  network: 'localnet',
  walPackageId: '0x333',
  walrusPackageIds: [WALRUS_V1, WALRUS_V2],
  systemObjectId: '0x444',
  stakingObjectId: '0x555',
});

/** A catalog shaped like the generated one, so these tests do not depend on which walrus modules exist yet. */
const catalog: ErrorCatalog = {
  tables: {
    'walrus::blob': {
      4: { name: 'EInvalidBlobId', doc: 'The blob id does not match its metadata.' },
      7: { name: 'EResourceBounds' },
    },
  },
  modules: { wal: ['wal'], walrus: ['blob'] },
};

const NODE_ERROR =
  'MoveAbort(MoveLocation { module: ModuleId { address: 0000000000000000000000000000000000000000000000000000000000000222, ' +
  'name: Identifier("blob") }, function: 5, instruction: 20, function_name: Some("register_blob") }, 4) in command 1';

describe('Move abort explanation', () => {
  it('parses the location and code of a node error', () => {
    expect(parseMoveAbort(NODE_ERROR)).toEqual({
      address: WALRUS_V2,
      module: 'blob',
      function: 'register_blob',
      code: 4n,
    });
    expect(parseMoveAbort('InsufficientGas')).toBeUndefined();
  });

  it('names the error constant of an abort raised by any package id of the walrus lineage', () => {
    const explained = explainMoveAbort(new Error(NODE_ERROR), deployment, catalog);
    expect(explained).toMatchObject({ packageAlias: 'walrus', name: 'EInvalidBlobId', code: 4n });
    expect(explained?.message).toBe(
      'walrus::blob::register_blob aborted with EInvalidBlobId (4): The blob id does not match its metadata.',
    );
    expect(explainAbort({ address: WALRUS_V1, module: 'blob', code: 7n }, deployment, catalog).name).toBe(
      'EResourceBounds',
    );
  });

  it('reads the structured ExecutionError of @mysten/sui clients', () => {
    const executionError = {
      $kind: 'MoveAbort',
      message: 'aborted',
      command: 1,
      MoveAbort: {
        abortCode: '7',
        location: { package: WALRUS_V1, module: 'blob', function: 3, functionName: 'extend' },
      },
    };
    expect(explainMoveAbort(executionError, deployment, catalog)).toMatchObject({
      function: 'extend',
      name: 'EResourceBounds',
      message: 'walrus::blob::extend aborted with EResourceBounds (7)',
    });
    expect(explainMoveAbort({ $kind: 'Unknown', Unknown: null, message: 'x' }, deployment, catalog)).toBeUndefined();
  });

  it('finds the package by module name when no deployment is given', () => {
    expect(explainAbort({ module: 'blob', code: 4n }, undefined, catalog).name).toBe('EInvalidBlobId');
  });

  it('says so when the code is not an error constant of the module', () => {
    const explained = explainAbort({ module: 'blob', code: 99n }, undefined, catalog);
    expect(explained.name).toBeUndefined();
    expect(explained.message).toBe('walrus::blob aborted with code 99, which is not an error constant of the module');
  });

  it('does not claim aborts of packages outside the deployment', () => {
    const foreign = explainAbort({ address: '0x999', module: 'blob', code: 4n }, deployment, catalog);
    expect(foreign.packageAlias).toBeUndefined();
    expect(foreign.message).toContain('(not a module of our packages)');
  });

  it('explains real walrus aborts with the generated tables (codes as in spec Appendix A)', () => {
    expect(explainAbort({ module: 'blob', code: 6n }).name).toBe('EInvalidBlobId');
    expect(explainAbort({ module: 'bls_aggregate', code: 2n }).name).toBe('ENotEnoughStake');
    expect(explainMoveAbort(NODE_ERROR.replace('}, 4)', '}, 1)'), deployment)?.message).toMatch(
      /^walrus::blob::register_blob aborted with EBlobNotDeletable \(1\): /,
    );
  });

  it('has a generated table for every module of our packages', () => {
    for (const [alias, modules] of Object.entries(GENERATED_ERRORS.modules)) {
      for (const module of modules)
        expect(GENERATED_ERRORS.tables[`${alias}::${module}`], `${alias}::${module}`).toBeDefined();
    }
  });
});
