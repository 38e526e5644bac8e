export type { AdapterOptions } from '../shared/options-schema.js';
export {
  type ClientDisconnectWatch,
  isClientDisconnect,
  watchClientDisconnect,
} from './client-disconnect.js';
export {
  type ErrorHandlerOptions,
  type ErrorHandlerSettings,
  resolveErrorHandlerOptions,
} from './error-handler-options.js';
export { createRequestForwarder, type RequestForwarder } from './forward-request.js';
export { isLoopbackHostHeader } from './loopback-host-header.js';
export {
  PROBLEM_CONTENT_TYPE,
  type ProblemAnswer,
  type ProblemDetails,
  type ProblemDetailsOptions,
  problemDetailsSchema,
  toProblemDetails,
} from './problem-details.js';
export {
  DEFAULT_MAX_BUFFERED_BODY_BYTES,
  type ProxyOptions,
  type ProxySettings,
} from './proxy-options.js';
export {
  checkReadiness,
  createReadinessCheck,
  createReadinessHandler,
  type ReadinessAnswer,
  type ReadinessOptions,
} from './readiness.js';
export { createRequestClients } from './request-clients.js';
export type {
  ClientMiddlewareOptions,
  CloudTokenAccessor,
  CloudTokenMiddlewareCommonOptions,
  CloudTokenMiddlewareOptions,
  RequestClients,
  SourceMiddlewareOptions,
  TenantMiddlewareOptions,
} from './request-clients-options.js';
export { createRequestState, type RequestState } from './request-state.js';
export { sendCloudAnswer } from './send-cloud-answer.js';
export { sendProblem } from './send-problem.js';
