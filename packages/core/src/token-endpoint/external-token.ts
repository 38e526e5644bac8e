import { AccessToken } from '../shared/access-token.js';
import { InvalidOptionsError, TokenResponseError } from '../shared/errors.js';
import { fingerprint } from '../token-source/fingerprint.js';
import type { ExternalTokenAnswer, ExternalTokenGrant } from '../types.js';
import { isBearerTokenValue, resolveExpiresAt } from './token-answer.js';

/**
 * A function that obtains a token the application's own way (a vault, a
 * sidecar, another service). It receives the request's `signal`; it may
 * answer the raw token or the token with its lifetime.
 *
 * @example
 * ```ts
 * const provider: ExternalTokenProvider = async ({ signal }) => {
 *   const response = await fetch('http://127.0.0.1:8200/token', { signal });
 *   const { token, ttl } = await response.json();
 *   return { accessToken: token, expiresIn: ttl };
 * };
 * ```
 */
export type ExternalTokenProvider = (options: {
  /** Aborted when the token is no longer wanted (timeout, every caller gone, `close()`); always present. */
  signal: AbortSignal;
}) => ExternalTokenAnswer | Promise<ExternalTokenAnswer>;

const providerIds = new WeakMap<ExternalTokenProvider, number>();
let providersSeen = 0;

/**
 * A grant whose token the application brings (the Aspose.HTML SDK calls this
 * external authentication): either a fixed token string, or a provider
 * function called whenever a token is needed. cloud-token supplies the rest:
 * caching, renewal before expiry, 401 handling. The lifetime is the
 * provider's `expiresAt`, else its `expiresIn`, else the token's JWT `exp`,
 * else {@link DEFAULT_TOKEN_LIFETIME_SECONDS}. Validated at once: anything but
 * a non-empty token or a function throws an {@link InvalidOptionsError}.
 * The grant's one key (`storeKey`, and `identity`, the same key named with
 * its kind) never contains the token: a fixed one is fingerprinted.
 *
 * @example
 * ```ts
 * import { createTokenSource, externalToken } from '@cloud-token/core';
 *
 * const fixed = createTokenSource(externalToken(process.env.CLOUD_ACCESS_TOKEN ?? ''));
 * const fromVault = createTokenSource(
 *   externalToken(async ({ signal }) => ({ accessToken: await vault.read('cloud', { signal }), expiresIn: 3600 })),
 * );
 * ```
 */
export function externalToken(tokenOrProvider: string | ExternalTokenProvider): ExternalTokenGrant {
  if (typeof tokenOrProvider === 'function') {
    const provider = tokenOrProvider;
    const id = providerId(provider);
    const key = fingerprint(['provider', String(id)]);
    return Object.freeze({
      kind: 'external',
      provide: async (options: { signal: AbortSignal }) => provider(options),
      identity: `external:provider:${key}`,
      storeKey: `ext1:${key}`,
      label: `external token provider #${id}`,
    });
  }
  if (typeof tokenOrProvider !== 'string' || tokenOrProvider === '') {
    throw new InvalidOptionsError(
      'tokenOrProvider',
      'must be a non-empty token string or a function that provides one',
    );
  }
  if (!isBearerTokenValue(tokenOrProvider)) {
    throw new InvalidOptionsError('tokenOrProvider', describeUnusableToken(tokenOrProvider));
  }
  const token = tokenOrProvider;
  const key = fingerprint(['token', token]);
  return Object.freeze({
    kind: 'external',
    provide: async () => token,
    identity: `external:token:${key}`,
    storeKey: `ext1:${key}`,
    label: 'external token',
  });
}

// Stable for the same function within this process; a function has no
// identity that would survive a restart.
function providerId(provider: ExternalTokenProvider): number {
  const known = providerIds.get(provider);
  if (known !== undefined) return known;
  providersSeen += 1;
  providerIds.set(provider, providersSeen);
  return providersSeen;
}

function describeUnusableToken(token: string): string {
  if (/^bearer\s/i.test(token)) return 'must be the token alone, without the "Bearer " prefix';
  return 'must be a token an Authorization header can carry (visible ASCII, no spaces)';
}

/**
 * Turns what an external provider returned into an {@link AccessToken}, or
 * throws a {@link TokenResponseError} saying what was wrong (never echoing
 * the token).
 *
 * @example
 * ```ts
 * const token = accessTokenFromExternalAnswer(await grant.provide({ signal }), clock.now());
 * ```
 */
export function accessTokenFromExternalAnswer(answer: unknown, obtainedAt: number): AccessToken {
  const fail = (problem: string): TokenResponseError =>
    new TokenResponseError(`The external token provider returned ${problem}`);
  const fields: Record<string, unknown> =
    typeof answer === 'string'
      ? { accessToken: answer }
      : typeof answer === 'object' && answer !== null
        ? (answer as Record<string, unknown>)
        : {};
  const { accessToken, expiresIn, expiresAt } = fields;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw fail('no token (expected a string or { accessToken, expiresIn?, expiresAt? })');
  }
  if (!isBearerTokenValue(accessToken)) {
    throw fail('a token an Authorization header cannot carry (visible ASCII, no spaces)');
  }
  const lifetimeMs = readLifetimeMs(expiresAt, expiresIn, obtainedAt, fail);
  const expires = resolveExpiresAt(accessToken, obtainedAt, lifetimeMs);
  if (expires === undefined || expires <= obtainedAt)
    throw fail('a token that has already expired');
  return new AccessToken(accessToken, { expiresAt: expires, obtainedAt });
}

function readLifetimeMs(
  expiresAt: unknown,
  expiresIn: unknown,
  obtainedAt: number,
  fail: (problem: string) => TokenResponseError,
): number | undefined {
  if (expiresAt !== undefined) {
    const epoch = expiresAt instanceof Date ? expiresAt.getTime() : expiresAt;
    if (typeof epoch !== 'number' || Number.isNaN(epoch)) {
      throw fail('an expiresAt that is neither epoch milliseconds nor a valid Date');
    }
    return epoch - obtainedAt;
  }
  if (expiresIn === undefined) return undefined;
  if (typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw fail('an expiresIn that is not a positive number of seconds');
  }
  return expiresIn * 1000;
}
