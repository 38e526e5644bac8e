/*
 * `@cloud-token/core/adapter`: what the framework adapters (axios, Express,
 * Koa, NestJS) and the other packages built on the core (the Redis store,
 * the OTel bridge) import, and applications do not need: the option schemas
 * to compose, the call policy and its tracking. It is public and
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
export { steadyNow } from './shared/clock.js';
export { type DeadlineOptions, runWithDeadline } from './shared/deadline.js';
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
export { clientCredentialsSchema } from './token-endpoint/client-credentials-options.js';
export { readJwtClaims } from './token-endpoint/jwt-claims.js';
export {
  type GuardState,
  type GuardStateOptions,
  readGuardState,
} from './token-source/guard-state.js';
export { cloudTokenSchema, resolveTokenSource } from './token-source/resolve-token-source.js';
export { tokenSourceSchema } from './token-source/token-source-options.js';
