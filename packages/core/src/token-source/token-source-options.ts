import { type Clock, systemClock } from '../shared/clock.js';
import { InvalidOptionsError } from '../shared/errors.js';
import {
  describeValue,
  type NumberRule,
  readBooleanOption,
  readFunctionOption,
  readNumberOption,
  readOptionsObject,
} from '../shared/options.js';
import type { FetchLike, Logger } from '../types.js';
import type { BackoffPolicy } from './backoff.js';
import type { FailureBudgetPolicy } from './failure-budget.js';
import type { RenewalPolicy, UnusablePolicy } from './renewal-window.js';
import type { TokenStore } from './token-store.js';

/**
 * Options of `createTokenSource()`. Every one is optional; the defaults are in
 * {@link DEFAULT_TOKEN_SOURCE_OPTIONS}. Unknown keys are rejected at creation
 * (`ERR_INVALID_OPTIONS` naming the key and the known key it was probably
 * meant to be).
 *
 * @example
 * ```ts
 * const options: TokenSourceOptions = {
 *   logger: console,
 *   timeoutMs: 5_000,
 *   retry: { attempts: 2 },
 *   failureBudget: { maxFailures: 2, windowMs: 60_000 },
 * };
 * createTokenSource(clientCredentials(credentials), options);
 * ```
 */
export interface TokenSourceOptions {
  /** The `fetch` token requests go through; default: the global `fetch`, looked up at call time. */
  fetch?: FetchLike;
  /**
   * Time and timers; default {@link systemClock}. Cooldowns are measured on
   * its `monotonic()` reading when it has one.
   */
  clock?: Clock;
  /** Where state changes are reported (secret-free fields only); default: nowhere. */
  logger?: Logger;
  /** A uniform random number in [0, 1) for jitter; default `Math.random`. */
  random?: () => number;
  /** Timeout of one token request, in ms; default 10 s. */
  timeoutMs?: number;
  /**
   * When a token is renewed in the background: at
   * `expiresAt − min(maxEarlyMs, earlyFraction × lifetime)`, up to `jitterMs`
   * earlier at random. Defaults: 5 min, 0.1, 30 s.
   */
  renewal?: Partial<RenewalPolicy>;
  /**
   * When a token is no longer served: at
   * `expiresAt − min(maxMarginMs, marginFraction × lifetime)`. Defaults: 30 s, 0.05.
   */
  unusable?: Partial<UnusablePolicy>;
  /**
   * Retries of transient failures (network, timeout, 408, 5xx,
   * `server_error`, `temporarily_unavailable`, malformed answers) within one
   * acquisition: `attempts` requests at most (default 3), full-jitter
   * exponential backoff from `baseDelayMs` (200 ms) capped at `maxDelayMs` (5 s).
   */
  retry?: Partial<RetryPolicy>;
  /**
   * At most `maxFailures` failed token requests per rolling `windowMs`
   * (default 3 per 60 s, below Aspose's 5 and GroupDocs' 20); beyond it,
   * callers fail fast with `ERR_TOKEN_REQUEST` (reason `budget`).
   */
  failureBudget?: Partial<FailureBudgetPolicy>;
  /**
   * After the token endpoint rejects the credentials (`invalid_client`, …),
   * every caller fails fast with that same error, without a request, for this
   * long; default 10 min (the Aspose lockout's length). New credentials mean a
   * new source, which starts clean.
   */
  rejectionCooldownMs?: number;
  /**
   * A 429 from the token endpoint stops every request for its `Retry-After`,
   * or `defaultCooldownMs` (60 s) when it has none, never longer than
   * `maxCooldownMs` (1 h).
   */
  rateLimit?: Partial<RateLimitPolicy>;
  /**
   * Where the token and the guard's state are kept per credential, beyond
   * this source object: default `defaultTokenStore()`, one bounded memory
   * store per process, so a source made again for the same credentials finds
   * their rejection, cooldowns and token. A shared store
   * (`@cloud-token/redis`) makes a fleet renew once and share the token. A
   * store that fails or hangs never fails `getToken()`: the source then works
   * locally (`status().store` is `'fallback'`) until a store call succeeds.
   */
  store?: TokenStore;
  /**
   * How long one store call may take before the source goes on without it,
   * in ms; default 1 s.
   */
  storeTimeoutMs?: number;
  /**
   * Renews the token in the background when its renewal window opens, on an
   * idle timer that does not keep the process alive, so no caller ever waits
   * for a renewal. Default `false`: renewal is triggered by use (the first
   * `getToken()` after the window opens renews in the background while it
   * is served the current token).
   */
  keepWarm?: boolean;
}

/**
 * Retries of transient token request failures within one acquisition.
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };
 * ```
 */
export interface RetryPolicy extends BackoffPolicy {
  /** Token requests per acquisition, the first included (1 = no retry). */
  attempts: number;
}

/**
 * How long a 429 from the token endpoint stops token requests.
 *
 * @example
 * ```ts
 * const rateLimit: RateLimitPolicy = { defaultCooldownMs: 60_000, maxCooldownMs: 3_600_000 };
 * ```
 */
export interface RateLimitPolicy {
  /** The cooldown when the 429 has no usable `Retry-After`. */
  defaultCooldownMs: number;
  /** The longest cooldown, whatever `Retry-After` says. */
  maxCooldownMs: number;
}

/**
 * The token source's numeric policies, every one set.
 *
 * @example
 * ```ts
 * const policies: TokenSourcePolicies = DEFAULT_TOKEN_SOURCE_OPTIONS;
 * ```
 */
export interface TokenSourcePolicies {
  readonly timeoutMs: number;
  readonly renewal: Readonly<RenewalPolicy>;
  readonly unusable: Readonly<UnusablePolicy>;
  readonly retry: Readonly<RetryPolicy>;
  readonly failureBudget: Readonly<FailureBudgetPolicy>;
  readonly rejectionCooldownMs: number;
  readonly rateLimit: Readonly<RateLimitPolicy>;
}

/**
 * The documented defaults of {@link TokenSourceOptions}.
 *
 * @example
 * ```ts
 * DEFAULT_TOKEN_SOURCE_OPTIONS.failureBudget; // { maxFailures: 3, windowMs: 60_000 }
 * createTokenSource(grant, { timeoutMs: DEFAULT_TOKEN_SOURCE_OPTIONS.timeoutMs * 2 });
 * ```
 */
export const DEFAULT_TOKEN_SOURCE_OPTIONS: TokenSourcePolicies = Object.freeze({
  timeoutMs: 10_000,
  renewal: Object.freeze({ maxEarlyMs: 5 * 60_000, earlyFraction: 0.1, jitterMs: 30_000 }),
  unusable: Object.freeze({ maxMarginMs: 30_000, marginFraction: 0.05 }),
  retry: Object.freeze({ attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 }),
  failureBudget: Object.freeze({ maxFailures: 3, windowMs: 60_000 }),
  rejectionCooldownMs: 10 * 60_000,
  rateLimit: Object.freeze({ defaultCooldownMs: 60_000, maxCooldownMs: 60 * 60_000 }),
});

/**
 * {@link TokenSourceOptions} validated, with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedTokenSourceOptions = resolveTokenSourceOptions({ timeoutMs: 5_000 });
 * ```
 */
export interface ResolvedTokenSourceOptions extends TokenSourcePolicies {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly logger: Logger | undefined;
  readonly random: () => number;
  /** `undefined`: the default store of the clock. */
  readonly store: TokenStore | undefined;
  readonly storeTimeoutMs: number;
  readonly keepWarm: boolean;
}

/** The default of `storeTimeoutMs`. */
const DEFAULT_STORE_TIMEOUT_MS = 1_000;

const storeMethods = ['read', 'writeToken', 'acquireLock', 'releaseLock', 'updateGuard'] as const;

function storeOption(value: unknown): TokenStore | undefined {
  if (value === undefined) return undefined;
  // Not read as an options object: a store is an object of its own, with members of its own.
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionsError('store', `must be a TokenStore; got ${describeValue(value)}`);
  }
  const store = value as Record<string, unknown>;
  for (const method of storeMethods) {
    if (typeof store[method] !== 'function') {
      throw new InvalidOptionsError(`store.${method}`, 'must be a function');
    }
  }
  if (store.subscribe !== undefined && typeof store.subscribe !== 'function') {
    throw new InvalidOptionsError('store.subscribe', 'must be a function when present');
  }
  if (typeof store.shared !== 'boolean') {
    throw new InvalidOptionsError(
      'store.shared',
      `must be a boolean; got ${describeValue(store.shared)}`,
    );
  }
  return value as TokenStore;
}

type PolicyGroup = 'renewal' | 'unusable' | 'retry' | 'failureBudget' | 'rateLimit';

const groupRules: { [G in PolicyGroup]: Record<keyof TokenSourcePolicies[G], NumberRule> } = {
  renewal: { maxEarlyMs: 'duration', earlyFraction: 'fraction', jitterMs: 'duration' },
  unusable: { maxMarginMs: 'duration', marginFraction: 'fraction' },
  retry: { attempts: 'count', baseDelayMs: 'delay', maxDelayMs: 'delay' },
  failureBudget: { maxFailures: 'count', windowMs: 'positive' },
  rateLimit: { defaultCooldownMs: 'duration', maxCooldownMs: 'duration' },
};

/**
 * The keys {@link TokenSourceOptions} accepts, for adapters that take them
 * inside a larger options object and check that object's keys themselves.
 *
 * @example
 * ```ts
 * import { TOKEN_SOURCE_OPTION_KEYS } from '@cloud-token/core/adapter';
 *
 * readOptionsObject(options, 'options', { known: [...TOKEN_SOURCE_OPTION_KEYS, 'baseUrl'] });
 * ```
 */
export const TOKEN_SOURCE_OPTION_KEYS: readonly (keyof TokenSourceOptions)[] = Object.freeze([
  'fetch',
  'clock',
  'logger',
  'random',
  'timeoutMs',
  'renewal',
  'unusable',
  'retry',
  'failureBudget',
  'rejectionCooldownMs',
  'rateLimit',
  'store',
  'storeTimeoutMs',
  'keepWarm',
]);

function groupOption<G extends PolicyGroup>(
  given: Record<string, unknown>,
  group: G,
): TokenSourcePolicies[G] {
  const rules: Record<string, NumberRule> = groupRules[group];
  const values = readOptionsObject(given[group], group, { known: Object.keys(rules) });
  const defaults: Record<string, number> = DEFAULT_TOKEN_SOURCE_OPTIONS[group];
  const resolved: Record<string, number> = {};
  for (const [key, rule] of Object.entries(rules)) {
    resolved[key] = readNumberOption(values[key], `${group}.${key}`, defaults[key] ?? 0, rule);
  }
  return resolved as TokenSourcePolicies[G];
}

/**
 * Validates an injected `clock` option, as every factory taking one does:
 * `systemClock` when it is `undefined`, else an object whose `now`,
 * `setTimeout` and `clearTimeout` are functions. Throws `InvalidOptionsError`
 * naming `clock` or the missing method (`clock.setTimeout`).
 *
 * @example
 * ```ts
 * import { resolveClock } from '@cloud-token/core/adapter';
 *
 * const clock = resolveClock(options.clock); // systemClock when not given
 * resolveClock({ now: () => 0 }); // throws InvalidOptionsError: Invalid option "clock.setTimeout": must be a function
 * ```
 */
export function resolveClock(value: unknown): Clock {
  if (value === undefined) return systemClock;
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionsError('clock', `must be an object; got ${describeValue(value)}`);
  }
  const clock = value as Record<string, unknown>;
  for (const method of ['now', 'setTimeout', 'clearTimeout']) {
    if (typeof clock[method] !== 'function') {
      throw new InvalidOptionsError(`clock.${method}`, 'must be a function');
    }
  }
  if (clock.monotonic !== undefined && typeof clock.monotonic !== 'function') {
    throw new InvalidOptionsError('clock.monotonic', 'must be a function when present');
  }
  return value as Clock;
}

function loggerOption(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionsError('logger', `must be an object; got ${describeValue(value)}`);
  }
  const logger = value as Record<string, unknown>;
  for (const level of ['debug', 'info', 'warn', 'error']) {
    if (logger[level] !== undefined && typeof logger[level] !== 'function') {
      throw new InvalidOptionsError(`logger.${level}`, 'must be a function when present');
    }
  }
  return value as Logger;
}

const credentialKeysElsewhere: Readonly<Record<string, string>> = Object.fromEntries(
  ['tokenUrl', 'clientId', 'clientSecret', 'scope', 'resource', 'authMethod'].map((key) => [
    key,
    'credentials go to clientCredentials(), whose grant createTokenSource() takes first',
  ]),
);

// Looked up at call time, so a fetch installed or replaced after creation still applies.
const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/**
 * Validates {@link TokenSourceOptions} and fills in the defaults. Throws
 * `InvalidOptionsError` naming the first bad option (a dotted path such as
 * `retry.attempts`); values are never echoed. Unknown keys are rejected, with the closest known key.
 *
 * @example
 * ```ts
 * resolveTokenSourceOptions({ retry: { attempts: 0 } });
 * // throws InvalidOptionsError: Invalid option "retry.attempts": must be an integer of 1 or more
 * ```
 */
export function resolveTokenSourceOptions(
  options: TokenSourceOptions | undefined,
): ResolvedTokenSourceOptions {
  const given = readOptionsObject(options, 'options', {
    known: TOKEN_SOURCE_OPTION_KEYS,
    elsewhere: credentialKeysElsewhere,
  });
  const resolved: ResolvedTokenSourceOptions = {
    fetch: readFunctionOption<FetchLike>(given.fetch, 'fetch', globalFetch),
    clock: resolveClock(given.clock),
    logger: loggerOption(given.logger),
    random: readFunctionOption<() => number>(given.random, 'random', Math.random),
    timeoutMs: readNumberOption(
      given.timeoutMs,
      'timeoutMs',
      DEFAULT_TOKEN_SOURCE_OPTIONS.timeoutMs,
      'timeout',
    ),
    renewal: groupOption(given, 'renewal'),
    unusable: groupOption(given, 'unusable'),
    retry: groupOption(given, 'retry'),
    failureBudget: groupOption(given, 'failureBudget'),
    rejectionCooldownMs: readNumberOption(
      given.rejectionCooldownMs,
      'rejectionCooldownMs',
      DEFAULT_TOKEN_SOURCE_OPTIONS.rejectionCooldownMs,
      'duration',
    ),
    rateLimit: groupOption(given, 'rateLimit'),
    store: storeOption(given.store),
    storeTimeoutMs: readNumberOption(
      given.storeTimeoutMs,
      'storeTimeoutMs',
      DEFAULT_STORE_TIMEOUT_MS,
      'timeout',
    ),
    keepWarm: readBooleanOption(given.keepWarm, 'keepWarm', false),
  };
  if (resolved.retry.baseDelayMs > resolved.retry.maxDelayMs) {
    throw new InvalidOptionsError('retry.baseDelayMs', 'must not exceed retry.maxDelayMs');
  }
  if (resolved.rateLimit.defaultCooldownMs > resolved.rateLimit.maxCooldownMs) {
    throw new InvalidOptionsError(
      'rateLimit.defaultCooldownMs',
      'must not exceed rateLimit.maxCooldownMs',
    );
  }
  return resolved;
}
