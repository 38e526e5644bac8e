import * as core from '@cloud-token/core';
import * as adapter from '@cloud-token/core/adapter';
import * as node from '@cloud-token/core/node';
import { expect, it } from 'vitest';

it('exports exactly the public runtime surface of each entry', () => {
  expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
    [
      "AccessToken",
      "ApiRequestError",
      "CLOUD_TOKEN_CHANNELS",
      "CloudTokenError",
      "CredentialsRejectedError",
      "DEFAULT_MEMORY_STORE_ENTRIES",
      "DEFAULT_TOKEN_SOURCE_OPTIONS",
      "DEFAULT_TOKEN_SOURCE_POOL_SIZE",
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
      "systemClock",
    ]
  `);
  expect(Object.keys(adapter).sort()).toMatchInlineSnapshot(`
    [
      "AUTHORIZED_FETCH_OPTION_KEYS",
      "CALL_POLICY_OPTION_KEYS",
      "CLIENT_CREDENTIALS_OPTION_KEYS",
      "DEFAULT_MAX_RETRY_AFTER_MS",
      "DEFAULT_MAX_TOKEN_RESPONSE_BYTES",
      "DEFAULT_RATE_LIMIT_RETRIES",
      "DEFAULT_REJECTED_TOKEN_STATUSES",
      "DEFAULT_TOKEN_LIFETIME_SECONDS",
      "DEFAULT_UNAUTHORIZED_REPLAYS",
      "MAX_RETRY_AFTER_MS",
      "MAX_TIMER_MS",
      "MAX_TOKEN_LIFETIME_SECONDS",
      "MIN_TOKEN_LIFETIME_SECONDS",
      "TOKEN_SOURCE_OPTION_KEYS",
      "UNAUTHORIZED_RENEWAL_PAUSE_MS",
      "applyGuardUpdate",
      "closestKey",
      "createCallPolicy",
      "createCallTracking",
      "credentialStoreKey",
      "decodeStoredToken",
      "describeValue",
      "encodeStoredToken",
      "isLoopbackHost",
      "isReplayableBody",
      "isTokenSource",
      "parseRetryAfter",
      "pickOptions",
      "readBooleanOption",
      "readFunctionOption",
      "readGuardState",
      "readJwtClaims",
      "readNumberOption",
      "readOptionsObject",
      "readStoredGuard",
      "resolveClock",
      "resolveTokenSource",
      "resolveTokenSourceOptions",
      "runWithDeadline",
      "shortStoreKey",
      "sleep",
      "steadyNow",
    ]
  `);
  expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_MAX_BUFFERED_BODY_BYTES",
      "PROBLEM_CONTENT_TYPE",
      "checkReadiness",
      "createReadinessCheck",
      "createReadinessHandler",
      "createRequestClients",
      "createRequestForwarder",
      "createRequestState",
      "isClientDisconnect",
      "isLoopbackHostHeader",
      "resolveErrorHandlerOptions",
      "sendCloudAnswer",
      "sendProblem",
      "toProblemDetails",
      "watchClientDisconnect",
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
