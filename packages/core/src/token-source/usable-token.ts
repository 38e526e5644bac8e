import type { AccessToken } from '../shared/access-token.js';
import type { TokenSource } from '../types.js';
import { sourceState } from './source-state.js';

/**
 * The token `source.getToken()` would resolve to now, read without a
 * promise: the cached token of a source `createTokenSource` made (starting
 * the background renewal once its window opened, as `getToken()` would).
 * `undefined` when only `getToken()` can tell: no usable token, a closed
 * source, a source of the application's own. A call that finds one goes on
 * at once instead of awaiting a settled promise.
 *
 * @example
 * ```ts
 * const token = usableToken(source) ?? (await source.getToken({ signal }));
 * headers.set('authorization', token.authorization);
 * ```
 */
export function usableToken(source: TokenSource): AccessToken | undefined {
  return sourceState(source).usableToken?.();
}
