import { createHash } from 'node:crypto';

/**
 * A short SHA-256 fingerprint of `parts`: enough to tell two credentials
 * apart in an identity, cache key or log line without revealing either.
 * Parts are joined with a NUL, which cannot occur in a validated secret, so
 * `['ab', 'c']` and `['a', 'bc']` differ. Sixteen hex digits (64 bits) make
 * an accidental collision between two credentials negligible.
 *
 * @example
 * ```ts
 * const key = `client_credentials:${fingerprint([clientId, secret.reveal()])}`;
 * ```
 */
export function fingerprint(parts: readonly string[]): string {
  return createHash('sha256')
    .update(['cloud-token', ...parts].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}
