import type { AccessToken } from '../shared/access-token.js';
import { type Clock, sleep, steadyNow } from '../shared/clock.js';
import { type ClientLabel, type GuardCooldownEvent, publish } from '../shared/diagnostics.js';
import {
  type CloudTokenError,
  CredentialsRejectedError,
  isCloudTokenError,
  RateLimitedError,
  TokenRequestError,
} from '../shared/errors.js';
import type { CompleteLogger } from '../shared/safe-logger.js';
import { backoffDelay } from './backoff.js';
import { FailureBudget } from './failure-budget.js';
import type { TokenSourcePolicies } from './token-source-options.js';
import type { GuardRecord, GuardUpdate } from './token-store.js';

/**
 * What an {@link EndpointGuard} needs: whose requests it guards, time, a
 * logger, randomness for jitter, and its policies.
 *
 * @example
 * ```ts
 * const options: EndpointGuardOptions = {
 *   client: grant.label,
 *   clock: systemClock,
 *   log: safeLogger(console),
 *   random: Math.random,
 *   policies: DEFAULT_TOKEN_SOURCE_OPTIONS,
 * };
 * ```
 */
export interface EndpointGuardOptions {
  /** Who the credentials are, for log lines: the grant's secret-free label. */
  client: string;
  clock: Clock;
  log: CompleteLogger;
  random: () => number;
  policies: Pick<
    TokenSourcePolicies,
    'retry' | 'failureBudget' | 'rejectionCooldownMs' | 'rateLimit'
  >;
  /**
   * Called with every change of the guard's state, so a token store can keep
   * it per credential; awaited before the caller hears of the failure. Must
   * not reject.
   */
  persist?: (update: GuardUpdate) => Promise<void>;
  /** Who the credentials are in diagnostics events; without it, none are published. */
  label?: ClientLabel;
}

/**
 * Why an {@link EndpointGuard} refuses token requests now, and until when
 * (steady ms, see `steadyNow`).
 *
 * @example
 * ```ts
 * const cooldown: GuardCooldown | undefined = guard.cooldown(steadyNow(clock));
 * ```
 */
export interface GuardCooldown {
  readonly reason: 'rejected' | 'rate-limited' | 'failure-budget';
  readonly until: number;
}

/**
 * One token request: resolves with a token or rejects with a typed error.
 * `attempt` counts the requests of one acquisition from 1.
 *
 * @example
 * ```ts
 * const request: TokenRequest = (signal) => obtainToken(grant, { fetch, clock, timeoutMs, signal });
 * ```
 */
export type TokenRequest = (signal: AbortSignal, attempt: number) => Promise<AccessToken>;

const cooldownReasons: Record<GuardCooldown['reason'], GuardCooldownEvent['reason']> = {
  rejected: 'credentials rejected',
  'rate-limited': 'rate limited',
  'failure-budget': 'failure budget spent',
};

/**
 * Wraps every token request of one source so the credentials are never
 * locked out by the server. Before a request it refuses at once when the
 * credentials were rejected (until the rejection cooldown passes), when a 429
 * cooldown is open, or when the failure budget is spent. It retries transient
 * failures with full-jitter backoff, each failure counting against the
 * budget, and reports every state change to the logger.
 *
 * Its deadlines are steady milliseconds (`steadyNow(clock)`: epoch-like, but
 * measured on the clock's monotonic reading), so the wall clock stepping
 * back does not stretch a cooldown; every `now` it takes is one of those.
 * Its state can be merged from a token store's {@link GuardRecord} and every
 * change is handed to `persist`, so the state belongs to the credentials,
 * not to one guard object.
 *
 * @example
 * ```ts
 * const guard = new EndpointGuard(options);
 * const refusal = guard.refusal(clock.now());
 * if (refusal !== undefined) throw refusal; // fail fast, no request
 * const token = await guard.run(
 *   (signal) => obtainToken(grant, { fetch, clock, timeoutMs, signal }),
 *   lifetime.signal,
 * );
 * ```
 */
export class EndpointGuard {
  readonly #options: EndpointGuardOptions;
  readonly #budget: FailureBudget;
  #rejection: { error: CredentialsRejectedError; until: number } | undefined;
  #rateLimitedUntil = Number.NEGATIVE_INFINITY;
  /** Whether a rejection was known since the last success: a success then clears it in the store. */
  #rejectionSeen = false;
  /** The cooldown last announced as entered, until it is announced as left. */
  #announced: GuardCooldown['reason'] | undefined;

  constructor(options: EndpointGuardOptions) {
    this.#options = options;
    this.#budget = new FailureBudget(options.policies.failureBudget);
  }

  /** Whether a token request may go out at `now`. Allocates nothing. */
  allows(now: number): boolean {
    return (
      (this.#rejection === undefined || now >= this.#rejection.until) &&
      now >= this.#rateLimitedUntil &&
      this.#budget.allows(now)
    );
  }

  /**
   * The error a caller fails fast with at `now`, or `undefined` when a token
   * request may go out: the remembered `CredentialsRejectedError` (the same
   * instance for every caller), a `RateLimitedError`, or a
   * `TokenRequestError` with reason `budget`.
   */
  refusal(now: number): CloudTokenError | undefined {
    const rejection = this.#rejection;
    if (rejection !== undefined) {
      if (now < rejection.until) return rejection.error;
      this.#rejection = undefined;
    }
    if (this.#announced !== undefined && this.cooldown(now) === undefined) this.#announceLeft();
    if (now < this.#rateLimitedUntil) {
      return new RateLimitedError(this.#rateLimitedUntil - now, this.#wall(this.#rateLimitedUntil));
    }
    if (!this.#budget.allows(now)) return this.#budgetSpentError(now);
    return undefined;
  }

  /** Why and until when token requests are refused at `now`, or `undefined`. */
  cooldown(now: number): GuardCooldown | undefined {
    const rejection = this.#rejection;
    if (rejection !== undefined && now < rejection.until) {
      return { reason: 'rejected', until: rejection.until };
    }
    if (now < this.#rateLimitedUntil)
      return { reason: 'rate-limited', until: this.#rateLimitedUntil };
    if (!this.#budget.allows(now)) {
      return { reason: 'failure-budget', until: this.#budget.nextAttemptAt(now) };
    }
    return undefined;
  }

  /**
   * Takes in the state a token store keeps for these credentials (written by
   * an earlier guard, in this process or another): later deadlines win,
   * failures are added to the budget.
   */
  merge(record: GuardRecord | undefined): void {
    if (record === undefined || typeof record !== 'object') return;
    const { rejectedUntil, rateLimitedUntil, failures, rejection } = record;
    if (
      typeof rejectedUntil === 'number' &&
      rejectedUntil > (this.#rejection?.until ?? Number.NEGATIVE_INFINITY) &&
      rejectedUntil > steadyNow(this.#options.clock)
    ) {
      const known = this.#rejection?.error;
      const oauthError =
        typeof rejection?.oauthError === 'string' ? rejection.oauthError : 'invalid_client';
      const error =
        known !== undefined && known.oauthError === oauthError
          ? known
          : new CredentialsRejectedError(oauthError, {
              ...(typeof rejection?.description === 'string'
                ? { description: rejection.description }
                : {}),
              ...(typeof rejection?.upstreamStatus === 'number'
                ? { upstreamStatus: rejection.upstreamStatus }
                : {}),
            });
      this.#rejection = { error, until: rejectedUntil };
      this.#rejectionSeen = true;
    }
    if (typeof rateLimitedUntil === 'number' && rateLimitedUntil > this.#rateLimitedUntil) {
      this.#rateLimitedUntil = rateLimitedUntil;
    }
    if (Array.isArray(failures)) {
      this.#budget.merge(failures.filter((at): at is number => typeof at === 'number'));
    }
  }

  /**
   * Runs `request` under the guard: refuses when {@link EndpointGuard.refusal}
   * says so, retries transient failures with backoff within the attempt limit
   * and the failure budget, and rejects with a typed error otherwise. A 429
   * becomes a `RateLimitedError`. Aborting `signal` stops it, with
   * `signal.reason`, counting nothing against the budget.
   */
  async run(request: TokenRequest, signal: AbortSignal): Promise<AccessToken> {
    const { clock, log, client, policies } = this.#options;
    for (let attempt = 1; ; attempt += 1) {
      const refusal = this.refusal(steadyNow(clock));
      if (refusal !== undefined) throw refusal;
      let token: AccessToken;
      try {
        token = await request(signal, attempt);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const failure = await this.#recordFailure(error);
        const delayMs = this.#retryDelay(error, attempt);
        if (delayMs === undefined) throw failure;
        const now = steadyNow(clock);
        if (!this.#budget.allows(now)) throw this.#budgetSpentError(now, failure);
        log.debug('retrying token request', {
          client,
          attempt: attempt + 1,
          of: policies.retry.attempts,
          delayMs,
          code: codeOf(failure),
        });
        await sleep(delayMs, clock, signal);
        continue;
      }
      log.debug('token obtained', { client, attempt, expiresAt: isoTime(token.expiresAt) });
      if (this.#rejectionSeen) {
        this.#rejectionSeen = false;
        await this.#options.persist?.({ clearRejection: true });
      }
      return token;
    }
  }

  /** Updates the guard's state after a failed request; returns what callers should get. */
  async #recordFailure(error: unknown): Promise<unknown> {
    const { clock, log, client, policies, persist } = this.#options;
    const now = steadyNow(clock);
    this.#budget.recordFailure(now);
    const failure = { failureAt: now, windowMs: policies.failureBudget.windowMs };
    if (isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')) {
      const rejected = error as CredentialsRejectedError;
      const until = now + policies.rejectionCooldownMs;
      this.#rejection = { error: rejected, until };
      this.#rejectionSeen = true;
      log.warn('credentials rejected', {
        client,
        oauthError: rejected.oauthError,
        retryAt: this.#iso(until),
      });
      this.#announceEntered('rejected', until);
      await persist?.({
        ...failure,
        rejectedUntil: until,
        rejection: {
          oauthError: rejected.oauthError,
          description: rejected.oauthErrorDescription,
          upstreamStatus: rejected.upstreamStatus,
        },
      });
      return rejected;
    }
    if (isRateLimit(error)) {
      const { defaultCooldownMs, maxCooldownMs } = policies.rateLimit;
      const cooldownMs = Math.min(maxCooldownMs, error.retryAfterMs ?? defaultCooldownMs);
      this.#rateLimitedUntil = now + cooldownMs;
      log.warn('cooling down', {
        client,
        until: this.#iso(this.#rateLimitedUntil),
        reason: 'rate limited',
      });
      const label = this.#options.label;
      if (label !== undefined) {
        const until = this.#wall(this.#rateLimitedUntil);
        publish.endpointThrottled(() => ({ ...label, until }));
      }
      this.#announceEntered('rate-limited', this.#rateLimitedUntil);
      await persist?.({ ...failure, rateLimitedUntil: this.#rateLimitedUntil });
      return new RateLimitedError(cooldownMs, this.#wall(this.#rateLimitedUntil));
    }
    if (!this.#budget.allows(now)) {
      const until = this.#budget.nextAttemptAt(now);
      log.warn('cooling down', {
        client,
        until: this.#iso(until),
        reason: 'failure budget spent',
      });
      this.#announceEntered('failure-budget', until);
    }
    log.warn('token request failed', { client, ...failureFields(error) });
    await persist?.(failure);
    return error;
  }

  #announceEntered(reason: GuardCooldown['reason'], steadyUntil: number): void {
    const label = this.#options.label;
    this.#announced = reason;
    if (label === undefined) return;
    const until = this.#wall(steadyUntil);
    publish.guardCooldown(() => ({
      ...label,
      state: 'entered',
      reason: cooldownReasons[reason],
      until,
    }));
  }

  #announceLeft(): void {
    const label = this.#options.label;
    const reason = this.#announced;
    this.#announced = undefined;
    if (label === undefined || reason === undefined) return;
    publish.guardCooldown(() => ({
      ...label,
      state: 'left',
      reason: cooldownReasons[reason],
      until: undefined,
    }));
  }

  /** A steady deadline as the wall-clock moment users and logs understand. */
  #wall(steady: number): number {
    const { clock } = this.#options;
    return clock.now() + (steady - steadyNow(clock));
  }

  #iso(steady: number): string {
    return isoTime(this.#wall(steady));
  }

  /** The wait before retrying after `error` on attempt `attempt`, or `undefined` for no retry. */
  #retryDelay(error: unknown, attempt: number): number | undefined {
    const { retry } = this.#options.policies;
    if (attempt >= retry.attempts || !isTransient(error)) return undefined;
    const delayMs = backoffDelay(attempt - 1, retry, this.#options.random);
    const serverFloor = error.retryAfterMs;
    if (serverFloor === undefined) return delayMs;
    // A server asking for longer than our cap gets its answer back instead of a
    // retry that would ignore its wish or hold every waiting caller.
    return serverFloor > retry.maxDelayMs ? undefined : Math.max(delayMs, serverFloor);
  }

  #budgetSpentError(now: number, cause?: unknown): TokenRequestError {
    const nextAttemptAt = this.#budget.nextAttemptAt(now);
    const { maxFailures, windowMs } = this.#options.policies.failureBudget;
    return new TokenRequestError(
      'budget',
      `${maxFailures} token requests failed within ${windowMs} ms; no token request before ${this.#iso(nextAttemptAt)}`,
      { retryAfterMs: nextAttemptAt - now, cause },
    );
  }
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * Why a token request failed, for its log line: the code, the token
 * endpoint's status, the kind of failure (`network`, `timeout`, `http`,
 * `oauth`, `budget`) and the secret-free sentence saying what was wrong
 * (an HTML answer, a missing field, …).
 */
function failureFields(error: unknown): Record<string, unknown> {
  if (!isCloudTokenError(error)) return { code: 'unknown' };
  const { upstreamStatus, reason } = error as { upstreamStatus?: number; reason?: string };
  return { code: error.code, status: upstreamStatus, reason, problem: error.message };
}

function codeOf(error: unknown): string {
  return isCloudTokenError(error) ? error.code : 'unknown';
}

function isRateLimit(error: unknown): error is TokenRequestError {
  return (
    isCloudTokenError(error, 'ERR_TOKEN_REQUEST') &&
    (error as TokenRequestError).upstreamStatus === 429
  );
}

/**
 * Network errors, timeouts, 408, 5xx, `server_error`/`temporarily_unavailable`
 * and malformed answers may pass on their own; everything else (rejected
 * credentials, 429, other 4xx, a spent budget) would fail the same way again.
 */
function isTransient(error: unknown): error is CloudTokenError {
  if (isCloudTokenError(error, 'ERR_TOKEN_RESPONSE')) return true;
  if (!isCloudTokenError(error, 'ERR_TOKEN_REQUEST')) return false;
  const { reason, upstreamStatus } = error as TokenRequestError;
  if (upstreamStatus === 429 || reason === 'budget') return false;
  if (reason === 'network' || reason === 'timeout' || reason === 'oauth') return true;
  return upstreamStatus === undefined || upstreamStatus === 408 || upstreamStatus >= 500;
}
