import { AccessToken } from '../shared/access-token.js';
import { isBearerTokenValue } from '../token-endpoint/token-answer.js';
import type { StoredToken } from './token-store.js';

/**
 * Turns an {@link AccessToken} into the plain record a `TokenStore` keeps,
 * its times as durations from `now` (epoch ms on the writer's clock: only
 * differences of its readings go into the record, so a writer's clock set a
 * day ahead writes the same record). `AccessToken` hides its value from
 * `JSON.stringify` and `util.inspect` on purpose, so a store never
 * serialises one directly: this is the one place a token is written out,
 * explicitly.
 *
 * @example
 * ```ts
 * await store.writeToken(key, encodeStoredToken(token, lock.generation, clock.now()), lock);
 * ```
 */
export function encodeStoredToken(
  token: AccessToken,
  generation: number,
  now: number,
): StoredToken {
  return {
    value: token.value,
    type: token.type,
    expiresInMs: token.expiresAt - now,
    ageMs: Math.max(0, now - token.obtainedAt),
    generation,
  };
}

/**
 * Turns a stored record, read at `now` (epoch ms on the reader's clock), back
 * into an {@link AccessToken}: it expires `expiresInMs` after `now` and was
 * obtained `ageMs` before it (at `now` when the record does not say). Gives
 * `undefined` when it is not a usable record (a store holding something
 * else, a non-bearer type, a value an `Authorization` header cannot carry, a
 * missing lifetime).
 *
 * @example
 * ```ts
 * const token = snapshot.token && decodeStoredToken(snapshot.token, clock.now());
 * ```
 */
export function decodeStoredToken(record: unknown, now: number): AccessToken | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const { value, type, expiresInMs, ageMs } = record as Partial<Record<keyof StoredToken, unknown>>;
  if (typeof value !== 'string' || value === '' || !isBearerTokenValue(value)) return undefined;
  if (typeof type !== 'string' || type.toLowerCase() !== 'bearer') return undefined;
  if (typeof expiresInMs !== 'number' || !Number.isFinite(expiresInMs)) return undefined;
  const age = typeof ageMs === 'number' && Number.isFinite(ageMs) && ageMs > 0 ? ageMs : 0;
  const expiresAt = now + expiresInMs;
  return new AccessToken(value, { expiresAt, obtainedAt: Math.min(now - age, expiresAt) });
}
