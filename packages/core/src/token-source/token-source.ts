import { abortable } from '../shared/abortable.js';
import type { AccessToken } from '../shared/access-token.js';
import { InvalidOptionsError, isCloudTokenError, UsageError } from '../shared/errors.js';
import { safeLogger } from '../shared/safe-logger.js';
import { obtainToken } from '../token-endpoint/obtain-token.js';
import type { GetTokenOptions, Grant, TokenSource } from '../types.js';
import { EndpointGuard } from './endpoint-guard.js';
import { renewalWindow } from './renewal-window.js';
import { resolveTokenSourceOptions, type TokenSourceOptions } from './token-source-options.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** The cached token with the moments the source acts on. */
interface CachedToken {
  readonly token: AccessToken;
  /** Handed to every caller on the hot path, so serving a cached token allocates nothing. */
  readonly settled: Promise<AccessToken>;
  readonly renewAt: number;
  readonly unusableAt: number;
}

/**
 * Creates a {@link TokenSource} for `grant`: it caches the token, serves it
 * without any work until its renewal window, then renews it once in the
 * background while still serving it, and makes callers wait only when no
 * usable token is left. Any number of concurrent callers share one token
 * request. Every request goes through the endpoint guard: rejected
 * credentials, a 429 cooldown or a spent failure budget make callers fail
 * fast with a typed error instead of sending another request. Options are
 * validated here, synchronously (`InvalidOptionsError`); unknown keys are
 * rejected.
 *
 * @example
 * ```ts
 * import { clientCredentials, createTokenSource } from '@cloud-token/core';
 *
 * const source = createTokenSource(
 *   clientCredentials({
 *     tokenUrl: 'https://api.aspose.cloud/connect/token',
 *     clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *     clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   }),
 *   { logger: console },
 * );
 * const token = await source.getToken();
 * const response = await fetch(url, { headers: { authorization: token.authorization } });
 * if (response.status === 401) source.invalidate(token);
 * // on shutdown:
 * source.close();
 * ```
 */
export function createTokenSource(grant: Grant, options?: TokenSourceOptions): TokenSource {
  checkGrant(grant);
  const settings = resolveTokenSourceOptions(options);
  const { clock, fetch, timeoutMs, random } = settings;
  const log = safeLogger(settings.logger);
  const { identity, label } = grant;
  const guard = new EndpointGuard({ client: label, clock, log, random, policies: settings });
  // Aborted by close(): stops the shared request and its backoff timers.
  const lifetime = new AbortController();
  let cached: CachedToken | undefined;
  let acquisition: Promise<AccessToken> | undefined;

  const request = (signal: AbortSignal): Promise<AccessToken> =>
    obtainToken(grant, { fetch, clock, timeoutMs, signal });

  function adopt(token: AccessToken): void {
    const { renewAt, unusableAt } = renewalWindow(token, settings, random);
    cached = { token, settled: Promise.resolve(token), renewAt, unusableAt };
  }

  /** The one shared acquisition: joins the running one or starts it. */
  function acquire(): Promise<AccessToken> {
    if (acquisition !== undefined) return acquisition;
    const started = abortable(guard.run(request, lifetime.signal), lifetime.signal).then(
      (token) => {
        acquisition = undefined;
        // A close() that raced the answer wins: nothing is cached after it.
        if (!lifetime.signal.aborted) adopt(token);
        return token;
      },
      (error: unknown) => {
        acquisition = undefined;
        throw error;
      },
    );
    acquisition = started;
    return started;
  }

  function renewInBackground(now: number, current: CachedToken): void {
    // While the guard refuses, the current token is simply served: no request,
    // no error object, no log line per call.
    if (acquisition !== undefined || !guard.allows(now)) return;
    acquire().catch((error: unknown) => {
      if (lifetime.signal.aborted) return;
      log.warn('background renewal failed; serving the current token', {
        client: label,
        code: isCloudTokenError(error) ? error.code : 'unknown',
        unusableAt: new Date(current.unusableAt).toISOString(),
      });
    });
  }

  const source = {
    identity,

    getToken(options?: GetTokenOptions): Promise<AccessToken> {
      if (lifetime.signal.aborted) return Promise.reject(closedError());
      const now = clock.now();
      const current = cached;
      if (current !== undefined && now < current.unusableAt) {
        if (now >= current.renewAt) renewInBackground(now, current);
        return current.settled;
      }
      const signal = options?.signal;
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (acquisition === undefined) {
        const refusal = guard.refusal(now);
        if (refusal !== undefined) return Promise.reject(refusal);
      }
      const shared = acquire();
      return signal === undefined ? shared : abortable(shared, signal);
    },

    invalidate(token: AccessToken | string): boolean {
      const value =
        typeof token === 'string' ? token : (token as Partial<AccessToken> | null)?.value;
      if (cached === undefined || cached.token.value !== value) return false;
      cached = undefined;
      log.debug('token invalidated', { client: label });
      return true;
    },

    peek(): AccessToken | undefined {
      const current = cached;
      return current !== undefined && clock.now() < current.unusableAt ? current.token : undefined;
    },

    close(): void {
      if (lifetime.signal.aborted) return;
      cached = undefined;
      lifetime.abort(
        new UsageError('The token source was closed while this call waited for a token'),
      );
      log.debug('token source closed', { client: label });
    },

    toJSON(): Record<string, unknown> {
      return { label };
    },

    [inspectSymbol](): string {
      return `TokenSource { label: ${JSON.stringify(label)} }`;
    },
  };
  return source;
}

function closedError(): UsageError {
  return new UsageError('This token source is closed; create a new one');
}

function checkGrant(grant: unknown): asserts grant is Grant {
  const candidate = grant as Partial<Grant> | null;
  const known = candidate?.kind === 'client_credentials' || candidate?.kind === 'external';
  if (
    typeof grant !== 'object' ||
    !known ||
    typeof candidate?.identity !== 'string' ||
    typeof candidate.label !== 'string'
  ) {
    throw new InvalidOptionsError('grant', 'must come from clientCredentials() or externalToken()');
  }
}
