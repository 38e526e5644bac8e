import * as expressAdapter from '@cloud-token/express';
import { expect, it } from 'vitest';

it('exports exactly the public runtime surface', () => {
  expect(Object.keys(expressAdapter).sort()).toMatchInlineSnapshot(`
    [
      "AccessToken",
      "ApiRequestError",
      "CloudTokenError",
      "CredentialsRejectedError",
      "InvalidOptionsError",
      "RateLimitedError",
      "TokenRequestError",
      "TokenResponseError",
      "UsageError",
      "asposeCloud",
      "clientCredentials",
      "cloudToken",
      "cloudTokenErrorHandler",
      "cloudTokenProxy",
      "cloudTokenReadiness",
      "createAuthorizedFetch",
      "createTokenSource",
      "createTokenSourcePool",
      "defaultTokenStore",
      "externalToken",
      "getCloudToken",
      "groupDocsCloud",
      "isCloudTokenError",
      "memoryTokenStore",
      "sendCloudAnswer",
    ]
  `);
});
