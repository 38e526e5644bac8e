import { readJwtClaims } from './jwt-claims.js';

/**
 * Reads the `exp` claim of a JWT as epoch milliseconds, without verifying
 * anything: the token stays opaque for authorization, and its `exp` is only
 * a fallback lifetime when the token endpoint sends no `expires_in`.
 * Anything that is not a JWT with a positive numeric `exp` gives `undefined`;
 * it never throws.
 *
 * @example
 * ```ts
 * const expiresAt = readJwtExpiry(answer.access_token) ?? Date.now() + 300_000;
 * ```
 */
export function readJwtExpiry(token: string): number | undefined {
  const exp = readJwtClaims(token)?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
  const expiresAt = exp * 1000;
  return Number.isFinite(expiresAt) ? expiresAt : undefined;
}
