// The core's public pieces, so that a NestJS application installs one package.
export {
  AccessToken,
  ApiRequestError,
  type AuthorizedFetch,
  asposeCloud,
  type CallPolicyOptions,
  type ClientCredentialsOptions,
  type Clock,
  type CloudPreset,
  CloudTokenError,
  type CloudTokenErrorCode,
  type CloudTokenOptions,
  CredentialsRejectedError,
  type GetTokenOptions,
  groupDocsCloud,
  InvalidOptionsError,
  isCloudTokenError,
  type Logger,
  RateLimitedError,
  TokenRequestError,
  TokenResponseError,
  type TokenSource,
  type TokenSourceOptions,
  UsageError,
} from '@cloud-token/core';
export { CloudTokenExceptionFilter } from './cloud-token-exception-filter.js';
export { CloudTokenModule } from './cloud-token.module.js';
export { CloudTokenService } from './cloud-token.service.js';
export { CLOUD_TOKEN_OPTIONS, CLOUD_TOKEN_SOURCE } from './constants.js';
export { InjectTokenSource } from './inject-token-source.js';
export type {
  CloudTokenExceptionFilterOptions,
  CloudTokenModuleAsyncOptions,
  CloudTokenModuleOptions,
  CloudTokenModuleRootOptions,
  CloudTokenOptionsFactory,
} from './types.js';
