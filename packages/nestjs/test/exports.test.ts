import * as core from '@cloud-token/core';
import * as nestjsAdapter from '@cloud-token/nestjs';
import * as http from '@cloud-token/nestjs/http';
import { expect, it } from 'vitest';

it('exports the core application entry whole, and its own surface', () => {
  const exported = new Map(Object.entries(nestjsAdapter));
  for (const [name, value] of Object.entries(core)) expect(exported.get(name), name).toBe(value);
  expect(
    Object.keys(nestjsAdapter)
      .filter((name) => !(name in core))
      .sort(),
  ).toEqual([
    'CLOUD_TOKEN_OPTIONS',
    'CLOUD_TOKEN_SOURCE',
    'CloudTokenExceptionFilter',
    'CloudTokenModule',
    'CloudTokenService',
    'InjectTokenSource',
  ]);
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
