// The core's application entry, whole: an Express application installs this one package.
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
