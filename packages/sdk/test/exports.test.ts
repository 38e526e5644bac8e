import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('exports exactly its public surface', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
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
      "createTokenSource",
      "externalToken",
      "groupDocsCloud",
      "isCloudTokenError",
      "systemClock",
      "useCloudToken",
    ]
  `);
});
