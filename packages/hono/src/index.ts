// The core's application entry, whole: a Hono application installs this one package.
export * from '@cloud-token/core';
// The option shapes of this package's functions, shared by every server adapter.
export type {
  ClientMiddlewareOptions,
  CloudTokenAccessor,
  CloudTokenMiddlewareCommonOptions,
  CloudTokenMiddlewareOptions,
  ProblemDetails,
  ReadinessOptions,
  SourceMiddlewareOptions,
  TenantMiddlewareOptions,
} from '@cloud-token/core/adapter';
export { cloudToken } from './cloud-token.js';
export { type CloudTokenProxyOptions, cloudTokenProxy } from './cloud-token-proxy.js';
export { cloudTokenErrorHandler } from './error-handler.js';
export { cloudTokenReadiness } from './readiness.js';
export type {
  CloudTokenEnv,
  CloudTokenErrorHandlerOptions,
  CloudTokenMiddleware,
  CloudTokenProxy,
} from './types.js';
