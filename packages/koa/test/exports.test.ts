import * as koaAdapter from '@cloud-token/koa';
import { expect, it } from 'vitest';

it('exports exactly the public runtime surface', () => {
  expect(Object.keys(koaAdapter).sort()).toMatchInlineSnapshot(`
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
      "externalToken",
      "getCloudToken",
      "groupDocsCloud",
      "isCloudTokenError",
      "sendCloudAnswer",
    ]
  `);
});
