import { hmacSha256Hex } from '../shared/hmac-sha256.js';

let processKey: Uint8Array | undefined;

/**
 * A short keyed fingerprint of `parts` (HMAC-SHA256 under a random key made
 * once per process): enough to tell two external tokens (or providers) apart
 * in a grant's key, and useless for guessing a token offline, since nobody
 * outside this process knows the key. Stable within the process, different
 * in the next one. Parts are joined with a NUL, which cannot occur in a
 * validated secret, so `['ab', 'c']` and `['a', 'bc']` differ. Sixteen hex
 * digits (64 bits) make an accidental collision negligible. The key is made
 * on first use, from Web Crypto's `getRandomValues`, which Cloudflare Workers
 * allow inside a request only: there, make external-token grants in a request.
 *
 * @example
 * ```ts
 * const storeKey = `ext1:${fingerprint(['token', token])}`;
 * ```
 */
export function fingerprint(parts: readonly string[]): string {
  processKey ??= globalThis.crypto.getRandomValues(new Uint8Array(32));
  return hmacSha256Hex(processKey, parts.join('\u0000')).slice(0, 16);
}
