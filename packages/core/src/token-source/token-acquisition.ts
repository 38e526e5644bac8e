import { abortable } from '../shared/abortable.js';
import type { AccessToken } from '../shared/access-token.js';
import { steadyNow } from '../shared/clock.js';
import {
  type ClientLabel,
  publish,
  type RenewalReason,
  type TokenRenewedEvent,
  traceTokenRequest,
} from '../shared/diagnostics.js';
import { isCloudTokenError } from '../shared/errors.js';
import type { CompleteLogger } from '../shared/safe-logger.js';
import { obtainToken } from '../token-endpoint/obtain-token.js';
import type { Grant } from '../types.js';
import type { EndpointGuard } from './endpoint-guard.js';
import { type StoreConnection, type StoreFailed, storeFailed } from './store-connection.js';
import { encodeStoredToken } from './stored-token-codec.js';
import type { CachedToken, TokenCache } from './token-cache.js';
import type { ResolvedTokenSourceOptions } from './token-source-options.js';
import type { StoreLock, StoreSnapshot } from './token-store.js';

/**
 * What a {@link TokenAcquisition} works with: the grant and the settings of
 * its source, who it is in events, and the parts it drives.
 *
 * @example
 * ```ts
 * const options: TokenAcquisitionOptions = { grant, settings, who, log, store, guard, cache, lifetime: controller.signal };
 * ```
 */
export interface TokenAcquisitionOptions {
  readonly grant: Grant;
  readonly settings: ResolvedTokenSourceOptions;
  /** Who the source is in diagnostics events. */
  readonly who: ClientLabel;
  readonly log: CompleteLogger;
  readonly store: StoreConnection;
  readonly guard: EndpointGuard;
  readonly cache: TokenCache;
  /** Aborted when the source closes: stops the shared request, its backoff timers and store waits. */
  readonly lifetime: AbortSignal;
  /** Told of every token adopted, once the cache holds it. */
  readonly onAdopted?: ((entry: CachedToken) => void) | undefined;
}

/** No answer yet from the store's lock: another holder of the credentials is renewing. */
const heldElsewhere: unique symbol = Symbol('held elsewhere');

/**
 * How a source gets a token when its cache has none to serve: one shared
 * acquisition at a time (any number of callers join it), through the store
 * (adopt a usable stored token; else take the renewal lock and request a
 * token under the endpoint guard, then write it; else wait for the lock's
 * holder), falling back to a local request whenever the store fails. The
 * adopted token goes into the cache and is announced (event, callback, log).
 *
 * @example
 * ```ts
 * const acquisition = new TokenAcquisition({ grant, settings, who, log, store, guard, cache, lifetime });
 * const token = await acquisition.acquire(); // joins the running one, if any
 * ```
 */
export class TokenAcquisition {
  readonly #options: TokenAcquisitionOptions;
  /** The renewal lock outlives the longest acquisition. */
  readonly #lockTtlMs: number;
  #running: Promise<AccessToken> | undefined;
  /** Why the running acquisition started, for diagnostics events. */
  #reason: RenewalReason = 'initial';
  /** Whether the source ever held a token: the first acquisition is `initial`. */
  #everHeld = false;

  constructor(options: TokenAcquisitionOptions) {
    this.#options = options;
    const { timeoutMs, retry } = options.settings;
    // Every attempt timing out, with the longest backoff between them, and a margin.
    this.#lockTtlMs = timeoutMs * retry.attempts + retry.maxDelayMs * (retry.attempts - 1) + 1_000;
  }

  /** Whether an acquisition is under way. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /**
   * The one shared acquisition: joins the running one or starts it. It is
   * `proactive` while the cache still has a usable token, `reactive` when not,
   * `initial` before the first token.
   */
  acquire(): Promise<AccessToken> {
    if (this.#running !== undefined) return this.#running;
    const { settings, cache, lifetime } = this.#options;
    const why: RenewalReason = !this.#everHeld
      ? 'initial'
      : cache.usable(settings.clock.now()) !== undefined
        ? 'proactive'
        : 'reactive';
    this.#reason = why;
    const started = abortable(this.#obtain(lifetime), lifetime).then(
      (entry) => {
        this.#running = undefined;
        // A close() that raced the answer wins: nothing is cached after it.
        if (!lifetime.aborted) this.#adopt(entry, why);
        return entry.token;
      },
      (error: unknown) => {
        this.#running = undefined;
        if (settings.onError !== undefined && !lifetime.aborted)
          callSafely(settings.onError, error);
        throw error;
      },
    );
    this.#running = started;
    return started;
  }

  /**
   * Renews while the current token is still served: unless an acquisition
   * runs or the guard refuses (then the current token is simply served: no
   * request, no error object, no log line per call). A failure is logged.
   */
  renewInBackground(): void {
    const { settings, guard, lifetime, log, cache, grant } = this.#options;
    if (this.#running !== undefined || !guard.allows(steadyNow(settings.clock))) return;
    const current = cache.entry;
    this.acquire().catch((error: unknown) => {
      if (lifetime.aborted) return;
      log.warn('background renewal failed; serving the current token', {
        client: grant.label,
        code: isCloudTokenError(error) ? error.code : 'unknown',
        ...(current === undefined
          ? {}
          : { unusableAt: new Date(current.unusableAt).toISOString() }),
      });
    });
  }

  /** One acquisition through the store; any store failure falls back to the local path. */
  async #obtain(signal: AbortSignal): Promise<CachedToken> {
    let outcome = await this.#lookOnce(signal);
    if (outcome === heldElsewhere) outcome = await this.#waitForHolder(signal);
    return outcome === storeFailed ? this.#requestHere(signal) : outcome;
  }

  /**
   * One look at the store: adopt its usable token, honour its guard state
   * (a refusal is thrown), or take the renewal lock and renew under it.
   */
  async #lookOnce(signal: AbortSignal): Promise<CachedToken | StoreFailed | typeof heldElsewhere> {
    const { store } = this.#options;
    const snapshot = await store.read();
    if (snapshot === storeFailed) return storeFailed;
    const stored = this.#settledBy(snapshot);
    if (stored !== undefined) return stored;
    const lock = await store.acquireLock(this.#lockTtlMs);
    if (lock === storeFailed) return storeFailed;
    if (lock === undefined) return heldElsewhere;
    return this.#renewUnderLock(lock, signal);
  }

  /**
   * Another process holds the renewal lock: look again on a jittered poll of
   * at most 250 ms (sooner when the store wakes us) until its token appears
   * (adopted), the guard refuses (thrown), or the lock is free again: its
   * holder released it without a token (it failed) or its TTL passed; then
   * this source takes it and requests the token itself.
   */
  async #waitForHolder(signal: AbortSignal): Promise<CachedToken | StoreFailed> {
    const { store, settings } = this.#options;
    const waker = store.subscribe();
    try {
      for (;;) {
        await waker.wait(POLL_MIN_MS + settings.random() * (POLL_MAX_MS - POLL_MIN_MS), signal);
        const outcome = await this.#lookOnce(signal);
        if (outcome !== heldElsewhere) return outcome;
      }
    } finally {
      waker.close();
    }
  }

  async #renewUnderLock(lock: StoreLock, signal: AbortSignal): Promise<CachedToken> {
    const { store, guard, cache, settings } = this.#options;
    try {
      const settled = await this.#lookAgain();
      if (settled !== undefined) return settled;
      const token = await guard.run(this.#request, signal);
      const written = await store.writeToken(encodeStoredToken(token, lock.generation), lock);
      if (written === false) {
        // A newer token is stored (another holder after our lock expired): use it.
        const again = await store.read();
        const stored =
          again === storeFailed ? undefined : cache.fromStore(again.token, settings.clock.now());
        if (stored !== undefined) return stored;
      }
      return cache.fromEndpoint(token);
    } finally {
      void store.releaseLock(lock);
    }
  }

  /**
   * What a store snapshot settles: its guard state merged, then its usable
   * token adopted, or the guard's refusal thrown; `undefined` when a token
   * request may go out.
   */
  #settledBy(snapshot: StoreSnapshot): CachedToken | undefined {
    const { guard, cache, settings } = this.#options;
    guard.merge(snapshot.guard);
    const stored = cache.fromStore(snapshot.token, settings.clock.now());
    if (stored !== undefined) return stored;
    const refusal = guard.refusal(steadyNow(settings.clock));
    if (refusal !== undefined) throw refusal;
    return undefined;
  }

  /**
   * The new holder of a shared store's lock reads the store once more before
   * it requests: a process descheduled between its first read and its lock
   * request may be granted the lock a previous holder released after writing
   * its token, or after recording a rejection or a cooldown. The stored
   * token is adopted, a refusal thrown, without a request. A local store is
   * not re-read: in one process the single-flight already covers this.
   */
  async #lookAgain(): Promise<CachedToken | undefined> {
    const { store } = this.#options;
    if (store.mode() !== 'shared') return undefined;
    const snapshot = await store.read();
    return snapshot === storeFailed ? undefined : this.#settledBy(snapshot);
  }

  /** The local path: a token request under the guard, without the store. */
  async #requestHere(signal: AbortSignal): Promise<CachedToken> {
    const { guard, cache } = this.#options;
    return cache.fromEndpoint(await guard.run(this.#request, signal));
  }

  readonly #request = (signal: AbortSignal, attempt: number): Promise<AccessToken> => {
    const { grant, settings, who } = this.#options;
    const { fetch, clock, timeoutMs } = settings;
    return traceTokenRequest(
      () => ({ ...who, reason: this.#reason, attempt }),
      () => obtainToken(grant, { fetch, clock, timeoutMs, signal }),
    );
  };

  #adopt(next: CachedToken, why: RenewalReason): void {
    const { cache, settings, log, who, onAdopted } = this.#options;
    const previousExpiresAt = cache.hold(next)?.token.expiresAt;
    this.#everHeld = true;
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
      client: who.client,
      reason: why,
      from: next.from,
      expiresAt: new Date(next.token.expiresAt).toISOString(),
    });
    onAdopted?.(next);
  }
}

const POLL_MIN_MS = 125;
const POLL_MAX_MS = 250;

/** Calls an application's callback; what it throws is its own business, never the caller's. */
function callSafely<T>(callback: (value: T) => void, value: T): void {
  try {
    callback(value);
  } catch {
    // Deliberately ignored: a callback must not turn a good token into a failed call.
  }
}
