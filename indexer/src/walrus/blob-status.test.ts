import { describe, expect, it } from 'vitest';
import { effectiveBlobStatus } from './blob-status.ts';

describe('effectiveBlobStatus', () => {
  it('expires a registered or certified blob once the current epoch reaches its end epoch', () => {
    expect(effectiveBlobStatus('registered', 5, 4)).toBe('registered');
    expect(effectiveBlobStatus('certified', 5, 4)).toBe('certified');
    expect(effectiveBlobStatus('registered', 5, 5)).toBe('expired');
    expect(effectiveBlobStatus('certified', 5, 9)).toBe('expired');
  });

  it('keeps deleted and burned objects as they are, expired or not', () => {
    expect(effectiveBlobStatus('deleted', 5, 9)).toBe('deleted');
    expect(effectiveBlobStatus('burned', 5, 9)).toBe('burned');
    expect(effectiveBlobStatus('burned', 5, 1)).toBe('burned');
  });

  it('expires nothing before the first epoch is known', () => {
    expect(effectiveBlobStatus('certified', 0, null)).toBe('certified');
  });
});
