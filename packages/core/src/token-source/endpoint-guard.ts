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
   * it per credential; awaited before the caller hears of the failure. Resolves
   * with what the store then holds (the change included), which the guard
   * takes in place of what it knew (see {@link EndpointGuard.adopt}), or
   * `undefined` when the store could not keep it. Must not reject.
   */
  persist?: (update: GuardUpdate) => Promise<GuardRecord | undefined>;
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
 * credentials were rejected (until the next re-probe: 2 minutes after the
 * first rejection, then twice as long after each further one, at most
 * `rejectionCooldownMs`), when a 429 cooldown (or a wait a token endpoint
 * asked for with `Retry-After`) is open, or when the failure budget is
 * spent. It retries transient failures with full-jitter backoff, each
 * failure counting against the budget, and reports every state change to
 * the logger. Every wait it reports (an error's `retryAfterMs`, a cooldown's
 * end) is when it will really let the next request go: the latest of every
 * deadline that holds it back.
 *
 * Its deadlines are steady milliseconds (`steadyNow(clock)`: epoch-like, but
 * measured on the clock's monotonic reading), so the wall clock stepping
 * back does not stretch a cooldown; every `now` it takes is one of those.
 * What a token store holds for the credentials replaces what it knew from
 * the store before (a deadline the store dropped is dropped here too), and
 * every change is handed to `persist`, so the state belongs to the
 * credentials, not to one guard object.
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
  /** The deadlines the store last said it holds for the credentials. */
  #stored: Deadlines = noDeadlines;
  /** This guard's own deadlines no store answer has included yet (its store was failing). */
  #own: Deadlines = noDeadlines;
  /** What the token endpoint said when it rejected the credentials: one instance for every caller. */
  #rejectionError: CredentialsRejectedError | undefined;
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
      now >= this.#rejectedUntil() && now >= this.#rateLimitedUntil() && this.#budget.allows(now)
    );
  }

  /**
   * The error a caller fails fast with at `now`, or `undefined` when a token
   * request may go out: the remembered `CredentialsRejectedError` (the same
   * instance for every caller), a `RateLimitedError`, or a
   * `TokenRequestError` with reason `budget`; the last two carry the time
   * until the next request may really go out.
   */
  refusal(now: number): CloudTokenError | undefined {
    if (now < this.#rejectedUntil() && this.#rejectionError !== undefined) {
      return this.#rejectionError;
    }
    if (this.#announced !== undefined && this.cooldown(now) === undefined) this.#announceLeft();
    if (now < this.#rateLimitedUntil()) {
      const next = this.#nextAttemptAt(now);
      return new RateLimitedError(next - now, this.#wall(next));
    }
    if (!this.#budget.allows(now)) return this.#budgetSpentError(now);
    return undefined;
  }

  /**
   * Why token requests are refused at `now` (the first of: rejected
   * credentials, a 429 cooldown, a spent failure budget), and until when
   * (the latest deadline of them all: when the next request may really go
   * out); `undefined` when one may go out now.
   */
  cooldown(now: number): GuardCooldown | undefined {
    const reason: GuardCooldown['reason'] | undefined =
      now < this.#rejectedUntil() && this.#rejectionError !== undefined
        ? 'rejected'
        : now < this.#rateLimitedUntil()
          ? 'rate-limited'
          : this.#budget.allows(now)
            ? undefined
            : 'failure-budget';
    return reason === undefined ? undefined : { reason, until: this.#nextAttemptAt(now) };
  }

  /**
   * Takes what a token store holds for these credentials (read, handed over
   * with a lock, or answered to an update) in place of what the store held
   * before: a deadline the store no longer holds is dropped. Each deadline
   * is capped by this guard's own policy (`rejectionCooldownMs`,
   * `rateLimit.maxCooldownMs`) over its whole length, however long another
   * process's policy let it be. `includesOwn`: the answer to this guard's
   * own update, so its own deadlines and failures are in it.
   */
  adopt(record: GuardRecord | undefined, includesOwn: boolean): void {
    const { clock, policies } = this.#options;
    const now = steadyNow(clock);
    const given = (typeof record === 'object' && record !== null ? record : {}) as Partial<
      Record<keyof GuardRecord, unknown>
    >;
    const rejectedFor = cappedWait(
      given.rejectedForMs,
      given.rejectedSinceMs,
      policies.rejectionCooldownMs,
    );
    const rateLimitedFor = cappedWait(
      given.rateLimitedForMs,
      given.rateLimitedSinceMs,
      policies.rateLimit.maxCooldownMs,
    );
    const rejections = count(given.rejections);
    if (rejectedFor > 0) {
      this.#rejectionError = this.#errorFor(given.rejection as GuardRecord['rejection']);
    }
    if (rejectedFor > 0 || rejections > 0) this.#rejectionSeen = true;
    this.#stored = {
      rejectedUntil: rejectedFor > 0 ? now + rejectedFor : Number.NEGATIVE_INFINITY,
      rateLimitedUntil: rateLimitedFor > 0 ? now + rateLimitedFor : Number.NEGATIVE_INFINITY,
      rejections,
    };
    if (includesOwn) this.#own = noDeadlines;
    const ages = Array.isArray(given.failureAgesMs) ? (given.failureAgesMs as unknown[]) : [];
    this.#budget.replaceStored(
      ages
        .filter((age): age is number => typeof age === 'number' && age >= 0)
        .map((age) => now - age),
      includesOwn,
    );
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
        const delayMs = this.#retryDelay(error, attempt);
        const failure = await this.#recordFailure(error, delayMs !== undefined);
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
        this.#own = { ...this.#own, rejectedUntil: Number.NEGATIVE_INFINITY, rejections: 0 };
        await this.#persist({ clearRejection: true });
      }
      return token;
    }
  }

  /**
   * Updates the guard's state after a failed request; returns what callers
   * should get. `retried`: the request is tried again at once, within this
   * acquisition (so a wait the server asked for is honoured there).
   */
  async #recordFailure(error: unknown, retried: boolean): Promise<unknown> {
    const { clock, log, client, policies } = this.#options;
    const now = steadyNow(clock);
    this.#budget.recordFailure(now);
    const failed = { failed: true, windowMs: policies.failureBudget.windowMs };
    if (isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')) {
      const rejected = error as CredentialsRejectedError;
      const rejections = Math.max(this.#stored.rejections, this.#own.rejections) + 1;
      const waitMs = reprobeDelay(rejections, policies.rejectionCooldownMs);
      const until = now + waitMs;
      this.#own = {
        ...this.#own,
        rejectedUntil: Math.max(this.#own.rejectedUntil, until),
        rejections,
      };
      this.#rejectionError = rejected;
      this.#rejectionSeen = true;
      log.warn('credentials rejected', {
        client,
        oauthError: rejected.oauthError,
        rejections,
        retryAt: this.#iso(until),
      });
      this.#announceEntered('rejected', until);
      await this.#persist({
        ...failed,
        rejectedForMs: waitMs,
        rejection: {
          oauthError: rejected.oauthError,
          description: rejected.oauthErrorDescription,
          upstreamStatus: rejected.upstreamStatus,
        },
      });
      return rejected;
    }
    const waitMs = this.#serverWait(error, retried);
    if (waitMs !== undefined) {
      const until = now + waitMs;
      this.#own = { ...this.#own, rateLimitedUntil: Math.max(this.#own.rateLimitedUntil, until) };
      const rateLimited = isRateLimit(error);
      log.warn('cooling down', {
        client,
        until: this.#iso(until),
        reason: rateLimited ? 'rate limited' : 'the token endpoint asked to wait',
      });
      const label = this.#options.label;
      if (label !== undefined) {
        const wallUntil = this.#wall(until);
        publish.endpointThrottled(() => ({ ...label, until: wallUntil }));
      }
      this.#announceEntered('rate-limited', until);
      await this.#persist({ ...failed, rateLimitedForMs: waitMs });
      // What the caller hears is when the next request may really go out.
      const later = steadyNow(clock);
      const next = this.#nextAttemptAt(later);
      return rateLimited
        ? new RateLimitedError(next - later, this.#wall(next))
        : withRetryAfter(error, next - later);
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
    await this.#persist(failed);
    return error;
  }

  /** Hands `update` to the store, and takes what it then holds. */
  async #persist(update: GuardUpdate): Promise<void> {
    const held = await this.#options.persist?.(update);
    if (held !== undefined) this.adopt(held, true);
  }

  /**
   * How long the token endpoint asked this guard to wait after `error`: a
   * 429's `Retry-After` (a default without one), or a transient failure's
   * `Retry-After` when the request is not tried again at once; capped at
   * `rateLimit.maxCooldownMs`. `undefined`: it asked for no wait.
   */
  #serverWait(error: unknown, retried: boolean): number | undefined {
    const { defaultCooldownMs, maxCooldownMs } = this.#options.policies.rateLimit;
    if (isRateLimit(error)) return Math.min(maxCooldownMs, error.retryAfterMs ?? defaultCooldownMs);
    const asked = isCloudTokenError(error) ? error.retryAfterMs : undefined;
    if (retried || asked === undefined || !(asked > 0)) return undefined;
    return Math.min(maxCooldownMs, asked);
  }

  /** The rejection error for what a store recorded: the known instance when it says the same. */
  #errorFor(rejection: GuardRecord['rejection']): CredentialsRejectedError {
    const oauthError =
      typeof rejection?.oauthError === 'string' ? rejection.oauthError : 'invalid_client';
    const known = this.#rejectionError;
    if (known !== undefined && known.oauthError === oauthError) return known;
    return new CredentialsRejectedError(oauthError, {
      ...(typeof rejection?.description === 'string' ? { description: rejection.description } : {}),
      ...(typeof rejection?.upstreamStatus === 'number'
        ? { upstreamStatus: rejection.upstreamStatus }
        : {}),
    });
  }

  #rejectedUntil(): number {
    return Math.max(this.#stored.rejectedUntil, this.#own.rejectedUntil);
  }

  #rateLimitedUntil(): number {
    return Math.max(this.#stored.rateLimitedUntil, this.#own.rateLimitedUntil);
  }

  /** When the next token request may go out: the latest deadline that holds it back, or `now`. */
  #nextAttemptAt(now: number): number {
    return Math.max(
      now,
      this.#rejectionError === undefined ? now : this.#rejectedUntil(),
      this.#rateLimitedUntil(),
      this.#budget.nextAttemptAt(now),
    );
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
    const next = this.#nextAttemptAt(now);
    const { maxFailures, windowMs } = this.#options.policies.failureBudget;
    return new TokenRequestError(
      'budget',
      `${maxFailures} token requests failed within ${windowMs} ms; no token request before ${this.#iso(next)}`,
      { retryAfterMs: next - now, cause },
    );
  }
}

/** Deadlines (steady ms) and the count of rejections in a row, as one side knows them. */
interface Deadlines {
  readonly rejectedUntil: number;
  readonly rateLimitedUntil: number;
  readonly rejections: number;
}

const noDeadlines: Deadlines = Object.freeze({
  rejectedUntil: Number.NEGATIVE_INFINITY,
  rateLimitedUntil: Number.NEGATIVE_INFINITY,
  rejections: 0,
});

/**
 * The first re-probe of rejected credentials comes 2 minutes after the
 * rejection; each further one twice as long after the last, at most
 * `rejectionCooldownMs` (10 minutes by default): requests at 0, 2, 6, 14,
 * 24, … minutes, never more than 3 within any 10 minutes.
 */
const FIRST_REPROBE_MS = 2 * 60_000;

/** How long to wait after the `rejections`-th rejection in a row (1 or more). */
function reprobeDelay(rejections: number, maxMs: number): number {
  return Math.min(maxMs, FIRST_REPROBE_MS * 2 ** Math.min(30, Math.max(0, rejections - 1)));
}

/**
 * What is left of a wait a store reports (`forMs`, running for `sinceMs`)
 * when its whole length may be at most `maxMs`: 0 when it is over or not a
 * wait at all.
 */
function cappedWait(forMs: unknown, sinceMs: unknown, maxMs: number): number {
  if (typeof forMs !== 'number' || !Number.isFinite(forMs) || forMs <= 0) return 0;
  const since =
    typeof sinceMs === 'number' && Number.isFinite(sinceMs) && sinceMs > 0 ? sinceMs : 0;
  return Math.max(0, Math.min(forMs, maxMs - since));
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

/** `error` (a transient token request failure) saying the wait the source will really keep. */
function withRetryAfter(error: unknown, retryAfterMs: number): unknown {
  if (!isCloudTokenError(error, 'ERR_TOKEN_REQUEST')) return error;
  const failed = error as TokenRequestError;
  return new TokenRequestError(failed.reason, failed.message, {
    ...(failed.upstreamStatus === undefined ? {} : { upstreamStatus: failed.upstreamStatus }),
    retryAfterMs,
    cause: failed.cause,
  });
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
