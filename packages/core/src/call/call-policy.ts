import { type Clock, systemClock } from '../shared/clock.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { numberRule } from '../shared/option-rules.js';
import { optionsSchema, type ReadOptions } from '../shared/options-schema.js';
import { allowInsecureHttpRule, parseHttpUrlOption } from '../shared/url-option.js';
import { resolveTokenOrigins } from './origins.js';
import { parseRetryAfter } from './retry-after.js';
import { startsAtOrigin } from './starts-at-origin.js';

/**
 * Default longest `Retry-After` (10 s) worth waiting for on a 429/503 before
 * retrying; a longer one is handed back to the caller at once.
 *
 * @example
 * ```ts
 * createCallPolicy({ baseUrl, maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS * 3 });
 * ```
 */
export const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;

/**
 * Default number of retries (2) after a 429/503 whose `Retry-After` is short enough.
 *
 * @example
 * ```ts
 * createCallPolicy({ baseUrl, rateLimitRetries: DEFAULT_RATE_LIMIT_RETRIES + 1 });
 * ```
 */
export const DEFAULT_RATE_LIMIT_RETRIES = 2;

/**
 * Default number of replays (1) after a 401 that answered a request carrying our token.
 *
 * @example
 * ```ts
 * createCallPolicy({ baseUrl, unauthorizedReplays: DEFAULT_UNAUTHORIZED_REPLAYS });
 * ```
 */
export const DEFAULT_UNAUTHORIZED_REPLAYS = 1;

/**
 * Default answers that mean "the API refused our token" (`[401]`): such an
 * answer to a request that carried the token invalidates that token, and the
 * request is replayed with a new one when its body can be sent again.
 *
 * @example
 * ```ts
 * createCallPolicy({ baseUrl, rejectedTokenStatuses: [...DEFAULT_REJECTED_TOKEN_STATUSES, 403] });
 * ```
 */
export const DEFAULT_REJECTED_TOKEN_STATUSES: readonly number[] = Object.freeze([401]);

/**
 * Options of {@link createCallPolicy}: where the token may go and how the
 * cloud's 401/429/503 answers are handled. At least one of `baseUrl` and
 * `allowedOrigins` is required.
 *
 * @example
 * ```ts
 * const options: CallPolicyOptions = {
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 *   maxRetryAfterMs: 5_000,
 * };
 * ```
 */
export interface CallPolicyOptions {
  /** The API base URL; its origin is allowed to receive the token by default. */
  baseUrl?: string | URL;
  /**
   * Origins (or URLs, reduced to their origin) allowed to receive the token;
   * when given, replaces the default [origin of baseUrl].
   */
  allowedOrigins?: readonly (string | URL)[];
  /** Permit `http:` origins that are not loopback (default false: https only, loopback excepted). */
  allowInsecureHttp?: boolean;
  /** Longest Retry-After (ms) worth waiting for on 429/503; default 10_000. */
  maxRetryAfterMs?: number;
  /** Retries after 429/503 with a short enough Retry-After; default 2. */
  rateLimitRetries?: number;
  /** Replays after a 401 that carried our token; default 1. */
  unauthorizedReplays?: number;
  /**
   * HTTP statuses that mean "the API refused our token" (default `[401]`).
   * Add `403` for an API that answers 403 to an expired token. Each must be
   * a 4xx status other than 429; an answer with another status is never
   * taken for a refused token, whatever its body says.
   */
  rejectedTokenStatuses?: readonly number[];
}

/**
 * The schema of {@link CallPolicyOptions}: a rule for every key, read from
 * own properties only (an inherited `allowedOrigins` or `allowInsecureHttp`
 * is never read). Adapters that take the call policy inside a larger options
 * object spread its `rules` into their own table.
 *
 * @example
 * ```ts
 * import { callPolicySchema, clockRule, optionsSchema } from '@cloud-token/core/adapter';
 *
 * const attachSchema = optionsSchema<CallPolicyOptions & { clock?: Clock }>()({
 *   ...callPolicySchema.rules,
 *   clock: clockRule,
 * });
 * ```
 */
export const callPolicySchema = optionsSchema<CallPolicyOptions>()({
  baseUrl: (value, path) => (value === undefined ? undefined : parseHttpUrlOption(value, path)),
  allowedOrigins: readAllowedOrigins,
  allowInsecureHttp: allowInsecureHttpRule,
  maxRetryAfterMs: numberRule('duration', DEFAULT_MAX_RETRY_AFTER_MS),
  rateLimitRetries: numberRule('whole', DEFAULT_RATE_LIMIT_RETRIES),
  unauthorizedReplays: numberRule('whole', DEFAULT_UNAUTHORIZED_REPLAYS),
  rejectedTokenStatuses: readRejectedStatuses,
});

/**
 * {@link CallPolicyOptions} as the schema read them: URLs parsed, defaults
 * filled in; the origins are checked against `allowInsecureHttp` when the
 * policy is made.
 *
 * @example
 * ```ts
 * const settings: CallPolicySettings = callPolicySchema.read({ baseUrl: 'https://api.aspose.cloud/' });
 * settings.maxRetryAfterMs; // 10_000
 * ```
 */
export type CallPolicySettings = ReadOptions<typeof callPolicySchema.rules>;

/**
 * One answer to a call, as far as the policy cares.
 *
 * @example
 * ```ts
 * const answer: CallAnswer = { status: response.status, retryAfter: response.headers.get('retry-after') };
 * ```
 */
export interface CallAnswer {
  /** The HTTP status. */
  status: number;
  /** The raw `Retry-After` header, if any. */
  retryAfter: string | null | undefined;
}

/**
 * What happened so far in one call (one caller's request, with its replays
 * and retries).
 *
 * @example
 * ```ts
 * const state: CallState = { carriedToken: true, bodyReplayable: true, unauthorizedReplays: 0, rateLimitRetries: 0 };
 * ```
 */
export interface CallState {
  /** The request carried our token. */
  carriedToken: boolean;
  /** The request body can be sent again. */
  bodyReplayable: boolean;
  /** 401-replays done so far for this call. */
  unauthorizedReplays: number;
  /** 429/503 retries done so far for this call. */
  rateLimitRetries: number;
}

/**
 * What to do with one answer:
 * - `return`: give the answer back; `retryAfterMs` is the parsed delay of a
 *   429/503 that was not waited for, when it had one.
 * - `renew-and-replay`: `invalidate()` the token the request carried, get a
 *   token, send the request again.
 * - `wait-and-retry`: `sleep(delayMs, clock, signal)`, send the request again.
 *
 * @example
 * ```ts
 * const decision: CallDecision = policy.decide(answer, state);
 * if (decision.action === 'wait-and-retry') await sleep(decision.delayMs, clock, signal);
 * ```
 */
export type CallDecision =
  | { action: 'return'; retryAfterMs?: number }
  | { action: 'renew-and-replay' }
  | { action: 'wait-and-retry'; delayMs: number };

/**
 * The rules for a call that carries the token, independent of the transport:
 * every adapter (fetch, axios, a proxy) asks the same policy.
 *
 * @example
 * ```ts
 * const policy = createCallPolicy({ baseUrl: 'https://api.aspose.cloud/' });
 * policy.mayCarryToken('https://api.aspose.cloud/v4.0/words/doc.docx'); // true
 * policy.mayCarryToken('https://example.com/'); // false
 * ```
 */
export interface CallPolicy {
  /** Whether a request to this URL may carry the token (origin allowed, scheme allowed). */
  mayCarryToken(url: string | URL): boolean;
  /** What to do with one answer. */
  decide(answer: CallAnswer, state: CallState): CallDecision;
  /** Whether this status means "the API refused our token" (see `rejectedTokenStatuses`). */
  rejectsToken(status: number): boolean;
}

const giveBack: CallDecision = Object.freeze({ action: 'return' });
const renewAndReplay: CallDecision = Object.freeze({ action: 'renew-and-replay' });

/**
 * Validates the options (an {@link InvalidOptionsError} names the offending
 * option) and builds the {@link CallPolicy}. `clock.now()` turns an HTTP-date
 * `Retry-After` into a delay.
 *
 * The rules `decide` applies:
 * - 401 (or another of `rejectedTokenStatuses`) to a request that carried
 *   our token, with a replayable body, fewer than `unauthorizedReplays`
 *   replays done → `renew-and-replay`; any other such answer → `return`.
 * - 403 → `return`: a missing permission does not come back with a new token.
 * - 429 or 503 with a `Retry-After` of at most `maxRetryAfterMs`, fewer than
 *   `rateLimitRetries` retries done and a replayable body → `wait-and-retry`;
 *   otherwise → `return`, with `retryAfterMs` when the header was readable.
 * - Anything else → `return`.
 *
 * @example
 * ```ts
 * const policy = createCallPolicy({ baseUrl: 'https://api.aspose.cloud/' });
 * policy.decide(
 *   { status: 429, retryAfter: '1' },
 *   { carriedToken: true, bodyReplayable: true, unauthorizedReplays: 0, rateLimitRetries: 0 },
 * ); // { action: 'wait-and-retry', delayMs: 1000 }
 * ```
 */
export function createCallPolicy(
  options: CallPolicyOptions,
  clock: Clock = systemClock,
): CallPolicy {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an object');
  }
  return callPolicyOf(callPolicySchema.read(options), clock);
}

/**
 * The policy of options {@link callPolicySchema} already read, for an
 * adapter that read them inside its own table (with `clock` among them).
 *
 * @example
 * ```ts
 * const settings = attachSchema.read(options); // { ...callPolicySchema.rules, clock: clockRule }
 * const policy = callPolicyOf(settings, settings.clock);
 * ```
 */
export function callPolicyOf(settings: CallPolicySettings, clock: Clock): CallPolicy {
  const { maxRetryAfterMs, rateLimitRetries, unauthorizedReplays } = settings;
  const tokenOrigins = resolveTokenOrigins(
    settings.baseUrl,
    settings.allowedOrigins,
    settings.allowInsecureHttp,
  );
  const rejectedStatuses: ReadonlySet<number> = new Set(settings.rejectedTokenStatuses);

  return {
    mayCarryToken(url) {
      // A URL's href is normalized (default port dropped, host lower-cased): one that starts
      // at an allowed origin is at it, and that test costs a third of building `origin`.
      // `origin` still decides the rest (an href with credentials in it starts elsewhere).
      if (url instanceof URL) {
        return startsAtOrigin(url.href, tokenOrigins) || tokenOrigins.has(url.origin);
      }
      if (startsAtOrigin(url, tokenOrigins)) return true;
      // Parsed once: `URL.canParse` first would parse it twice on every call.
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      return tokenOrigins.has(parsed.origin);
    },
    rejectsToken(status) {
      return rejectedStatuses.has(status);
    },
    decide(answer, state) {
      if (rejectedStatuses.has(answer.status)) {
        const replay =
          state.carriedToken &&
          state.bodyReplayable &&
          state.unauthorizedReplays < unauthorizedReplays;
        return replay ? renewAndReplay : giveBack;
      }
      if (!readsRetryAfter(answer.status)) return giveBack;
      const retryAfterMs = parseRetryAfter(answer.retryAfter, clock.now());
      if (retryAfterMs === undefined) return giveBack;
      const retry =
        retryAfterMs <= maxRetryAfterMs &&
        state.bodyReplayable &&
        state.rateLimitRetries < rateLimitRetries;
      return retry
        ? { action: 'wait-and-retry', delayMs: retryAfterMs }
        : { action: 'return', retryAfterMs };
    },
  };
}

/**
 * Whether the call policy reads an answer's `Retry-After`: only a 429's or a
 * 503's, so a caller can leave the header unread on every other answer.
 */
export function readsRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

function readAllowedOrigins(value: unknown, path: string): readonly URL[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidOptionsError(path, 'must be a non-empty array of origins or URLs');
  }
  return Object.freeze(
    value.map((entry: unknown, index) => parseHttpUrlOption(entry, `${path}[${index}]`)),
  );
}

function readRejectedStatuses(value: unknown, path: string): readonly number[] {
  if (value === undefined) return DEFAULT_REJECTED_TOKEN_STATUSES;
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (status: unknown) =>
        typeof status === 'number' &&
        Number.isInteger(status) &&
        status >= 400 &&
        status <= 499 &&
        status !== 429,
    );
  if (!valid) {
    throw new InvalidOptionsError(
      path,
      'must be a non-empty array of 4xx statuses other than 429, such as [401, 403]',
    );
  }
  return Object.freeze([...value] as number[]);
}
