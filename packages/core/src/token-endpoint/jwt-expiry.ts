const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

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
  const payload = token.split('.')[1];
  if (payload === undefined || !base64url.test(payload)) return undefined;
  let claims: unknown;
  try {
    // base64url → base64 for atob; its bytes read as UTF-8 (bad sequences become U+FFFD).
    const binary = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const exp = (claims as { exp?: unknown }).exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
  const expiresAt = exp * 1000;
  return Number.isFinite(expiresAt) ? expiresAt : undefined;
}
