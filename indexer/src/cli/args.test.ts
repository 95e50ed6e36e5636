import { describe, expect, it } from 'vitest';
import { parseCommandLine, USAGE, UsageError } from './args.ts';

const RUN = ['run', '--deployment', 'local', '--source', 'dir:x'];

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

describe('the indexer command line parser', () => {
  it('asks for the usage text on --help or -h, before checking the required flags', () => {
    expect(parseCommandLine(['--help'])).toEqual({ command: 'help' });
    expect(parseCommandLine(['-h'])).toEqual({ command: 'help' });
    expect(parseCommandLine(['run', '--help'])).toEqual({ command: 'help' });
    expect(parseCommandLine([...RUN, '--help'])).toEqual({ command: 'help' });
  });

  it('returns the raw flags of a run command', () => {
    const command = parseCommandLine([...RUN, '--from', '5', '--package', '0x1', '--package', '0x2']);
    expect(command).toMatchObject({
      command: 'run',
      raw: { deployment: 'local', source: 'dir:x', from: '5', package: ['0x1', '0x2'] },
    });
  });

  it('reports what is wrong in the message alone; the usage text is the caller’s to print', () => {
    const error = usageError([...RUN, '--bogus']);
    expect(error.message).toMatch(/^Unknown option '--bogus'/);
    expect(error.message).not.toContain('usage:');
    expect(usageError(['serve']).message).toBe('expected the command "run", got "serve"');
    expect(usageError([]).message).toBe('expected the command "run", got none');
    expect(usageError(['run', '--source', 'dir:x']).message).toBe('--deployment is required');
    expect(usageError(['run', '--deployment', 'local']).message).toBe('--source is required');
    expect(USAGE).toMatch(/^usage: indexer run /);
  });
});
