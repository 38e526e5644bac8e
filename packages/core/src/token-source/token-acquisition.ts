import { abortable } from '../shared/abortable.js';
import type { AccessToken } from '../shared/access-token.js';
import { steadyNow, type TimerHandle } from '../shared/clock.js';
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
import type { Grant, RequestContext } from '../types.js';
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
 * const options: TokenAcquisitionOptions = { grant, settings, who, log, store, guard, cache };
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
  /** Told of every token adopted, once the cache holds it. */
  readonly onAdopted?: ((entry: CachedToken) => void) | undefined;
}

/** No answer yet from the store's lock: another holder of the credentials is renewing. */
const heldElsewhere: unique symbol = Symbol('held elsewhere');

/** What a joining caller's own timer says: the shared acquisition took no step for a whole stall budget. */
const stalled: unique symbol = Symbol('stalled');

/**
 * One acquisition under way: its promise, and the controller of its I/O,
 * made by the call that started it (in that call's request, where a runtime
 * ties I/O to requests).
 */
interface Running {
  readonly promise: Promise<AccessToken>;
  readonly controller: AbortController;
}

/**
 * How a source gets a token when its cache has none to serve: one shared
 * acquisition at a time (any number of callers join it), through the store
 * (adopt a usable stored token; else take the renewal lock and request a
 * token under the endpoint guard, then write it; else wait for the lock's
 * holder), falling back to a local request whenever the store fails. The
 * adopted token goes into the cache and is announced (event, callback, log).
 *
 * It holds no I/O object between calls: each acquisition's controller is
 * made by the call that starts it, so on Cloudflare Workers no request ever
 * touches another request's signal or stream. A caller that gives a
 * {@link RequestContext} hands an acquisition it starts to `waitUntil` (so a
 * request that answers or is cancelled does not cancel the work the others
 * wait for) and waits for one it joins under a stall deadline of its own: if
 * the shared acquisition takes no step (a store call, a token attempt) for a
 * whole stall budget, the request that started it was cancelled and its work
 * with it, so the caller drops it (and its renewal lock) and starts another.
 *
 * @example
 * ```ts
 * const acquisition = new TokenAcquisition({ grant, settings, who, log, store, guard, cache });
 * const token = await acquisition.acquire(); // joins the running one, if any
 * acquisition.close(new UsageError('closed')); // on the source's close()
 * ```
 */
export class TokenAcquisition {
  readonly #options: TokenAcquisitionOptions;
  /** The renewal lock outlives the longest acquisition. */
  readonly #lockTtlMs: number;
  /** The longest an acquisition goes between two of its steps; see {@link TokenAcquisition.acquire}. */
  readonly #stallMs: number;
  #running: Running | undefined;
  /** When (steady ms) an acquisition last took a step: looked at the store, sent a token request. */
  #steppedAt = Number.NEGATIVE_INFINITY;
  /** The renewal lock an acquisition of this source holds, so that a stalled one's can be freed. */
  #heldLock: StoreLock | undefined;
  #closed = false;
  /** Why the running acquisition started, for diagnostics events. */
  #reason: RenewalReason = 'initial';
  /** Whether the source ever held a token: the first acquisition is `initial`. */
  #everHeld = false;
  /** When (steady ms) this source last looked at its store. */
  #lookedAt = Number.NEGATIVE_INFINITY;
  /** Whether the running acquisition sent a token request (a mere look at the store is no failure to report). */
  #requested = false;

  constructor(options: TokenAcquisitionOptions) {
    this.#options = options;
    const { timeoutMs, retry } = options.settings;
    // Every attempt timing out, with the longest backoff between them, and a margin.
    this.#lockTtlMs = timeoutMs * retry.attempts + retry.maxDelayMs * (retry.attempts - 1) + 1_000;
    // Between two steps: a token attempt, a failure recorded in the store and the backoff
    // after it, or a few store calls (each bounded by their timeouts), and a margin.
    this.#stallMs = timeoutMs + retry.maxDelayMs + 3 * options.settings.storeTimeoutMs + 1_000;
  }

  /** Whether an acquisition is under way. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Whether {@link TokenAcquisition.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The one shared acquisition: joins the running one or starts it. It is
   * `proactive` while the cache still has a usable token, `reactive` when not,
   * `initial` before the first token. One that only looked at the store
   * again for a source its guard refuses (see
   * {@link TokenAcquisition.shouldRecheck}) and found the refusal still in
   * force is not reported to `onError`: no request failed. With a
   * `context`, an acquisition this call starts is handed to
   * `context.waitUntil`, and one it joins is waited for under the stall
   * deadline (see the class).
   */
  acquire(context?: RequestContext): Promise<AccessToken> {
    const running = this.#running;
    if (running === undefined) return this.#start(context).promise;
    return context === undefined ? running.promise : this.#join(running, context);
  }

  /** Stops the running acquisition (its requests, backoff timers and store waits) with `reason`. */
  close(reason: unknown): void {
    this.#closed = true;
    const running = this.#running;
    if (running === undefined) return;
    try {
      running.controller.abort(reason);
    } catch {
      // Workers refuse another request's controller: that request's work ends with it anyway.
    }
  }

  #start(context: RequestContext | undefined): Running {
    const { settings, cache, guard } = this.#options;
    const rechecking = !guard.allows(steadyNow(settings.clock));
    this.#requested = false;
    const why: RenewalReason = !this.#everHeld
      ? 'initial'
      : cache.usable(settings.clock.now()) !== undefined
        ? 'proactive'
        : 'reactive';
    this.#reason = why;
    this.#step();
    const controller = new AbortController();
    const { signal } = controller;
    const promise = abortable(this.#obtain(signal), signal).then(
      (entry) => {
        if (this.#running?.controller === controller) this.#running = undefined;
        // A close() that raced the answer wins: nothing is cached after it.
        if (!this.#closed) this.#adopt(entry, why);
        return entry.token;
      },
      (error: unknown) => {
        if (this.#running?.controller === controller) this.#running = undefined;
        const failedRequest = this.#requested || !rechecking;
        if (settings.onError !== undefined && !this.#closed && failedRequest) {
          callSafely(settings.onError, error);
        }
        throw error;
      },
    );
    const running: Running = { promise, controller };
    this.#running = running;
    // The shared work outlives this caller's request; nobody waits on this copy.
    context?.waitUntil(promise.catch(() => undefined));
    return running;
  }

  /**
   * Waits for `running` with a timer of this caller's own: each time the
   * stall budget passes, the acquisition must have taken a step since, or it
   * is dropped (with the renewal lock it holds) and this caller starts
   * another, or joins the one another caller started instead. A cancelled
   * request's work never settles, so nothing else would end the wait.
   */
  async #join(running: Running, context: RequestContext): Promise<AccessToken> {
    const { clock } = this.#options.settings;
    for (;;) {
      const steppedAt = this.#steppedAt;
      let timer: TimerHandle | undefined;
      const deadline = new Promise<typeof stalled>((resolve) => {
        timer = clock.setTimeout(() => resolve(stalled), this.#stallMs);
      });
      let outcome: AccessToken | typeof stalled;
      try {
        outcome = await Promise.race([running.promise, deadline]);
      } finally {
        clock.clearTimeout(timer);
      }
      if (outcome !== stalled) return outcome;
      if (this.#running === running && this.#steppedAt !== steppedAt) continue;
      if (this.#running === running) this.#abandon();
      return this.acquire(context);
    }
  }

  /** Drops a stalled acquisition, freeing the renewal lock it holds. */
  #abandon(): void {
    const { store, log, grant } = this.#options;
    this.#running = undefined;
    const lock = this.#heldLock;
    this.#heldLock = undefined;
    if (lock !== undefined) void store.releaseLock(lock);
    log.warn(
      'a token acquisition took no step for too long (was the request that started it cancelled? hand cloud-token its waitUntil); starting another',
      { client: grant.label },
    );
  }

  /** An acquisition took a step: a caller waiting under the stall deadline waits on. */
  #step(): void {
    this.#steppedAt = steadyNow(this.#options.settings.clock);
  }

  /**
   * Renews while the current token is still served: unless an acquisition
   * runs or the guard refuses (then the current token is simply served: no
   * request, no error object, no log line per call). A failure is logged.
   */
  renewInBackground(context?: RequestContext): void {
    const { settings, guard, log, cache, grant } = this.#options;
    if (this.#running !== undefined || !guard.allows(steadyNow(settings.clock))) return;
    const current = cache.entry;
    this.acquire(context).catch((error: unknown) => {
      if (this.#closed) return;
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
   * Whether a caller the guard refuses at `now` should look at the store
   * first (through an acquisition) instead of failing at once: the refusal
   * may have been lifted there (a cleared record, another process's token),
   * so a refusing source looks at most every {@link RECHECK_MS}, and not
   * while its store is failing.
   */
  shouldRecheck(now: number): boolean {
    return this.#options.store.mode() !== 'fallback' && now - this.#lookedAt >= RECHECK_MS;
  }

  /**
   * One look at the store: adopt its usable token, honour its guard state
   * (a refusal is thrown), or take the renewal lock and renew under it.
   */
  async #lookOnce(signal: AbortSignal): Promise<CachedToken | StoreFailed | typeof heldElsewhere> {
    const { store, settings } = this.#options;
    const { clock } = settings;
    this.#lookedAt = steadyNow(clock);
    this.#step();
    const readAt = clock.now();
    const snapshot = await store.read();
    if (snapshot === storeFailed) return storeFailed;
    const found = this.#consider(snapshot, readAt);
    if (found !== undefined) return found;
    const askedAt = clock.now();
    const lock = await store.acquireLock(this.#lockTtlMs);
    if (lock === storeFailed) return storeFailed;
    if (lock === undefined) return heldElsewhere;
    return this.#underLock(lock, askedAt, signal);
  }

  /**
   * What the store holds, taken in: its guard state replaces what the guard
   * knew from the store; its token is the answer when usable and newer;
   * otherwise a guard refusal is thrown, or nothing is found. The token's
   * remaining life is counted from `askedAt`, when the store was asked
   * (it answered later), so it is never overstated; a cooldown's from now.
   */
  #consider(snapshot: StoreSnapshot, askedAt: number): CachedToken | undefined {
    const { guard, cache, settings } = this.#options;
    guard.adopt(snapshot.guard, false);
    const stored = cache.fromStore(snapshot.token, askedAt);
    if (stored !== undefined) return stored;
    const refusal = guard.refusal(steadyNow(settings.clock));
    if (refusal !== undefined) throw refusal;
    return undefined;
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
        this.#step();
        const outcome = await this.#lookOnce(signal);
        if (outcome !== heldElsewhere) return outcome;
      }
    } finally {
      waker.close();
    }
  }

  /**
   * Holding the lock, look again before requesting: between this source's
   * read and the grant, the previous holder may have written a token (then
   * it is adopted) or recorded a rejection or a 429 (then it is thrown). The
   * store hands over what it held at the grant; a store that does not is
   * read again. The lock is released however it ends.
   */
  async #underLock(lock: StoreLock, askedAt: number, signal: AbortSignal): Promise<CachedToken> {
    const { store, settings } = this.#options;
    this.#heldLock = lock;
    try {
      const readAt = lock.snapshot === undefined ? settings.clock.now() : askedAt;
      const seen = lock.snapshot ?? (await store.read());
      const found = seen === storeFailed ? undefined : this.#consider(seen, readAt);
      return found ?? (await this.#renew(lock, signal));
    } finally {
      if (this.#heldLock === lock) this.#heldLock = undefined;
      void store.releaseLock(lock);
    }
  }

  async #renew(lock: StoreLock, signal: AbortSignal): Promise<CachedToken> {
    const { store, guard, cache, settings } = this.#options;
    const token = await guard.run(this.#request, signal);
    this.#step();
    const now = settings.clock.now();
    const written = await store.writeToken(encodeStoredToken(token, lock.generation, now), lock);
    if (written === false) {
      // A newer token is stored (another holder after our lock expired): use it.
      const readAt = settings.clock.now();
      const again = await store.read();
      const stored = again === storeFailed ? undefined : cache.fromStore(again.token, readAt);
      if (stored !== undefined) return stored;
    }
    return cache.fromEndpoint(token);
  }

  /** The local path: a token request under the guard, without the store. */
  async #requestHere(signal: AbortSignal): Promise<CachedToken> {
    const { guard, cache } = this.#options;
    return cache.fromEndpoint(await guard.run(this.#request, signal));
  }

  readonly #request = (signal: AbortSignal, attempt: number): Promise<AccessToken> => {
    const { grant, settings, who } = this.#options;
    const { fetch, clock, timeoutMs } = settings;
    this.#requested = true;
    this.#step();
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
/**
 * How often, at most, a source that refuses its callers looks at the store
 * for a change (a cleared or shortened cooldown, another process's token):
 * the same bound within which a waiting source wakes up.
 */
const RECHECK_MS = POLL_MAX_MS;

/** Calls an application's callback; what it throws is its own business, never the caller's. */
function callSafely<T>(callback: (value: T) => void, value: T): void {
  try {
    callback(value);
  } catch {
    // Deliberately ignored: a callback must not turn a good token into a failed call.
  }
}
