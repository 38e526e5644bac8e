export {
  AccessToken,
  ApiRequestError,
  type AuthorizedFetch,
  type AuthorizedFetchOptions,
  asposeCloud,
  type CallPolicyOptions,
  type ClientCredentialsOptions,
  type Clock,
  type CloudPreset,
  CloudTokenError,
  type CloudTokenErrorCode,
  CredentialsRejectedError,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  createTokenSourcePool,
  externalToken,
  type FetchLike,
  type Grant,
  groupDocsCloud,
  InvalidOptionsError,
  isCloudTokenError,
  type Logger,
  RateLimitedError,
  TokenRequestError,
  TokenResponseError,
  type TokenSource,
  type TokenSourceOptions,
  type TokenSourcePool,
  type TokenSourcePoolOptions,
  UsageError,
} from '@cloud-token/core';
export type {
  CloudTokenAccessor,
  ErrorHandlerOptions as CloudTokenErrorHandlerOptions,
  TenantMiddlewareOptions,
} from '@cloud-token/core/node';
export { cloudToken } from './cloud-token.js';
export { cloudTokenProxy } from './cloud-token-proxy.js';
export { cloudTokenReadiness } from './cloud-token-readiness.js';
export { cloudTokenErrorHandler } from './error-handler.js';
export { getCloudToken } from './get-cloud-token.js';
export { sendCloudAnswer } from './send-cloud-answer.js';
export type {
  CloudTokenMiddleware,
  CloudTokenOptions,
  CloudTokenProxyOptions,
  CloudTokenState,
} from './types.js';
