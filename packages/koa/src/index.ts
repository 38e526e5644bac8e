// The core's application entry, whole: a Koa application installs this one package.
export * from '@cloud-token/core';
// The option shapes of this package's functions, shared by every server adapter.
export type {
  ClientMiddlewareOptions,
  CloudTokenAccessor,
  CloudTokenMiddlewareCommonOptions,
  ErrorHandlerOptions as CloudTokenErrorHandlerOptions,
  ProblemDetails,
  ReadinessOptions,
  SourceMiddlewareOptions,
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
  CloudTokenProxyOptions,
  CloudTokenState,
  KoaCloudTokenOptions,
} from './types.js';
