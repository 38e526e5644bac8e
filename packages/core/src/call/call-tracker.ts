import type { AccessToken } from '../shared/access-token.js';
import { type Clock, sleep, steadyNow } from '../shared/clock.js';
import { publish } from '../shared/diagnostics.js';
import type { CompleteLogger } from '../shared/safe-logger.js';
import { sourceState } from '../token-source/source-state.js';
import type { TokenSource } from '../types.js';
import type { CallAnswer, CallDecision, CallPolicy, CallState } from './call-policy.js';
import {
  noteRefusal,
  type RefusedSend,
  type TokenRejections,
  UNAUTHORIZED_RENEWAL_PAUSE_MS,
} from './token-rejections.js';

const giveBack: CallDecision = Object.freeze({ action: 'return' });

/**
 * Replays a call may make beyond `unauthorizedReplays` when its replay was
 * refused but renewals are not paused, so another can still help: a stale
 * token (an older one a shared store still held), or a renewal that met
 * another key rotation before its first use.
 */
const MAX_UNCOUNTED_REPLAYS = 2;

/**
 * The bookkeeping of one call (a caller's request with the redirects,
 * replays and retries made of it), the same for every adapter: which token
 * the latest send carried, whether every hop so far may carry one, the
 * replay and retry counts, and the effects of an answer (invalidate a
 * refused token, pause 401-driven renewals that do not help, wait out a
 * `Retry-After`). An adapter only sends and reads answers.
 *
 * @example
 * ```ts
 * const call = tracking.start();
 * const token = call.mayCarryToken(url) ? await source.getToken({ signal }) : undefined;
 * call.carried(token);
 * const decision = call.settle({ status, retryAfter }, isReplayableBody(body));
 * if (decision.action === 'wait-and-retry') await call.wait(decision.delayMs, signal);
 * ```
 */
export interface CallTracker extends Readonly<CallState> {
  /** The token the latest send carried; `undefined` when it carried none of ours. */
  readonly token: AccessToken | undefined;
  /**
   * Whether a send to `url` may carry the token: the policy allows `url`
   * and every earlier hop of this call was allowed too, so a redirect from
   * a foreign origin into the API never gains the token. Records the hop.
   */
  mayCarryToken(url: string | URL): boolean;
  /** Starts the hops again from the call's first URL (an adapter that re-sends from the start). */
  restartHops(): void;
  /** Records which token (or none) the next send carries. */
  carried(token: AccessToken | undefined): void;
  /**
   * Applies the policy to an answer of the latest send and does what the
   * call's bookkeeping requires: a refused token (`rejectedTokenStatuses`)
   * that the send carried is invalidated whatever the body (compare-and-
   * invalidate: a storm renews once), unless renewals are paused for the
   * source; the counters move with the decision.
   */
  settle(answer: CallAnswer, bodyReplayable: boolean): CallDecision;
  /** Waits out a `wait-and-retry` delay on the clock; the signal aborts it. */
  wait(delayMs: number, signal: AbortSignal | undefined): Promise<void>;
}

/**
 * Starts call trackers for one adapter instance: made once, next to the
 * adapter's policy, so that a call only allocates its own tracker.
 *
 * @example
 * ```ts
 * const tracking = createCallTracking(source, policy, clock);
 * const call = tracking.start();
 * ```
 */
export interface CallTracking {
  /** A tracker for a new call; `method` (default `GET`) names it in diagnostics events. */
  start(method?: string): CallTracker;
}

/**
 * Makes the {@link CallTracking} of an adapter. Refused tokens are remembered
 * per token source, shared by every adapter on it: once renewals after a
 * refusal did not help {@link UNAUTHORIZED_RENEWAL_STRIKES} times in a row
 * (each token obtained after a refusal was refused too; once, while the API
 * never accepted a token of the source), refusals renew
 * nothing for {@link UNAUTHORIZED_RENEWAL_PAUSE_MS} and are given back as
 * they are (logged once, as a warning; the source's
 * `status().unauthorizedUntil` and its readiness probe say so meanwhile). A
 * replay refused because its token was stale (obtained before the call's
 * first refusal: an older token a shared store still held), or refused
 * while a further renewal can still help (the first of the strikes), is
 * replayed once more with that renewal. A replay is published on
 * `cloud-token:call.replayed`, a retry after a wait on
 * `cloud-token:call.retried` (`client` is the source's `label`; the
 * origin of the latest hop, never a path).
 *
 * @example
 * ```ts
 * const policy = createCallPolicy({ baseUrl: 'https://api.aspose.cloud/' }, clock);
 * const tracking = createCallTracking(source, policy, clock);
 * ```
 */
export function createCallTracking(
  source: TokenSource,
  policy: CallPolicy,
  clock: Clock,
): CallTracking {
  const { log, rejections } = sourceState(source);
  const context: TrackingContext = { source, policy, clock, log, rejections };
  return {
    start: (method = 'GET') => new Tracker(context, method),
  };
}

interface TrackingContext {
  readonly source: TokenSource;
  readonly policy: CallPolicy;
  readonly clock: Clock;
  /** The source's logger, so a replay or a wait is logged where the application configured it. */
  readonly log: CompleteLogger | undefined;
  readonly rejections: TokenRejections;
}

class Tracker implements CallTracker {
  token: AccessToken | undefined = undefined;
  unauthorizedReplays = 0;
  rateLimitRetries = 0;
  bodyReplayable = true;
  /** When (wall clock) this call's token was first refused. */
  #firstRefusalAt: number | undefined = undefined;
  /** The token refused first: a replay carrying it again got no renewal at all. */
  #firstRefused: AccessToken | undefined = undefined;
  /** Replays not counted because another renewal could still help (see `#refused`). */
  #uncountedReplays = 0;
  #hopsAllowed = true;
  #lastUrl: string | URL | undefined = undefined;
  readonly #context: TrackingContext;
  readonly #method: string;

  constructor(context: TrackingContext, method: string) {
    this.#context = context;
    this.#method = method;
  }

  get carriedToken(): boolean {
    return this.token !== undefined;
  }

  mayCarryToken(url: string | URL): boolean {
    this.#lastUrl = url;
    if (this.#hopsAllowed && !this.#context.policy.mayCarryToken(url)) this.#hopsAllowed = false;
    return this.#hopsAllowed;
  }

  restartHops(): void {
    this.#hopsAllowed = true;
  }

  carried(token: AccessToken | undefined): void {
    this.token = token;
  }

  settle(answer: CallAnswer, bodyReplayable: boolean): CallDecision {
    const { policy, rejections } = this.#context;
    const token = this.token;
    if (token !== undefined) {
      if (policy.rejectsToken(answer.status)) return this.#refused(token, answer, bodyReplayable);
      // The token was accepted: a renewal that followed a refusal helped.
      if (!rejections.accepted) rejections.accepted = true;
      if (rejections.rejected !== undefined) {
        rejections.rejected = undefined;
        rejections.strikes = 0;
      }
    }
    this.bodyReplayable = bodyReplayable;
    const decision = policy.decide(answer, this);
    if (decision.action === 'wait-and-retry') {
      this.rateLimitRetries += 1;
      publish.callRetried(() => ({ ...this.#event(answer), delayMs: decision.delayMs }));
      this.#context.log?.debug('waiting before retrying the call', {
        ...this.#event(answer),
        delayMs: decision.delayMs,
      });
    }
    return decision;
  }

  wait(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
    return sleep(delayMs, this.#context.clock, signal);
  }

  #refused(token: AccessToken, answer: CallAnswer, bodyReplayable: boolean): CallDecision {
    const { source, clock, rejections, policy, log } = this.#context;
    const wallNow = clock.now();
    const send = this.#sendOf(token);
    const verdict = noteRefusal(rejections, token, send, steadyNow(clock), wallNow);
    if (verdict === 'pause') {
      log?.warn(
        'a renewed token was refused too: 401s are given back as they are, without renewing',
        {
          client: this.#client(),
          until: new Date(wallNow + UNAUTHORIZED_RENEWAL_PAUSE_MS).toISOString(),
        },
      );
    }
    if (verdict === 'pause' || verdict === 'paused') return giveBack;
    source.invalidate(token);
    // Not paused, so the renewal can still help: a refused replay is replayed once more with it.
    if (this.unauthorizedReplays > 0 && this.#uncountedReplays < MAX_UNCOUNTED_REPLAYS) {
      this.#uncountedReplays += 1;
      this.unauthorizedReplays -= 1;
    }
    this.#firstRefusalAt ??= wallNow;
    this.#firstRefused ??= token;
    this.bodyReplayable = bodyReplayable;
    const decision = policy.decide(answer, this);
    if (decision.action === 'renew-and-replay') {
      this.unauthorizedReplays += 1;
      this.token = undefined;
      publish.callReplayed(() => this.#event(answer));
      log?.debug('replaying the call with a renewed token', this.#event(answer));
    }
    return decision;
  }

  /**
   * Which send of this call carried the refused `token`: a replay whose
   * token was obtained before the call's first refusal carried a stale one
   * (an older token a shared store still held: its renewal is still to
   * come), which counts as a first send; a replay with the very token
   * refused first got no renewal at all.
   */
  #sendOf(token: AccessToken): RefusedSend {
    if (this.unauthorizedReplays === 0) return 'first';
    if (token.value === this.#firstRefused?.value) return 'unrenewed';
    const firstAt = this.#firstRefusalAt;
    return firstAt !== undefined && token.obtainedAt < firstAt ? 'first' : 'replay';
  }

  #client(): string {
    return this.#context.source.label ?? this.#context.source.identity;
  }

  /** The secret-free description of this call in a diagnostics event. */
  #event(answer: CallAnswer): { client: string; method: string; origin: string; status: number } {
    const url = this.#lastUrl;
    const origin = url !== undefined && URL.canParse(url) ? new URL(url).origin : '';
    return {
      client: this.#client(),
      method: this.#method.toUpperCase(),
      origin,
      status: answer.status,
    };
  }
}
