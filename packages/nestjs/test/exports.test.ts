import * as nestjsAdapter from '@cloud-token/nestjs';
import * as http from '@cloud-token/nestjs/http';
import { expect, it } from 'vitest';

it('exports exactly the public runtime surface', () => {
  expect(Object.keys(nestjsAdapter).sort()).toMatchInlineSnapshot(`
    [
      "AccessToken",
      "CLOUD_TOKEN_OPTIONS",
      "CLOUD_TOKEN_SOURCE",
      "CloudTokenError",
      "CloudTokenExceptionFilter",
      "CloudTokenModule",
      "CloudTokenService",
      "CredentialsRejectedError",
      "InjectTokenSource",
      "InvalidOptionsError",
      "RateLimitedError",
      "TokenRequestError",
      "TokenResponseError",
      "UsageError",
      "asposeCloud",
      "groupDocsCloud",
      "isCloudTokenError",
    ]
  `);
});

it('exports the HttpService binding from its own entry', () => {
  expect(Object.keys(http).sort()).toMatchInlineSnapshot(`
    [
      "CloudTokenHttpBinding",
    ]
  `);
});

it('uses Symbol.for tokens, so a CommonJS and an ESM copy resolve each other', () => {
  expect(nestjsAdapter.CLOUD_TOKEN_SOURCE).toBe(Symbol.for('@cloud-token/nestjs:token-source'));
  expect(nestjsAdapter.CLOUD_TOKEN_OPTIONS).toBe(Symbol.for('@cloud-token/nestjs:options'));
});
