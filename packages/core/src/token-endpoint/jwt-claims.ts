const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Reads the claims of a JWT (its payload, the part between the first two
 * dots) without verifying anything: for showing what a token says (its
 * issuer, client id, scopes, expiry), never for deciding whether to trust
 * it. Anything that is not a JWT whose payload is a JSON object gives
 * `undefined`; it never throws. The caller must not log the token itself.
 *
 * @example
 * ```ts
 * import { readJwtClaims } from '@cloud-token/core/adapter';
 *
 * const claims = readJwtClaims(token.value);
 * console.log(claims?.iss, claims?.client_id, claims?.scope);
 * ```
 */
export function readJwtClaims(token: string): Readonly<Record<string, unknown>> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || !base64url.test(payload)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
  return claims as Record<string, unknown>;
}
