import { isCloudTokenError } from '../index.js';

/**
 * What `action` throws; throws itself (failing the test) when `action`
 * returns instead.
 *
 * @example
 * ```ts
 * import { thrownBy } from '@cloud-token/core/testing';
 *
 * const error = thrownBy(() => createTokenSourcePool({ maxSize: 0 }));
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
 * The option named by the `InvalidOptionsError` that `build` throws; throws
 * (failing the test) when `build` throws anything else, or nothing.
 *
 * @example
 * ```ts
 * import { invalidOptionOf } from '@cloud-token/core/testing';
 *
 * expect(invalidOptionOf(() => memoryTokenStore({ maxEntries: 0 }))).toBe('maxEntries');
 * ```
 */
export function invalidOptionOf(build: () => unknown): string {
  const error = thrownBy(build);
  if (!isCloudTokenError(error, 'ERR_INVALID_OPTIONS')) {
    throw new Error(`expected an InvalidOptionsError, got ${describeThrown(error)}`);
  }
  return error.option;
}

function describeThrown(error: unknown): string {
  return isCloudTokenError(error) ? error.code : error instanceof Error ? error.name : typeof error;
}
