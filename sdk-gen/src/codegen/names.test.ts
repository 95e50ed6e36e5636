import { describe, expect, it } from 'vitest';
import { camelCase, jsdoc, pascalCase, str } from './names.ts';

describe('generated names', () => {
  it('turn snake_case Move names into camelCase builders and PascalCase option types', () => {
    expect(camelCase('register_blob')).toBe('registerBlob');
    expect(camelCase('initiate_epoch_change_v2')).toBe('initiateEpochChangeV2');
    expect(pascalCase('register_blob')).toBe('RegisterBlob');
  });

  it('prefix reserved words and drop the leading underscore of unused parameters', () => {
    expect(camelCase('new')).toBe('_new');
    expect(camelCase('delete')).toBe('_delete');
    expect(camelCase('_ctx')).toBe('ctx');
  });

  it('quote strings and doc comments safely', () => {
    expect(str("it's\n")).toBe("'it\\'s\\n'");
    expect(jsdoc('ends */ early')).toBe('/** ends *\\/ early */\n');
    expect(jsdoc(undefined)).toBe('');
  });
});
