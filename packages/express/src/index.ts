// The core's public pieces, so that an Express application installs one package.
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
  type CloudTokenOptions,
  CredentialsRejectedError,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  createTokenSourcePool,
  defaultTokenStore,
  externalToken,
  type FetchLike,
  type Grant,
  groupDocsCloud,
  InvalidOptionsError,
  isCloudTokenError,
  type Logger,
  memoryTokenStore,
  RateLimitedError,
  TokenRequestError,
  TokenResponseError,
  type TokenSource,
  type TokenSourceOptions,
  type TokenSourcePool,
  type TokenSourcePoolOptions,
  type TokenSourceStatus,
  type TokenStore,
  UsageError,
} from '@cloud-token/core';
// The option shapes every server adapter shares.
export type {
  ClientMiddlewareOptions,
  CloudTokenAccessor,
  CloudTokenMiddlewareCommonOptions,
  CloudTokenMiddlewareOptions,
  ProblemDetails,
  SourceMiddlewareOptions,
  TenantMiddlewareOptions,
} from '@cloud-token/core/node';
// Express takes the core's Node handler as it is: (req, res), never failing.
export { createReadinessHandler as cloudTokenReadiness } from '@cloud-token/core/node';
export { cloudToken } from './cloud-token.js';
export {
  type CloudTokenProxy,
  type CloudTokenProxyOptions,
  cloudTokenProxy,
} from './cloud-token-proxy.js';
export { cloudTokenErrorHandler } from './error-handler.js';
export { getCloudToken } from './get-cloud-token.js';
export { sendCloudAnswer } from './send-cloud-answer.js';
export type {
  CloudTokenErrorHandler,
  CloudTokenErrorHandlerOptions,
  CloudTokenMiddleware,
} from './types.js';
