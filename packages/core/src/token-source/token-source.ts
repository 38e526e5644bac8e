import { createTokenRejections } from '../call/token-rejections.js';
import { abortable } from '../shared/abortable.js';
import type { AccessToken } from '../shared/access-token.js';
import { steadyNow } from '../shared/clock.js';
import type { ClientLabel } from '../shared/diagnostics.js';
import { InvalidOptionsError, UsageError } from '../shared/errors.js';
import { safeLogger } from '../shared/safe-logger.js';
import type {
  GetTokenOptions,
  Grant,
  RequestContext,
  TokenSource,
  TokenSourceStatus,
} from '../types.js';
import { EndpointGuard } from './endpoint-guard.js';
import { KeepWarm } from './keep-warm.js';
import { defaultTokenStore } from './memory-token-store.js';
import { attachSourceState } from './source-state.js';
import { connectStore, storeFailed } from './store-connection.js';
import { shortStoreKey } from './store-key.js';
import { TokenAcquisition } from './token-acquisition.js';
import { TokenCache } from './token-cache.js';
import {
  resolveTokenSourceOptions,
  type TokenSourceOptions,
  type TokenSourcePolicies,
} from './token-source-options.js';
import type { GuardUpdate } from './token-store.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

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
 * The token and the guard's state are also kept in a {@link TokenStore} per
 * credential (`store`; by default one memory store per process): a cached
 * `getToken()` never touches it; an acquisition reads it once (adopting a
 * usable token, honouring a rejection or cooldown recorded by an earlier
 * source of the same credentials), takes its renewal lock so one holder of
 * the credentials requests at a time, and writes the new token. A store that
 * fails is skipped: the source works locally. Renewal is triggered by use
 * unless `keepWarm` is set.
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
  const { clock } = settings;
  const log = safeLogger(settings.logger);
  const { identity, label, storeKey: key } = grant;
  // Who this source is in diagnostics events: secret-free, the same in every process.
  const who: ClientLabel = Object.freeze({
    client: label,
    storeKey: shortStoreKey(key),
    serverAddress: grant.kind === 'client_credentials' ? grant.tokenUrl.hostname : 'external',
  });
  // Nothing here may hold an I/O object (a controller, a timer) between calls: on
  // Cloudflare Workers a source made at module scope serves every request of the
  // isolate, and one request may not touch another's. Each acquisition makes its own.
  const store = connectStore({
    store: settings.store ?? defaultTokenStore(clock),
    clock,
    timeoutMs: settings.storeTimeoutMs,
    log,
    label: who,
    key,
  });
  const guard = new EndpointGuard({
    client: label,
    clock,
    log,
    random: settings.random,
    policies: settings,
    persist: async (update) => {
      const held = await store.updateGuard(update, guardRecordTtl(update, settings));
      return held === storeFailed ? undefined : held;
    },
    label: who,
  });
  const cache = new TokenCache(settings, settings.random);
  // What the calls on this source (every adapter) remember about refused tokens.
  const rejections = createTokenRejections();
  const acquisition = new TokenAcquisition({
    grant,
    settings,
    who,
    log,
    store,
    guard,
    cache,
    onAdopted: (entry) => keepWarm?.adopted(entry),
  });
  const keepWarm = settings.keepWarm
    ? new KeepWarm({
        clock,
        guard,
        cache,
        acquisition,
        log,
        client: label,
        retryDelayMs: settings.retry.maxDelayMs,
      })
    : undefined;

  /** The cached entry if usable, with the background renewal started once its window opened. */
  function usableEntry(context: RequestContext | undefined) {
    const now = clock.now();
    const current = cache.usable(now);
    if (current !== undefined && now >= current.renewAt) acquisition.renewInBackground(context);
    return current;
  }

  const source = {
    identity,
    label,
    baseUrl: grant.kind === 'client_credentials' ? grant.baseUrl : undefined,

    getToken(options?: GetTokenOptions): Promise<AccessToken> {
      if (acquisition.closed) return Promise.reject(closedError());
      const context = options?.context;
      if (context !== undefined && keepWarm !== undefined) return Promise.reject(keepWarmRefused());
      const current = usableEntry(context);
      if (current !== undefined) return current.settled;
      const signal = options?.signal;
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (!acquisition.running) {
        const steady = steadyNow(clock);
        const refusal = guard.refusal(steady);
        // Refused: fail fast, unless it is time to look whether the store lifted the refusal.
        if (refusal !== undefined && !acquisition.shouldRecheck(steady)) {
          return Promise.reject(refusal);
        }
      }
      const shared = acquisition.acquire(context);
      return signal === undefined ? shared : abortable(shared, signal);
    },

    invalidate(token: AccessToken | string): boolean {
      const value =
        typeof token === 'string' ? token : (token as Partial<AccessToken> | null)?.value;
      if (!cache.invalidate(value)) return false;
      log.debug('token invalidated', { client: label });
      return true;
    },

    peek(): AccessToken | undefined {
      return cache.usable(clock.now())?.token;
    },

    status(): TokenSourceStatus {
      const current = cache.entry;
      const steady = steadyNow(clock);
      const now = clock.now();
      const cooldown = guard.cooldown(steady);
      const paused = rejections.pausedUntil > steady;
      return {
        hasUsableToken: cache.usable(now) !== undefined,
        expiresAt: current?.token.expiresAt,
        renewAt: current?.renewAt,
        cooldownUntil: cooldown === undefined ? undefined : now + (cooldown.until - steady),
        reason: cooldown?.reason,
        unauthorizedUntil: paused ? now + (rejections.pausedUntil - steady) : undefined,
        store: store.mode(),
      };
    },

    close(): void {
      if (acquisition.closed) return;
      cache.clear();
      keepWarm?.stop();
      acquisition.close(
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
  attachSourceState(source, {
    log,
    clock,
    rejections,
    // A closed source has an empty cache: its calls go on to getToken() and its error.
    usableToken: () => usableEntry(undefined)?.token,
  });
  return source;
}

/**
 * How long a guard record must live in the store: past its latest deadline,
 * and a rejection's by a whole `rejectionCooldownMs`, so the count of
 * rejections in a row is still there when the next re-probe is rejected.
 */
function guardRecordTtl(update: GuardUpdate, policies: TokenSourcePolicies): number {
  const longest = Math.max(
    (update.rejectedForMs ?? 0) + policies.rejectionCooldownMs,
    update.rateLimitedForMs ?? 0,
    update.failed === true ? policies.failureBudget.windowMs : 0,
    policies.rejectionCooldownMs,
  );
  return Math.max(1, Math.ceil(longest));
}

function closedError(): UsageError {
  return new UsageError('This token source is closed; create a new one');
}

function keepWarmRefused(): UsageError {
  return new UsageError(
    'keepWarm needs a timer that outlives requests, which a runtime that ends work with its request (a call with a request context: Cloudflare Workers) does not allow. Drop keepWarm: a request that finds the renewal window open already renews in the background, under waitUntil',
  );
}

function checkGrant(grant: unknown): asserts grant is Grant {
  const candidate = grant as Partial<Grant> | null;
  const known = candidate?.kind === 'client_credentials' || candidate?.kind === 'external';
  if (
    typeof grant !== 'object' ||
    !known ||
    typeof candidate?.identity !== 'string' ||
    typeof candidate.label !== 'string' ||
    typeof candidate.storeKey !== 'string'
  ) {
    throw new InvalidOptionsError('grant', 'must come from clientCredentials() or externalToken()');
  }
}
