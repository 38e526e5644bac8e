import {
  CredentialsRejectedError,
  RateLimitedError,
  TokenRequestError,
  TokenResponseError,
} from '@cloud-token/core';
import { tokenRequestOutcome } from '@cloud-token/core/adapter';
import { describe, expect, it } from 'vitest';

describe('tokenRequestOutcome', () => {
  it.each([
    ['rejected', new CredentialsRejectedError('invalid_client')],
    [
      'rate_limited',
      new TokenRequestError('http', '429', { upstreamStatus: 429, retryAfterMs: 1 }),
    ],
    ['failed', new TokenRequestError('http', '503', { upstreamStatus: 503 })],
    ['failed', new TokenRequestError('timeout', 'slow')],
    ['failed', new TokenResponseError('not JSON')],
    ['failed', new RateLimitedError(1_000, 0)],
    ['failed', new Error('anything else')],
  ])('%s for %s', (outcome, error) => {
    expect(tokenRequestOutcome(error)).toBe(outcome);
  });
});
