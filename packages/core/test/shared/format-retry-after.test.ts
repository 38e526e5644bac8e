import { RateLimitedError, TokenRequestError } from '@cloud-token/core';
import { describe, expect, it } from 'vitest';
import { formatRetryAfter } from '../../src/shared/format-retry-after.js';

describe('formatRetryAfter', () => {
  it('rounds up to whole seconds and never says 0 while a wait remains', () => {
    expect(formatRetryAfter(1)).toBe('1');
    expect(formatRetryAfter(999)).toBe('1');
    expect(formatRetryAfter(1_000)).toBe('1');
    expect(formatRetryAfter(1_001)).toBe('2');
    expect(formatRetryAfter(120_000)).toBe('120');
    expect(formatRetryAfter(599_000.5)).toBe('600');
  });

  it('says 0 only when no wait remains', () => {
    expect(formatRetryAfter(0)).toBe('0');
    expect(formatRetryAfter(-5_000)).toBe('0');
    expect(formatRetryAfter(Number.NaN)).toBe('0');
  });

  it('writes the retry-after header of every error that knows its wait', () => {
    expect(new RateLimitedError(1, Date.now() + 1).headers['retry-after']).toBe('1');
    expect(new RateLimitedError(1_500, Date.now() + 1_500).headers['retry-after']).toBe('2');
    const failed = new TokenRequestError('http', 'The token endpoint answered 503', {
      upstreamStatus: 503,
      retryAfterMs: 30_000,
    });
    expect(failed.headers['retry-after']).toBe('30');
    expect(new TokenRequestError('network', 'down').headers['retry-after']).toBeUndefined();
  });
});
