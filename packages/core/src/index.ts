/*
 * `@cloud-token/core`: for applications. A token source, the authorized
 * fetch, the errors, the presets and every option type. Adapters re-export
 * this entry whole, so an application installs one package; what adapter
 * and store authors build on is in `./adapter`, `./node` and `./store`.
 */
export {
  type AuthorizedFetch,
  type AuthorizedFetchOptions,
  createAuthorizedFetch,
} from './call/authorized-fetch.js';
export {
  type CallPolicyOptions,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RATE_LIMIT_RETRIES,
  DEFAULT_REJECTED_TOKEN_STATUSES,
  DEFAULT_UNAUTHORIZED_REPLAYS,
} from './call/call-policy.js';
export { parseRetryAfter } from './call/retry-after.js';
export { AccessToken } from './shared/access-token.js';
export { type Clock, systemClock, type TimerHandle, type TimerOptions } from './shared/clock.js';
export {
  type CallEvent,
  CLOUD_TOKEN_CHANNELS,
  type ClientLabel,
  type EndpointThrottledEvent,
  type GuardCooldownEvent,
  type RenewalReason,
  type StoreFallbackEvent,
  type TokenAcquireContext,
  type TokenRenewedEvent,
} from './shared/diagnostics.js';
export {
  ApiRequestError,
  CloudTokenError,
  type CloudTokenErrorByCode,
  type CloudTokenErrorCode,
  CredentialsRejectedError,
  InvalidOptionsError,
  isCloudTokenError,
  RateLimitedError,
  TokenRequestError,
  type TokenRequestFailure,
  TokenResponseError,
  UsageError,
} from './shared/errors.js';
export { asposeCloud, type CloudPreset, groupDocsCloud } from './shared/presets.js';
export { Redacted } from './shared/redacted.js';
export { fieldsFirstLogger } from './shared/safe-logger.js';
export { clientCredentials } from './token-endpoint/client-credentials.js';
export type { ClientCredentialsOptions } from './token-endpoint/client-credentials-options.js';
export { type ExternalTokenProvider, externalToken } from './token-endpoint/external-token.js';
export type { FailureBudgetPolicy } from './token-source/failure-budget.js';
export {
  DEFAULT_MEMORY_STORE_ENTRIES,
  defaultTokenStore,
  type MemoryTokenStoreOptions,
  memoryTokenStore,
} from './token-source/memory-token-store.js';
export type { RenewalPolicy, UnusablePolicy } from './token-source/renewal-window.js';
export type { CloudTokenOptions, TokenSourceInput } from './token-source/resolve-token-source.js';
export { createTokenSource } from './token-source/token-source.js';
export {
  DEFAULT_TOKEN_SOURCE_OPTIONS,
  type RateLimitPolicy,
  type RetryPolicy,
  type TokenSourceOptions,
  type TokenSourcePolicies,
} from './token-source/token-source-options.js';
export {
  createTokenSourcePool,
  DEFAULT_TOKEN_SOURCE_POOL_SIZE,
  type TokenSourcePool,
  type TokenSourcePoolOptions,
} from './token-source/token-source-pool.js';
export type { TokenStore } from './token-source/token-store.js';
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
  TokenSourceStatus,
} from './types.js';
