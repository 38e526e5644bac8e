/*
 * `@cloud-token/core/adapter`: what the framework adapters (axios, Express,
 * Koa, NestJS, the Redis store) build on and applications do not need. It is
 * public and semver-covered, but kept off the main entry so that an
 * application's autocomplete shows only what it uses.
 */

export { AUTHORIZED_FETCH_OPTION_KEYS } from './call/authorized-fetch.js';
export {
  CALL_POLICY_OPTION_KEYS,
  type CallAnswer,
  type CallDecision,
  type CallPolicy,
  type CallState,
  createCallPolicy,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RATE_LIMIT_RETRIES,
  DEFAULT_REJECTED_TOKEN_STATUSES,
  DEFAULT_UNAUTHORIZED_REPLAYS,
} from './call/call-policy.js';
export {
  type CallTracker,
  type CallTracking,
  createCallTracking,
} from './call/call-tracker.js';
export { isReplayableBody } from './call/replayable-body.js';
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from './call/retry-after.js';
export { UNAUTHORIZED_RENEWAL_PAUSE_MS } from './call/token-rejections.js';
export { sleep, steadyNow } from './shared/clock.js';
export { type DeadlineOptions, runWithDeadline } from './shared/deadline.js';
export { isLoopbackHost } from './shared/loopback.js';
export {
  closestKey,
  describeValue,
  MAX_TIMER_MS,
  type NumberRule,
  type OptionKeys,
  pickOptions,
  readBooleanOption,
  readFunctionOption,
  readNumberOption,
  readOptionsObject,
} from './shared/options.js';
export { CLIENT_CREDENTIALS_OPTION_KEYS } from './token-endpoint/client-credentials.js';
export { readJwtClaims } from './token-endpoint/jwt-claims.js';
export {
  DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MAX_TOKEN_LIFETIME_SECONDS,
  MIN_TOKEN_LIFETIME_SECONDS,
} from './token-endpoint/token-answer.js';
export {
  type GuardState,
  type GuardStateOptions,
  readGuardState,
} from './token-source/guard-state.js';
export { isTokenSource, resolveTokenSource } from './token-source/resolve-token-source.js';
export { credentialStoreKey, type StoreKeyParts, shortStoreKey } from './token-source/store-key.js';
export {
  applyGuardUpdate,
  readStoredGuard,
  type StoredGuard,
} from './token-source/stored-guard.js';
export { decodeStoredToken, encodeStoredToken } from './token-source/stored-token-codec.js';
export {
  type ResolvedTokenSourceOptions,
  resolveClock,
  resolveTokenSourceOptions,
  TOKEN_SOURCE_OPTION_KEYS,
} from './token-source/token-source-options.js';
