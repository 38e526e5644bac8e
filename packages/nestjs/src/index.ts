// The core's application entry, whole: a NestJS application installs this one package.
export * from '@cloud-token/core';
// The option shapes of this package's filter and service.
export type {
  ProblemDetails,
  ProblemDetailsOptions,
  ReadinessAnswer,
  ReadinessOptions,
} from '@cloud-token/core/node';
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
