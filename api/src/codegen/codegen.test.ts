import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILE, generateFromSdl } from './generate-resolver-types.ts';

describe('the generated resolver types', () => {
  it('are up to date with the SDL (run node api/src/codegen/generate-resolver-types.ts after a schema change)', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(generateFromSdl());
  });

  it('map nullable fields to optional results and arguments with defaults to required values', () => {
    const source = generateFromSdl();
    expect(source).toContain("blob: { args: { objectId: string; }; result: Parents['Blob'] | null | undefined };");
    expect(source).toContain(
      "committeeHistory: { args: { last: number | null; }; result: ReadonlyArray<Parents['CommitteeMember']> };",
    );
    expect(source).toContain(
      "export type BlobObjectStatus = 'REGISTERED' | 'CERTIFIED' | 'DELETED' | 'EXPIRED' | 'BURNED';",
    );
  });
});
