/**
 * A JWT-shaped token with the given claims and a dummy signature: enough for
 * code that reads `exp` without verifying anything.
 *
 * @example
 * ```ts
 * const token = unsignedJwt({ exp: Math.floor(Date.now() / 1000) + 60 });
 * ```
 */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}
