import { createHmac, randomBytes } from 'node:crypto';

let processKey: Buffer | undefined;

/**
 * A short keyed fingerprint of `parts` (HMAC-SHA256 under a random key made
 * once per process): enough to tell two external tokens (or providers) apart
 * in a grant's key, and useless for guessing a token offline, since nobody
 * outside this process knows the key. Stable within the process, different
 * in the next one. Parts are joined with a NUL, which cannot occur in a
 * validated secret, so `['ab', 'c']` and `['a', 'bc']` differ. Sixteen hex
 * digits (64 bits) make an accidental collision negligible.
 *
 * @example
 * ```ts
 * const storeKey = `ext1:${fingerprint(['token', token])}`;
 * ```
 */
export function fingerprint(parts: readonly string[]): string {
  processKey ??= randomBytes(32);
  return createHmac('sha256', processKey).update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
