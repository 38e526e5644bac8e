export { AccessToken } from './access-token.js';
export {
  type AuthorizedFetch,
  type AuthorizedFetchOptions,
  createAuthorizedFetch,
} from './authorized-fetch.js';
export { type ClientCredentialsOptions, clientCredentials } from './client-credentials.js';
export { type Clock, sleep, systemClock, type TimerHandle } from './clock.js';
export {
  ApiRequestError,
  CloudTokenError,
  type CloudTokenErrorCode,
  CredentialsRejectedError,
  InvalidOptionsError,
  isCloudTokenError,
  RateLimitedError,
  TokenRequestError,
  type TokenRequestFailure,
  TokenResponseError,
  UsageError,
} from './errors.js';
export { type ExternalTokenProvider, externalToken } from './external-token.js';
export type { FailureBudgetPolicy } from './failure-budget.js';
export { isLoopbackHost } from './loopback.js';
export {
  type CallAnswer,
  type CallDecision,
  type CallPolicy,
  type CallPolicyOptions,
  type CallState,
  createCallPolicy,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RATE_LIMIT_RETRIES,
  DEFAULT_UNAUTHORIZED_REPLAYS,
  isReplayableBody,
} from './policy.js';
export { asposeCloud, type CloudPreset, groupDocsCloud } from './presets.js';
export { Redacted } from './redacted.js';
export type { RenewalPolicy, UnusablePolicy } from './renewal-window.js';
export {
  type CloudTokenOptions,
  isTokenSource,
  resolveTokenSource,
  type TokenSourceInput,
} from './resolve-token-source.js';
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';
export {
  DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MAX_TOKEN_LIFETIME_SECONDS,
} from './token-answer.js';
export { createTokenSource } from './token-source.js';
export {
  DEFAULT_TOKEN_SOURCE_OPTIONS,
  type RateLimitPolicy,
  type ResolvedTokenSourceOptions,
  type RetryPolicy,
  resolveClock,
  resolveTokenSourceOptions,
  type TokenSourceOptions,
  type TokenSourcePolicies,
} from './token-source-options.js';
export {
  createTokenSourcePool,
  DEFAULT_TOKEN_SOURCE_POOL_SIZE,
  type TokenSourcePool,
  type TokenSourcePoolOptions,
} from './token-source-pool.js';
export type {
  ClientAuthMethod,
  ClientCredentialsGrant,
  ExternalTokenAnswer,
  ExternalTokenGrant,
  FetchLike,
  GetTokenOptions,
  Grant,
  Logger,
  TokenSource,
} from './types.js';
