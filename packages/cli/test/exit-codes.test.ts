import {
  CredentialsRejectedError,
  InvalidOptionsError,
  RateLimitedError,
  TokenRequestError,
  TokenResponseError,
} from '@cloud-token/core';
import { describe, expect, it } from 'vitest';
import { CommandLineError } from '../src/command-line-error.js';
import { EXIT_CODES, exitCodeOf } from '../src/exit-codes.js';
import { StoreUnreachableError } from '../src/store-unreachable-error.js';

describe('exitCodeOf', () => {
  it.each([
    ['a usage mistake', new CommandLineError('x'), EXIT_CODES.usage],
    ['a bad option', new InvalidOptionsError('tokenUrl', 'must be a URL'), EXIT_CODES.usage],
    ['rejected credentials', new CredentialsRejectedError('invalid_client'), EXIT_CODES.rejected],
    ['a 429 cooldown', new RateLimitedError(1_000, Date.now() + 1_000), EXIT_CODES.rateLimited],
    [
      'a spent failure budget',
      new TokenRequestError('budget', 'spent', { retryAfterMs: 1 }),
      EXIT_CODES.rateLimited,
    ],
    ['a network failure', new TokenRequestError('network', 'down'), EXIT_CODES.unreachable],
    ['a wrong answer', new TokenResponseError('not JSON'), EXIT_CODES.unreachable],
    ['Redis not answering', new StoreUnreachableError('x'), EXIT_CODES.unreachable],
    ['anything else: a crash', new TypeError('bug'), EXIT_CODES.crash],
  ])('%s → %s', (_, error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  it('keeps 1 for crashes only, and one code per outcome', () => {
    expect(EXIT_CODES).toEqual({
      ok: 0,
      crash: 1,
      rejected: 2,
      rateLimited: 3,
      unreachable: 4,
      usage: 64,
    });
  });
});
