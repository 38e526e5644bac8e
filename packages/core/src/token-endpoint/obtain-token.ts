import type { AccessToken } from '../shared/access-token.js';
import type { Clock } from '../shared/clock.js';
import { isCloudTokenError, TokenRequestError } from '../shared/errors.js';
import type { ExternalTokenGrant, FetchLike, Grant } from '../types.js';
import { accessTokenFromExternalAnswer } from './external-token.js';
import { requestToken } from './request-token.js';
import { runTokenAttempt } from './run-token-attempt.js';

/**
 * What obtaining one token needs besides the grant.
 *
 * @example
 * ```ts
 * const options: ObtainTokenOptions = { fetch: globalThis.fetch, clock: systemClock, timeoutMs: 10_000, signal };
 * ```
 */
export interface ObtainTokenOptions {
  fetch: FetchLike;
  clock: Clock;
  /** Milliseconds the token endpoint, or the external provider, may take. */
  timeoutMs: number;
  /** Aborts the attempt; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Obtains one token for `grant`, whichever kind it is: one token request
 * for client credentials, one provider call for an external token. Either
 * way it resolves an {@link AccessToken} or rejects with a typed error (or
 * the caller's `signal.reason`), within `timeoutMs`:
 * - a provider that throws or rejects → `TokenRequestError('network')` with
 *   the provider's error as `cause`, so the token source retries it like any
 *   transient failure (a cloud-token error it throws is passed on as is);
 * - a provider slower than `timeoutMs` → `TokenRequestError('timeout')`;
 * - a provider answering something unusable → `TokenResponseError`.
 *
 * @example
 * ```ts
 * const token = await obtainToken(grant, { fetch, clock: systemClock, timeoutMs: 10_000, signal });
 * ```
 */
export function obtainToken(grant: Grant, options: ObtainTokenOptions): Promise<AccessToken> {
  if (grant.kind === 'client_credentials') return requestToken(grant, options);
  return runTokenAttempt(
    (signal) => askProvider(grant, options.clock, signal),
    options,
    'The external token provider',
  );
}

async function askProvider(
  grant: ExternalTokenGrant,
  clock: Clock,
  signal: AbortSignal,
): Promise<AccessToken> {
  let answer: unknown;
  try {
    answer = await grant.provide({ signal });
  } catch (error) {
    if (isCloudTokenError(error)) throw error;
    throw new TokenRequestError('network', 'The external token provider failed', { cause: error });
  }
  return accessTokenFromExternalAnswer(answer, clock.now());
}
