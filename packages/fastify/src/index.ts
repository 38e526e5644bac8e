export * from '@cloud-token/core';
export type {
  CloudTokenAccessor,
  ErrorHandlerOptions as CloudTokenErrorHandlerOptions,
  ProblemDetails,
  ReadinessOptions,
} from '@cloud-token/core/node';
export { cloudToken } from './cloud-token.js';
export { cloudTokenErrorHandler } from './cloud-token-error-handler.js';
export { cloudTokenProxy } from './cloud-token-proxy.js';
export { cloudTokenReadiness } from './cloud-token-readiness.js';
export { sendCloudAnswer } from './send-cloud-answer.js';
export type * from './types.js';
