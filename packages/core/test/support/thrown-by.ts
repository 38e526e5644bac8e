import { type InvalidOptionsError, isCloudTokenError } from '@cloud-token/core';
import { expect } from 'vitest';

/**
 * What `action` throws; fails the test when it returns instead.
 *
 * @example
 * ```ts
 * const error = thrownBy(() => createTokenSourcePool({ maxSize: 0 } as never));
 * expect(isCloudTokenError(error, 'ERR_INVALID_OPTIONS')).toBe(true);
 * ```
 */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/**
 * The option named by the `InvalidOptionsError` that `build` throws; fails
 * the test when it throws anything else, or nothing.
 *
 * @example
 * ```ts
 * expect(invalidOptionOf(() => createCallPolicy({}))).toBe('baseUrl');
 * ```
 */
export function invalidOptionOf(build: () => unknown): string {
  const error = thrownBy(build);
  expect(isCloudTokenError(error, 'ERR_INVALID_OPTIONS')).toBe(true);
  return (error as InvalidOptionsError).option;
}
