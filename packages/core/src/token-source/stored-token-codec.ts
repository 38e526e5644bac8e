import { AccessToken } from '../shared/access-token.js';
import { isBearerTokenValue } from '../token-endpoint/token-answer.js';
import type { StoredToken } from './token-store.js';

/**
 * Turns an {@link AccessToken} into the plain record a `TokenStore` keeps.
 * `AccessToken` hides its value from `JSON.stringify` and `util.inspect` on
 * purpose, so a store never serialises one directly: this is the one place a
 * token is written out, explicitly.
 *
 * @example
 * ```ts
 * await store.writeToken(key, encodeStoredToken(token, lock.generation), lock);
 * ```
 */
export function encodeStoredToken(token: AccessToken, generation: number): StoredToken {
  return { value: token.value, type: token.type, expiresAt: token.expiresAt, generation };
}

/**
 * Turns a stored record back into an {@link AccessToken}, or `undefined`
 * when it is not a usable record (a store holding something else, a
 * non-bearer type, a value an `Authorization` header cannot carry, a missing
 * expiry). A record carries no `obtainedAt`, so the token counts as obtained
 * at `now` (its remaining life is its lifetime).
 *
 * @example
 * ```ts
 * const token = snapshot.token && decodeStoredToken(snapshot.token, clock.now());
 * ```
 */
export function decodeStoredToken(record: unknown, now: number): AccessToken | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const { value, type, expiresAt } = record as Partial<Record<keyof StoredToken, unknown>>;
  if (typeof value !== 'string' || value === '' || !isBearerTokenValue(value)) return undefined;
  if (typeof type !== 'string' || type.toLowerCase() !== 'bearer') return undefined;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
  return new AccessToken(value, { expiresAt, obtainedAt: Math.min(now, expiresAt) });
}
