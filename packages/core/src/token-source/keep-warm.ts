import { type Clock, steadyNow, type TimerHandle } from '../shared/clock.js';
import { isCloudTokenError } from '../shared/errors.js';
import { MAX_TIMER_MS } from '../shared/option-rules.js';
import type { CompleteLogger } from '../shared/safe-logger.js';
import type { EndpointGuard } from './endpoint-guard.js';
import type { TokenAcquisition } from './token-acquisition.js';
import type { CachedToken, TokenCache } from './token-cache.js';

/**
 * What {@link KeepWarm} works with.
 *
 * @example
 * ```ts
 * const options: KeepWarmOptions = { clock, guard, cache, acquisition, lifetime, log, client: grant.label, retryDelayMs: 5_000 };
 * ```
 */
export interface KeepWarmOptions {
  readonly clock: Clock;
  readonly guard: EndpointGuard;
  readonly cache: TokenCache;
  readonly acquisition: TokenAcquisition;
  /** Aborted when the source closes: a timer that fires after it does nothing. */
  readonly lifetime: AbortSignal;
  readonly log: CompleteLogger;
  /** Who the credentials are in log lines: the grant's label. */
  readonly client: string;
  /** How long to wait after a failed renewal the guard does not hold back (the backoff cap). */
  readonly retryDelayMs: number;
}

/**
 * The `keepWarm` timer: renews when the renewal window of the cached token
 * opens (or when a cooldown ends), without waiting for a caller. One idle
 * timer at a time, unref'd, so it never keeps a process alive.
 *
 * @example
 * ```ts
 * const warm = new KeepWarm(options);
 * warm.adopted(entry); // schedules the renewal at entry.renewAt
 * warm.stop(); // on close
 * ```
 */
export class KeepWarm {
  readonly #options: KeepWarmOptions;
  #timer: TimerHandle | undefined;

  constructor(options: KeepWarmOptions) {
    this.#options = options;
  }

  /** A token was adopted: renew it when its window opens. */
  adopted(entry: CachedToken): void {
    this.#schedule(entry.renewAt - this.#options.clock.now());
  }

  /** Clears the timer. */
  stop(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    const { clock } = this.#options;
    this.stop();
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, delayMs));
    this.#timer = clock.setTimeout(() => this.#warm(), delay, { unref: true });
  }

  #warm(): void {
    this.#timer = undefined;
    const { clock, guard, cache, acquisition, lifetime, log, client } = this.#options;
    if (lifetime.aborted) return;
    const now = steadyNow(clock);
    const cooldown = guard.cooldown(now);
    if (cooldown !== undefined) {
      this.#schedule(cooldown.until - now);
      return;
    }
    if (acquisition.running) return;
    const current = cache.entry;
    if (current !== undefined && clock.now() < current.renewAt) {
      this.#schedule(current.renewAt - clock.now());
      return;
    }
    acquisition.acquire().catch((error: unknown) => {
      if (lifetime.aborted) return;
      log.warn('keep-warm renewal failed', {
        client,
        code: isCloudTokenError(error) ? error.code : 'unknown',
      });
      // Try again once the guard allows, or after the backoff cap.
      const later = guard.cooldown(steadyNow(clock));
      this.#schedule(
        later === undefined ? this.#options.retryDelayMs : later.until - steadyNow(clock),
      );
    });
  }
}
