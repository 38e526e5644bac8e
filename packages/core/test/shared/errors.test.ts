import { CloudTokenError, isCloudTokenError, RateLimitedError } from '@cloud-token/core';
import { describe, expect, it } from 'vitest';

describe('isCloudTokenError', () => {
  it('recognises errors by brand and code', () => {
    const error = new RateLimitedError(5_000, Date.now() + 5_000);
    expect(isCloudTokenError(error)).toBe(true);
    expect(isCloudTokenError(error, 'ERR_RATE_LIMITED')).toBe(true);
    expect(isCloudTokenError(error, 'ERR_USAGE')).toBe(false);
    expect(isCloudTokenError(new Error('x'))).toBe(false);
    expect(error.headers['retry-after']).toBe('5');
    expect(error.status).toBe(503);
    expect(error).toBeInstanceOf(CloudTokenError);
  });
});
