/*
 * `@cloud-token/core/adapter`: what the framework adapters (axios, Express,
 * Koa, NestJS) and the other packages built on the core (the Redis store,
 * the OTel bridge, the CLI) import, and applications do not need: the option
 * schemas to compose (with their did-you-mean), the call policy and its
 * tracking, a token request's outcome for metrics, a JWT's claims to show.
 * It is public and
 * semver-covered, but kept off the main entry so that an application's
 * autocomplete shows only what it uses.
 */

export { type AttachOptions, attachOptionsSchema } from './call/attach-options.js';
export { authorizedFetchSchema } from './call/authorized-fetch.js';
export {
  type CallAnswer,
  type CallDecision,
  type CallPolicy,
  type CallPolicySettings,
  type CallState,
  callPolicyOf,
  callPolicySchema,
  createCallPolicy,
} from './call/call-policy.js';
export {
  type CallTracker,
  type CallTracking,
  createCallTracking,
} from './call/call-tracker.js';
export { isReplayableBody } from './call/replayable-body.js';
// The runtime-neutral server helpers (no `node:` import at run time), for the
// adapters of Web-standard servers (Hono on Node, Bun, Deno and Workers):
export {
  type ErrorHandlerOptions,
  type ErrorHandlerSettings,
  resolveErrorHandlerOptions,
} from './node/error-handler-options.js';
export { pathBelowMount } from './node/path-below-mount.js';
export { type ProblemDetails, toProblemDetails } from './node/problem-details.js';
export type { ProxyOptions } from './node/proxy-options.js';
export {
  createReadinessCheck,
  type ReadinessAnswer,
  type ReadinessOptions,
} from './node/readiness.js';
export { createRequestClients } from './node/request-clients.js';
export type {
  ClientMiddlewareOptions,
  CloudTokenAccessor,
  CloudTokenMiddlewareCommonOptions,
  CloudTokenMiddlewareOptions,
  RequestClients,
  RequestConnection,
  SourceMiddlewareOptions,
  TenantMiddlewareOptions,
} from './node/request-clients-options.js';
export { steadyNow } from './shared/clock.js';
export { type DeadlineOptions, runWithDeadline } from './shared/deadline.js';
export { createErrorReporter, type ErrorReportSink } from './shared/error-reporter.js';
export {
  booleanRule,
  clockRule,
  describeValue,
  functionRule,
  loggerRule,
  type NumberRule,
  numberRule,
  stringRule,
} from './shared/option-rules.js';
export {
  closestKey,
  type ElsewhereKeys,
  keysBelongTo,
  type OptionRule,
  type OptionRules,
  type OptionsSchema,
  type OptionValues,
  optionsSchema,
  type ReadOptions,
} from './shared/options-schema.js';
export { tokenRequestOutcome } from './shared/token-request-outcome.js';
export { clientCredentialsSchema } from './token-endpoint/client-credentials-options.js';
export { readJwtClaims } from './token-endpoint/jwt-claims.js';
export { cloudTokenSchema, resolveTokenSource } from './token-source/resolve-token-source.js';
export { tokenSourceSchema } from './token-source/token-source-options.js';
export { usableToken } from './token-source/usable-token.js';
export { createWebRequestForwarder, type WebRequestForwarder } from './web/forward-web-request.js';
