import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { type CallPolicyOptions, callPolicyOf, callPolicySchema } from '../call/call-policy.js';
import type { CallTracker, CallTracking } from '../call/call-tracker.js';
import { createCallTracking } from '../call/call-tracker.js';
import { isReplayableBody } from '../call/replayable-body.js';
import { callSettingsOf, requireTokenDestination } from '../call/token-destination.js';
import type { AccessToken } from '../shared/access-token.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import { clockRule } from '../shared/option-rules.js';
import { keysBelongTo, optionsSchema, type ReadOptions } from '../shared/options-schema.js';
import { clientCredentialsSchema } from '../token-endpoint/client-credentials-options.js';
import { tokenSourceSchema } from '../token-source/token-source-options.js';
import type { TokenSource } from '../types.js';
import { withAuthorization } from './dispatch-headers.js';

/**
 * Options of {@link cloudTokenInterceptor}: the call policy (where the token
 * may go, how 401, 429 and 503 answers are handled) and the clock its waits
 * run on.
 *
 * @example
 * ```ts
 * const options: CloudTokenInterceptorOptions = {
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 *   maxRetryAfterMs: 5_000,
 * };
 * ```
 */
export type CloudTokenInterceptorOptions = CallPolicyOptions & {
  /** Timers for `Retry-After` waits and the current time for HTTP-date `Retry-After`; default `systemClock`. */
  clock?: Clock;
};

const sourceHasItsOwn = 'the token source passed first has its own credentials and options';

/**
 * The schema of {@link CloudTokenInterceptorOptions}: the call policy's
 * table plus `clock`. Credentials, token-source options and a `fetch` next to
 * them are refused with why.
 *
 * @example
 * ```ts
 * const settings = cloudTokenInterceptorSchema.read({ baseUrl: 'https://api.aspose.cloud/' });
 * settings.maxRetryAfterMs; // 10_000
 * ```
 */
export const cloudTokenInterceptorSchema = optionsSchema<CloudTokenInterceptorOptions>()(
  { ...callPolicySchema.rules, clock: clockRule },
  {
    elsewhere: {
      ...keysBelongTo(clientCredentialsSchema.keys, sourceHasItsOwn),
      ...keysBelongTo(tokenSourceSchema.keys, sourceHasItsOwn),
      fetch: 'requests go through the dispatcher the interceptor is composed on',
    },
  },
);

/** {@link CloudTokenInterceptorOptions} as the schema read them. */
export type CloudTokenInterceptorSettings = ReadOptions<typeof cloudTokenInterceptorSchema.rules>;

/**
 * An undici interceptor that puts the cloud token and the cloud's rules
 * below any undici-based client: compose it on a dispatcher
 * (`new Agent().compose(cloudTokenInterceptor(source, { baseUrl }))`) and
 * hand that dispatcher to undici's `request`, `stream`, `fetch`, Node's own
 * `fetch` (`{ dispatcher }`), or any client built on undici. For every request
 * to an allowed origin (default: the origin of `baseUrl`) it:
 *
 * - sets `Authorization: Bearer <token>` from `source`, replacing any the
 *   caller set; requests to every other origin, or without an `origin`
 *   (a `Pool` or `Client` dispatched to directly), pass through untouched;
 * - after a 401 (or another of `rejectedTokenStatuses`), invalidates the
 *   token it carried (compare-and-invalidate: a storm renews once) and
 *   replays the request once with a new token when its body can be sent
 *   again (none, a string, a `Buffer`/`Uint8Array`); a stream's 401 comes
 *   back as it is;
 * - after a 429/503 with a `Retry-After` up to `maxRetryAfterMs`, waits on
 *   the clock and retries (at most `rateLimitRetries` times); a longer one
 *   comes back at once;
 * - never follows redirects itself: each request a redirect makes (undici's
 *   `redirect` interceptor, `fetch`) is judged by its own origin, so the
 *   token never reaches another origin (undici also drops `Authorization`
 *   when a redirect leaves the origin).
 *
 * A withheld 401 or 429 answer is read to its end (the connection stays
 * reusable) and never reaches the caller's handler. When no token can be
 * had, the request fails with the source's typed error
 * (`ERR_CREDENTIALS_REJECTED`, `ERR_RATE_LIMITED`, …; `fetch` wraps it as
 * the `cause` of its `TypeError`). Aborting the request (a `signal`, the
 * controller) stops a token wait or a `Retry-After` wait as well as the
 * transfer. Options are checked here (`InvalidOptionsError`).
 *
 * @example
 * ```ts
 * import { Agent, request } from 'undici';
 * import { cloudTokenInterceptor } from '@cloud-token/core/node';
 *
 * const cloud = new Agent().compose(
 *   cloudTokenInterceptor(source, { baseUrl: 'https://api.aspose.cloud/v4.0/' }),
 * );
 * const { statusCode, body } = await request('https://api.aspose.cloud/v4.0/words/doc.docx', {
 *   dispatcher: cloud,
 * });
 * const answer = await fetch('https://api.aspose.cloud/v4.0/words/doc.docx', { dispatcher: cloud });
 * ```
 */
export function cloudTokenInterceptor(
  source: TokenSource,
  options?: CloudTokenInterceptorOptions,
): Dispatcher.DispatcherComposeInterceptor {
  requireTokenDestination(source, options);
  return interceptorOf(source, cloudTokenInterceptorSchema.read(options));
}

/** The interceptor of options already read (the proxy reads its own, with its target as `baseUrl`). */
export function interceptorOf(
  source: TokenSource,
  given: CloudTokenInterceptorSettings,
): Dispatcher.DispatcherComposeInterceptor {
  const settings = callSettingsOf(source, given);
  const { clock } = settings;
  const policy = callPolicyOf(settings, clock);
  const context: CallContext = {
    source,
    clock,
    tracking: createCallTracking(source, policy, clock),
    allowedUrl: originCache((origin) => policy.mayCarryToken(origin)),
  };
  return (dispatch) =>
    function cloudTokenDispatch(options, handler) {
      const url = context.allowedUrl(options.origin);
      if (url === undefined) return dispatch(options, handler);
      new TokenCall(context, dispatch, options, handler, url).start();
      return true;
    };
}

interface CallContext {
  readonly source: TokenSource;
  readonly clock: Clock;
  readonly tracking: CallTracking;
  /** The parsed origin when it may receive the token, else `undefined`. */
  readonly allowedUrl: (origin: string | URL | undefined) => URL | undefined;
}

/** Most distinct origins remembered before the cache starts over. */
const MAX_CACHED_ORIGINS = 64;

/**
 * Whether an origin may carry the token, parsed once per distinct origin
 * rather than on every request.
 */
function originCache(allowed: (origin: URL) => boolean) {
  const known = new Map<string, URL | null>();
  return (origin: string | URL | undefined): URL | undefined => {
    if (origin === undefined) return undefined;
    const key = typeof origin === 'string' ? origin : origin.origin;
    let url = known.get(key);
    if (url === undefined) {
      url = URL.canParse(key) ? new URL(key) : null;
      if (url !== null && !allowed(url)) url = null;
      if (known.size >= MAX_CACHED_ORIGINS) known.clear();
      known.set(key, url);
    }
    return url ?? undefined;
  };
}

type DispatchHandler = Dispatcher.DispatchHandler;
type DispatchController = Dispatcher.DispatchController;
type Headers = Record<string, string | string[] | undefined>;

/**
 * One request to an allowed origin with its replays and retries: the
 * handler the dispatcher below sees, and the controller the caller's
 * handler sees (one controller for every attempt).
 */
class TokenCall implements DispatchHandler, DispatchController {
  readonly #context: CallContext;
  readonly #dispatch: Dispatcher.Dispatch;
  readonly #options: Dispatcher.DispatchOptions;
  readonly #handler: DispatchHandler;
  readonly #tracker: CallTracker;
  readonly #replayable: boolean;
  /** The controller of the attempt in flight. */
  #inner: DispatchController | undefined = undefined;
  /** What to do once the withheld answer of this attempt has ended. */
  #withheld: 'replay' | number | undefined = undefined;
  #timer: TimerHandle | undefined = undefined;
  /** The caller's handler got its end or its error. */
  #settled = false;
  #aborted = false;
  #reason: Error | null = null;
  #paused = false;

  constructor(
    context: CallContext,
    dispatch: Dispatcher.Dispatch,
    options: Dispatcher.DispatchOptions,
    handler: DispatchHandler,
    url: URL,
  ) {
    this.#context = context;
    this.#dispatch = dispatch;
    this.#options = options;
    this.#handler = handler;
    this.#replayable = isReplayableBody(options.body);
    this.#tracker = context.tracking.start(options.method);
    this.#tracker.mayCarryToken(url);
  }

  start(): void {
    // At once, so the caller can abort while the token is on its way.
    this.#handler.onRequestStart?.(this, undefined);
    if (!this.#aborted) this.#acquire();
  }

  #acquire(): void {
    this.#context.source.getToken().then(
      (token) => this.#send(token),
      (error: Error) => this.#fail(error),
    );
  }

  #send(token: AccessToken): void {
    if (this.#settled) return;
    this.#tracker.carried(token);
    const headers = withAuthorization(this.#options.headers, token.authorization);
    this.#dispatch({ ...this.#options, headers }, this);
  }

  #fail(error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#handler.onResponseError?.(this, error);
  }

  // The handler the dispatcher below sees.

  onRequestStart(controller: DispatchController): void {
    this.#inner = controller;
    if (this.#aborted) controller.abort(this.#reason as Error);
    else if (this.#paused) controller.pause();
  }

  onRequestUpgrade(
    _controller: DispatchController,
    statusCode: number,
    headers: Headers,
    socket: Duplex,
  ): void {
    this.#handler.onRequestUpgrade?.(this, statusCode, headers, socket);
  }

  onResponseStart(
    _controller: DispatchController,
    statusCode: number,
    headers: Headers,
    statusMessage?: string,
  ): void {
    if (statusCode >= 200) {
      const retryAfter = headers['retry-after'];
      const decision = this.#tracker.settle(
        { status: statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter },
        this.#replayable,
      );
      if (decision.action === 'renew-and-replay') {
        this.#withheld = 'replay';
        return;
      }
      if (decision.action === 'wait-and-retry') {
        this.#withheld = decision.delayMs;
        return;
      }
    }
    this.#handler.onResponseStart?.(this, statusCode, headers, statusMessage);
  }

  onResponseData(_controller: DispatchController, chunk: Buffer): void {
    if (this.#withheld === undefined) this.#handler.onResponseData?.(this, chunk);
  }

  onResponseEnd(_controller: DispatchController, trailers: Headers): void {
    const withheld = this.#withheld;
    this.#inner = undefined;
    if (withheld === undefined) {
      this.#settled = true;
      this.#handler.onResponseEnd?.(this, trailers);
      return;
    }
    this.#withheld = undefined;
    if (withheld === 'replay') {
      this.#acquire();
      return;
    }
    this.#timer = this.#context.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#acquire();
    }, withheld);
  }

  onResponseError(_controller: DispatchController, error: Error): void {
    this.#inner = undefined;
    this.#fail(error);
  }

  // The controller the caller's handler sees.

  get aborted(): boolean {
    return this.#aborted;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  abort(reason: Error): void {
    if (this.#aborted || this.#settled) return;
    this.#aborted = true;
    this.#reason = reason;
    // An attempt in flight reports the abort through onResponseError.
    if (this.#inner !== undefined) {
      this.#inner.abort(reason);
      return;
    }
    if (this.#timer !== undefined) this.#context.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#fail(reason);
  }

  pause(): void {
    this.#paused = true;
    this.#inner?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#inner?.resume();
  }
}
