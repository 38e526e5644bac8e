import * as core from '@cloud-token/core';
import * as adapter from '@cloud-token/core/adapter';
import * as node from '@cloud-token/core/node';
import * as store from '@cloud-token/core/store';
import * as testing from '@cloud-token/core/testing';
import { expect, it } from 'vitest';

it('exports exactly the public runtime surface of each entry', () => {
  expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
    [
      "AccessToken",
      "ApiRequestError",
      "CLOUD_TOKEN_CHANNELS",
      "CloudTokenError",
      "CredentialsRejectedError",
      "DEFAULT_MAX_RETRY_AFTER_MS",
      "DEFAULT_MEMORY_STORE_ENTRIES",
      "DEFAULT_RATE_LIMIT_RETRIES",
      "DEFAULT_REJECTED_TOKEN_STATUSES",
      "DEFAULT_TOKEN_SOURCE_OPTIONS",
      "DEFAULT_TOKEN_SOURCE_POOL_SIZE",
      "DEFAULT_UNAUTHORIZED_REPLAYS",
      "InvalidOptionsError",
      "RateLimitedError",
      "Redacted",
      "TokenRequestError",
      "TokenResponseError",
      "UsageError",
      "asposeCloud",
      "clientCredentials",
      "createAuthorizedFetch",
      "createTokenSource",
      "createTokenSourcePool",
      "defaultTokenStore",
      "externalToken",
      "fieldsFirstLogger",
      "groupDocsCloud",
      "isCloudTokenError",
      "memoryTokenStore",
      "parseRetryAfter",
      "systemClock",
    ]
  `);
  expect(Object.keys(adapter).sort()).toMatchInlineSnapshot(`
    [
      "attachOptionsSchema",
      "authorizedFetchSchema",
      "booleanRule",
      "callPolicyOf",
      "callPolicySchema",
      "clientCredentialsSchema",
      "clockRule",
      "closestKey",
      "cloudTokenSchema",
      "createCallPolicy",
      "createCallTracking",
      "createErrorReporter",
      "createReadinessCheck",
      "createRequestClients",
      "createWebRequestForwarder",
      "describeValue",
      "functionRule",
      "isReplayableBody",
      "keysBelongTo",
      "loggerRule",
      "numberRule",
      "optionsSchema",
      "pathBelowMount",
      "readJwtClaims",
      "resolveErrorHandlerOptions",
      "resolveTokenSource",
      "runWithDeadline",
      "steadyNow",
      "stringRule",
      "toProblemDetails",
      "tokenRequestOutcome",
      "tokenSourceSchema",
      "usableToken",
    ]
  `);
  expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_MAX_BUFFERED_BODY_BYTES",
      "PROBLEM_CONTENT_TYPE",
      "checkReadiness",
      "cloudTokenInterceptor",
      "createReadinessCheck",
      "createReadinessHandler",
      "createRequestClients",
      "createRequestForwarder",
      "createRequestState",
      "isClientDisconnect",
      "isLoopbackHost",
      "isLoopbackHostHeader",
      "problemDetailsSchema",
      "resolveErrorHandlerOptions",
      "sendCloudAnswer",
      "sendProblem",
      "toCloudFailureProblem",
      "toProblemDetails",
      "watchClientDisconnect",
    ]
  `);
  expect(Object.keys(store).sort()).toMatchInlineSnapshot(`
    [
      "applyGuardUpdate",
      "credentialStoreKey",
      "decodeStoredToken",
      "encodeStoredToken",
      "readGuardState",
      "readStoredGuard",
      "shortStoreKey",
      "steadyNow",
    ]
  `);
  expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
    [
      "createFakeClock",
      "createRecordingStore",
      "invalidOptionOf",
      "listenOnLoopback",
      "misroutedPreset",
      "readConformanceCall",
      "runServerAdapterConformance",
      "runTokenStoreConformance",
      "sendRawRequest",
      "startRecordingUpstream",
      "statusesOf",
      "thrownBy",
      "useAppsPerTest",
    ]
  `);
});

it('narrows isCloudTokenError to the class of the code it is given', () => {
  const error: unknown = new core.RateLimitedError(1_000, Date.now() + 1_000);
  if (core.isCloudTokenError(error, 'ERR_RATE_LIMITED')) {
    const retryAt: number = error.retryAt;
    expect(retryAt).toBeGreaterThan(0);
  } else {
    expect.unreachable('a RateLimitedError has the code ERR_RATE_LIMITED');
  }
  const rejected: unknown = new core.CredentialsRejectedError('invalid_client');
  expect(core.isCloudTokenError(rejected, 'ERR_CREDENTIALS_REJECTED') && rejected.oauthError).toBe(
    'invalid_client',
  );
});
