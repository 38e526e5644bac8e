// The core's public pieces an application needs, so that it installs one package.
export {
  AccessToken,
  asposeCloud,
  type Clock,
  CloudTokenError,
  type CloudTokenErrorCode,
  CredentialsRejectedError,
  groupDocsCloud,
  InvalidOptionsError,
  isCloudTokenError,
  RateLimitedError,
  TokenRequestError,
  TokenResponseError,
  type TokenSource,
  UsageError,
} from '@cloud-token/core';
export type { ProblemDetailsOptions } from '@cloud-token/core/node';
export { CloudTokenModule } from './cloud-token.module.js';
export { CloudTokenService } from './cloud-token.service.js';
export { CloudTokenExceptionFilter } from './cloud-token-exception-filter.js';
export { CLOUD_TOKEN_OPTIONS, CLOUD_TOKEN_SOURCE } from './constants.js';
export { InjectTokenSource } from './inject-token-source.js';
export type {
  CloudTokenModuleAsyncOptions,
  CloudTokenModuleOptions,
  CloudTokenOptionsFactory,
} from './types.js';
