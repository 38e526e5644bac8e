import type { Clock } from '../shared/clock.js';
import type { TokenRenewedEvent } from '../shared/diagnostics.js';
import { InvalidOptionsError } from '../shared/errors.js';
import {
  booleanRule,
  clockRule,
  describeValue,
  fetchRule,
  functionRule,
  loggerRule,
  type NumberRule,
  numberRule,
} from '../shared/option-rules.js';
import {
  groupRule,
  keysBelongTo,
  type OptionRule,
  optionsSchema,
  type SomeOptionsSchema,
} from '../shared/options-schema.js';
import { clientCredentialsSchema } from '../token-endpoint/client-credentials-options.js';
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
  /**
   * Called with each token the source adopts (the same event as
   * `cloud-token:token.renewed`), for applications without diagnostics
   * subscribers. A callback that throws never breaks a call.
   */
  onTokenRenewed?: (event: TokenRenewedEvent) => void;
  /**
   * Called once per failed token acquisition (however many callers waited
   * for it) with the typed, secret-free error. A callback that throws never
   * breaks a call.
   */
  onError?: (error: unknown) => void;
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
  readonly onTokenRenewed: ((event: TokenRenewedEvent) => void) | undefined;
  readonly onError: ((error: unknown) => void) | undefined;
}

/** The default of `storeTimeoutMs`. */
const DEFAULT_STORE_TIMEOUT_MS = 1_000;

const storeMethods = ['read', 'writeToken', 'acquireLock', 'releaseLock', 'updateGuard'] as const;

// Not read as an options object: a store is an object of its own, whose methods may come from its class.
const storeRule: OptionRule<TokenStore | undefined> = (value, path) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionsError(path, `must be a TokenStore; got ${describeValue(value)}`);
  }
  const store = value as Record<string, unknown>;
  for (const method of storeMethods) {
    if (typeof store[method] !== 'function') {
      throw new InvalidOptionsError(`${path}.${method}`, 'must be a function');
    }
  }
  if (store.subscribe !== undefined && typeof store.subscribe !== 'function') {
    throw new InvalidOptionsError(`${path}.subscribe`, 'must be a function when present');
  }
  if (typeof store.shared !== 'boolean') {
    throw new InvalidOptionsError(
      `${path}.shared`,
      `must be a boolean; got ${describeValue(store.shared)}`,
    );
  }
  return value as TokenStore;
};

type PolicyGroup = 'renewal' | 'unusable' | 'retry' | 'failureBudget' | 'rateLimit';

/** What each number of each policy group must be; a key missing here is a compile error. */
const groupRules: {
  readonly [G in PolicyGroup]: { readonly [K in keyof TokenSourcePolicies[G]]-?: NumberRule };
} = {
  renewal: { maxEarlyMs: 'duration', earlyFraction: 'fraction', jitterMs: 'duration' },
  unusable: { maxMarginMs: 'duration', marginFraction: 'fraction' },
  retry: { attempts: 'count', baseDelayMs: 'delay', maxDelayMs: 'delay' },
  failureBudget: { maxFailures: 'count', windowMs: 'positive' },
  rateLimit: { defaultCooldownMs: 'duration', maxCooldownMs: 'duration' },
};

/** The schema of one policy group: a number rule per key, with its documented default. */
function policySchema<G extends PolicyGroup>(group: G): SomeOptionsSchema<TokenSourcePolicies[G]> {
  const defaults: Readonly<Record<string, number>> = DEFAULT_TOKEN_SOURCE_OPTIONS[group];
  const rules = Object.entries(groupRules[group]).map(([key, rule]) => [
    key,
    numberRule(rule as NumberRule, defaults[key] ?? 0),
  ]);
  return optionsSchema<Record<string, number>>()(
    Object.fromEntries(rules),
  ) as unknown as SomeOptionsSchema<TokenSourcePolicies[G]>;
}

/**
 * A group whose two bounds must be in order (`retry.baseDelayMs` at most
 * `retry.maxDelayMs`): read with its schema, then the order checked.
 */
function orderedGroup<R>(
  schema: SomeOptionsSchema<R>,
  low: keyof R & string,
  high: keyof R & string,
): OptionRule<R> {
  return (value, path) => {
    const group = schema.read(value, path);
    if ((group[low] as number) > (group[high] as number)) {
      throw new InvalidOptionsError(`${path}.${low}`, `must not exceed ${path}.${high}`);
    }
    return group;
  };
}

/**
 * The schema of {@link TokenSourceOptions}: a rule for every key (nested
 * policies as groups with dotted paths, `retry.attempts`), read from own
 * properties only. Adapters that take these options inside a larger object
 * spread its `rules` into their own table.
 *
 * @example
 * ```ts
 * import { optionsSchema, tokenSourceSchema } from '@cloud-token/core/adapter';
 *
 * interface PluginOptions extends TokenSourceOptions { prefetch?: boolean }
 * const pluginSchema = optionsSchema<PluginOptions>()({
 *   ...tokenSourceSchema.rules,
 *   prefetch: booleanRule(false),
 * });
 * ```
 */
export const tokenSourceSchema = optionsSchema<TokenSourceOptions>()(
  {
    fetch: fetchRule,
    clock: clockRule,
    logger: loggerRule,
    random: functionRule<() => number>(Math.random),
    timeoutMs: numberRule('timeout', DEFAULT_TOKEN_SOURCE_OPTIONS.timeoutMs),
    renewal: groupRule(policySchema('renewal')),
    unusable: groupRule(policySchema('unusable')),
    retry: orderedGroup(policySchema('retry'), 'baseDelayMs', 'maxDelayMs'),
    failureBudget: groupRule(policySchema('failureBudget')),
    rejectionCooldownMs: numberRule('duration', DEFAULT_TOKEN_SOURCE_OPTIONS.rejectionCooldownMs),
    rateLimit: orderedGroup(policySchema('rateLimit'), 'defaultCooldownMs', 'maxCooldownMs'),
    store: storeRule,
    storeTimeoutMs: numberRule('timeout', DEFAULT_STORE_TIMEOUT_MS),
    keepWarm: booleanRule(false),
    onTokenRenewed: functionRule<((event: TokenRenewedEvent) => void) | undefined>(undefined),
    onError: functionRule<((error: unknown) => void) | undefined>(undefined),
  },
  {
    elsewhere: keysBelongTo(
      clientCredentialsSchema.keys,
      'credentials go to clientCredentials(), whose grant createTokenSource() takes first',
    ),
  },
);

/**
 * Validates {@link TokenSourceOptions} and fills in the defaults, reading
 * each own value once (an object it already read is returned as it is).
 * Throws `InvalidOptionsError` naming the first bad option (a dotted path
 * such as `retry.attempts`); values are never echoed. Unknown keys are
 * rejected, with the closest known key.
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
  return tokenSourceSchema.read(options);
}
