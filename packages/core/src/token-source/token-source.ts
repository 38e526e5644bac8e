import { abortable } from '../shared/abortable.js';
import type { AccessToken } from '../shared/access-token.js';
import { type Clock, steadyNow, type TimerHandle } from '../shared/clock.js';
import {
  type ClientLabel,
  publish,
  type RenewalReason,
  type TokenRenewedEvent,
  traceTokenRequest,
} from '../shared/diagnostics.js';
import { InvalidOptionsError, isCloudTokenError, UsageError } from '../shared/errors.js';
import { safeLogger } from '../shared/safe-logger.js';
import { registerSourceLog } from '../shared/source-log.js';
import { obtainToken } from '../token-endpoint/obtain-token.js';
import { MIN_TOKEN_LIFETIME_SECONDS } from '../token-endpoint/token-answer.js';
import type { GetTokenOptions, Grant, TokenSource, TokenSourceStatus } from '../types.js';
import { EndpointGuard } from './endpoint-guard.js';
import { defaultTokenStore } from './memory-token-store.js';
import { renewalWindow } from './renewal-window.js';
import { connectStore, type StoreFailed, storeFailed } from './store-connection.js';
import { shortStoreKey } from './store-key.js';
import { decodeStoredToken, encodeStoredToken } from './stored-token-codec.js';
import {
  resolveTokenSourceOptions,
  type TokenSourceOptions,
  type TokenSourcePolicies,
} from './token-source-options.js';
import type { GuardUpdate, StoreLock, StoreSnapshot } from './token-store.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** The cached token with the moments the source acts on. */
interface CachedToken {
  readonly token: AccessToken;
  /** Handed to every caller on the hot path, so serving a cached token allocates nothing. */
  readonly settled: Promise<AccessToken>;
  readonly renewAt: number;
  readonly unusableAt: number;
  /** Where it came from: a token request of this source, or the store. */
  readonly from: 'token endpoint' | 'store';
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
  const { clock, fetch, timeoutMs, random, retry, keepWarm } = settings;
  const log = safeLogger(settings.logger);
  const { identity, label, storeKey: key } = grant;
  // Who this source is in diagnostics events: secret-free, the same in every process.
  const who: ClientLabel = Object.freeze({
    client: label,
    storeKey: shortStoreKey(key),
    serverAddress: grant.kind === 'client_credentials' ? grant.tokenUrl.hostname : 'external',
  });
  // Aborted by close(): stops the shared request, its backoff timers and store waits.
  const lifetime = new AbortController();
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
    random,
    policies: settings,
    persist: (update) => store.updateGuard(update, guardRecordTtl(update, settings, clock)),
    label: who,
  });
  // The renewal lock outlives the longest acquisition: every attempt timing
  // out, with the longest backoff between them, and a margin.
  const lockTtlMs = timeoutMs * retry.attempts + retry.maxDelayMs * (retry.attempts - 1) + 1_000;
  let cached: CachedToken | undefined;
  let acquisition: Promise<AccessToken> | undefined;
  /** The value last invalidated: never adopted again from the store. */
  let refusedValue: string | undefined;
  let warmTimer: TimerHandle | undefined;
  /** Why the running acquisition started, for diagnostics events. */
  let reason: RenewalReason = 'initial';
  /** Whether this source ever held a token: the first acquisition is `initial`. */
  let everHeld = false;

  const request = (signal: AbortSignal, attempt: number): Promise<AccessToken> =>
    traceTokenRequest(
      () => ({ ...who, reason, attempt }),
      () => obtainToken(grant, { fetch, clock, timeoutMs, signal }),
    );

  /**
   * The cache entry of `token`. One we obtained ourselves is believed for at
   * least MIN_TOKEN_LIFETIME_SECONDS (so a tiny or lying lifetime cannot
   * turn every call into a token request); one adopted from the store only
   * for its own life (so a stale stored token is never adopted again and again).
   */
  function windowOf(token: AccessToken, believeMinimum = true): CachedToken {
    const { obtainedAt } = token;
    const expiresAt = believeMinimum
      ? Math.max(token.expiresAt, obtainedAt + MIN_TOKEN_LIFETIME_SECONDS * 1000)
      : token.expiresAt;
    const { renewAt, unusableAt } = renewalWindow({ obtainedAt, expiresAt }, settings, random);
    const from = believeMinimum ? 'token endpoint' : 'store';
    return { token, settled: Promise.resolve(token), renewAt, unusableAt, from };
  }

  function adopt(next: CachedToken, why: RenewalReason): void {
    const previousExpiresAt = cached?.token.expiresAt;
    cached = next;
    everHeld = true;
    const event = (): TokenRenewedEvent => ({
      ...who,
      reason: why,
      previousExpiresAt,
      expiresAt: next.token.expiresAt,
      from: next.from,
    });
    publish.tokenRenewed(event);
    if (settings.onTokenRenewed !== undefined) callSafely(settings.onTokenRenewed, event());
    // One line per adopted token, saying why: a first token and a renewal read differently.
    log.info(why === 'initial' ? 'token adopted' : 'token renewed', {
      client: label,
      reason: why,
      from: next.from,
      expiresAt: new Date(next.token.expiresAt).toISOString(),
    });
    if (keepWarm) scheduleWarm(next.renewAt - clock.now());
  }

  /** The stored token when it is usable now and newer than ours, as a cache entry. */
  function usableStored(snapshot: StoreSnapshot | undefined): CachedToken | undefined {
    const record = snapshot?.token;
    if (record === undefined) return undefined;
    const now = clock.now();
    const token = decodeStoredToken(record, now);
    if (token === undefined || token.value === refusedValue) return undefined;
    const current = cached;
    if (current !== undefined && token.expiresAt <= current.token.expiresAt) return undefined;
    const entry = windowOf(token, false);
    return now < entry.unusableAt ? entry : undefined;
  }

  /**
   * One acquisition, through the store: adopt a usable stored token; else
   * take the renewal lock and request the token under the guard; else wait
   * for the holder's token. Any store failure falls back to the local path.
   */
  async function obtain(signal: AbortSignal): Promise<CachedToken> {
    const snapshot = await store.read();
    if (snapshot === storeFailed) return windowOf(await guard.run(request, signal));
    const stored = settledBy(snapshot);
    if (stored !== undefined) return stored;
    const lock = await store.acquireLock(lockTtlMs);
    if (lock === storeFailed) return windowOf(await guard.run(request, signal));
    if (lock !== undefined) return renewUnderLock(lock, signal);
    const adopted = await waitForHolder(signal);
    return adopted === storeFailed ? windowOf(await guard.run(request, signal)) : adopted;
  }

  async function renewUnderLock(lock: StoreLock, signal: AbortSignal): Promise<CachedToken> {
    try {
      const settled = await lookAgain();
      if (settled !== undefined) return settled;
      const token = await guard.run(request, signal);
      const written = await store.writeToken(encodeStoredToken(token, lock.generation), lock);
      if (written === false) {
        // A newer token is stored (another holder after our lock expired): use it.
        const again = await store.read();
        const stored = again === storeFailed ? undefined : usableStored(again);
        if (stored !== undefined) return stored;
      }
      return windowOf(token);
    } finally {
      void store.releaseLock(lock);
    }
  }

  /**
   * The new holder of a shared store's lock reads the store once more before
   * it requests: a process descheduled between its first read and its lock
   * request may be granted the lock a previous holder released after writing
   * its token, or after recording a rejection or a cooldown. The stored
   * token is adopted, a refusal thrown, without a request. A local store is
   * not re-read: in one process the single-flight already covers this.
   */
  async function lookAgain(): Promise<CachedToken | undefined> {
    if (store.mode() !== 'shared') return undefined;
    const snapshot = await store.read();
    return snapshot === storeFailed ? undefined : settledBy(snapshot);
  }

  /**
   * What a store snapshot settles: its guard state merged, then its usable
   * token adopted, or the guard's refusal thrown; `undefined` when a token
   * request may go out.
   */
  function settledBy(snapshot: StoreSnapshot): CachedToken | undefined {
    guard.merge(snapshot.guard);
    const stored = usableStored(snapshot);
    if (stored !== undefined) return stored;
    const refusal = guard.refusal(steadyNow(clock));
    if (refusal !== undefined) throw refusal;
    return undefined;
  }

  /**
   * Another process holds the renewal lock: re-read on a jittered poll of at
   * most 250 ms (sooner when the store wakes us) until its token appears
   * (adopted), the guard refuses (thrown), or the lock is free again: its
   * holder released it without a token (it failed) or its TTL passed; then
   * this source takes it and requests the token itself.
   */
  async function waitForHolder(signal: AbortSignal): Promise<CachedToken | StoreFailed> {
    const waker = store.subscribe();
    try {
      for (;;) {
        await waker.wait(POLL_MIN_MS + random() * (POLL_MAX_MS - POLL_MIN_MS), signal);
        const snapshot = await store.read();
        if (snapshot === storeFailed) return storeFailed;
        const stored = settledBy(snapshot);
        if (stored !== undefined) return stored;
        const lock = await store.acquireLock(lockTtlMs);
        if (lock === storeFailed) return storeFailed;
        if (lock !== undefined) return renewUnderLock(lock, signal);
      }
    } finally {
      waker.close();
    }
  }

  /** The one shared acquisition: joins the running one or starts it. */
  function acquire(proactive = false): Promise<AccessToken> {
    if (acquisition !== undefined) return acquisition;
    const why: RenewalReason = !everHeld ? 'initial' : proactive ? 'proactive' : 'reactive';
    reason = why;
    const started = abortable(obtain(lifetime.signal), lifetime.signal).then(
      (entry) => {
        acquisition = undefined;
        // A close() that raced the answer wins: nothing is cached after it.
        if (!lifetime.signal.aborted) adopt(entry, why);
        return entry.token;
      },
      (error: unknown) => {
        acquisition = undefined;
        if (settings.onError !== undefined && !lifetime.signal.aborted) {
          callSafely(settings.onError, error);
        }
        throw error;
      },
    );
    acquisition = started;
    return started;
  }

  function renewInBackground(current: CachedToken | undefined): void {
    // While the guard refuses, the current token is simply served: no request,
    // no error object, no log line per call.
    if (acquisition !== undefined || !guard.allows(steadyNow(clock))) return;
    acquire(current !== undefined && clock.now() < current.unusableAt).catch((error: unknown) => {
      if (lifetime.signal.aborted) return;
      log.warn('background renewal failed; serving the current token', {
        client: label,
        code: isCloudTokenError(error) ? error.code : 'unknown',
        ...(current === undefined
          ? {}
          : { unusableAt: new Date(current.unusableAt).toISOString() }),
      });
    });
  }

  /** keepWarm: an idle (unref'd) timer renews when the window opens, or when a cooldown ends. */
  function scheduleWarm(delayMs: number): void {
    if (warmTimer !== undefined) clock.clearTimeout(warmTimer);
    warmTimer = clock.setTimeout(warm, Math.min(MAX_TIMER_MS, Math.max(0, delayMs)), {
      unref: true,
    });
  }

  function warm(): void {
    warmTimer = undefined;
    if (lifetime.signal.aborted) return;
    const now = steadyNow(clock);
    const cooldown = guard.cooldown(now);
    if (cooldown !== undefined) {
      scheduleWarm(cooldown.until - now);
      return;
    }
    if (acquisition !== undefined) return;
    const current = cached;
    if (current !== undefined && clock.now() < current.renewAt) {
      scheduleWarm(current.renewAt - clock.now());
      return;
    }
    acquire(current !== undefined && clock.now() < current.unusableAt).catch((error: unknown) => {
      if (lifetime.signal.aborted) return;
      log.warn('keep-warm renewal failed', {
        client: label,
        code: isCloudTokenError(error) ? error.code : 'unknown',
      });
      // Try again once the guard allows, or after the backoff cap.
      const later = guard.cooldown(steadyNow(clock));
      scheduleWarm(later === undefined ? retry.maxDelayMs : later.until - steadyNow(clock));
    });
  }

  const source = {
    identity,
    label,
    baseUrl: grant.kind === 'client_credentials' ? grant.baseUrl : undefined,

    getToken(options?: GetTokenOptions): Promise<AccessToken> {
      if (lifetime.signal.aborted) return Promise.reject(closedError());
      const now = clock.now();
      const current = cached;
      if (current !== undefined && now < current.unusableAt) {
        if (now >= current.renewAt) renewInBackground(current);
        return current.settled;
      }
      const signal = options?.signal;
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (acquisition === undefined) {
        const refusal = guard.refusal(steadyNow(clock));
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
      refusedValue = value;
      log.debug('token invalidated', { client: label });
      return true;
    },

    peek(): AccessToken | undefined {
      const current = cached;
      return current !== undefined && clock.now() < current.unusableAt ? current.token : undefined;
    },

    status(): TokenSourceStatus {
      const current = cached;
      const steady = steadyNow(clock);
      const cooldown = guard.cooldown(steady);
      return {
        hasUsableToken: current !== undefined && clock.now() < current.unusableAt,
        expiresAt: current?.token.expiresAt,
        renewAt: current?.renewAt,
        cooldownUntil: cooldown === undefined ? undefined : clock.now() + (cooldown.until - steady),
        reason: cooldown?.reason,
        store: store.mode(),
      };
    },

    close(): void {
      if (lifetime.signal.aborted) return;
      cached = undefined;
      if (warmTimer !== undefined) clock.clearTimeout(warmTimer);
      warmTimer = undefined;
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
  registerSourceLog(source, log);
  return source;
}

const POLL_MIN_MS = 125;
const POLL_MAX_MS = 250;
/** The longest delay a timer accepts. */
const MAX_TIMER_MS = 2_147_483_647;

/** How long a guard record must live in the store: until its latest deadline. */
function guardRecordTtl(update: GuardUpdate, policies: TokenSourcePolicies, clock: Clock): number {
  const now = steadyNow(clock);
  const latest = Math.max(
    update.rejectedUntil ?? 0,
    update.rateLimitedUntil ?? 0,
    update.failureAt === undefined ? 0 : update.failureAt + policies.failureBudget.windowMs,
    now + policies.rejectionCooldownMs,
  );
  return Math.max(1, Math.ceil(latest - now));
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
    typeof candidate.label !== 'string' ||
    typeof candidate.storeKey !== 'string'
  ) {
    throw new InvalidOptionsError('grant', 'must come from clientCredentials() or externalToken()');
  }
}

/** Calls an application's callback; what it throws is its own business, never the caller's. */
function callSafely<T>(callback: (value: T) => void, value: T): void {
  try {
    callback(value);
  } catch {
    // Deliberately ignored: a callback must not turn a good token into a failed call.
  }
}
