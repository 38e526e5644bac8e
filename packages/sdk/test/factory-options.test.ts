import * as core from '@cloud-token/core';
import { callPolicySchema, cloudTokenSchema } from '@cloud-token/core/adapter';
import { WordsApi } from 'asposewordscloud';
import { expect, it } from 'vitest';
import * as api from '../src/index.js';

/*
 * useCloudToken, this package's one function, reads both of its options
 * objects through the core's schemas: a misspelt key is refused with a
 * did-you-mean, and a polluted Object.prototype changes nothing.
 */

const credentials = {
  tokenUrl: 'https://id.example.test/connect/token',
  clientId: 'client',
  clientSecret: 'sdk-options-s3cr3t',
};
const wordsApi = () => new WordsApi('client', 'unused', 'https://api.example.test');

it('has one function of its own, useCloudToken', () => {
  expect(Object.keys(api).filter((name) => !(name in core))).toEqual(['useCloudToken']);
});

it.each([
  ['its options', {}, { maxRetryAfterMS: 1 }, 'maxRetryAfterMS', 'maxRetryAfterMs'],
  ['its source options', { clientSecrett: 'x' }, {}, 'clientSecrett', 'clientSecret'],
  ['a nested source option', { retry: { attemps: 2 } }, {}, 'retry.attemps', 'retry.attempts'],
])('refuses a misspelt key of %s with a did-you-mean', (_where, source, options, key, meant) => {
  const use = () =>
    api.useCloudToken(wordsApi(), { ...credentials, ...source } as never, options as never);
  expect(use).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: key }));
  expect(use).toThrow(`did you mean "${meant}"?`);
});

it('refuses a token-source key among its own options, saying where it belongs', () => {
  const use = () => api.useCloudToken(wordsApi(), credentials, { timeoutMs: 1 } as never);
  expect(use).toThrow(
    expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'timeoutMs' }),
  );
  expect(use).toThrow(/second argument of useCloudToken\(\)/);
});

it('reads nothing inherited from Object.prototype', () => {
  const client = wordsApi();
  const keys = [
    ...cloudTokenSchema.keys,
    ...callPolicySchema.keys,
    ...Object.values(core.DEFAULT_TOKEN_SOURCE_OPTIONS).flatMap((group) => Object.keys(group)),
  ];
  // A symbol is a value no rule accepts: reading an inherited key would throw.
  for (const key of new Set(keys)) {
    Object.defineProperty(Object.prototype, key, { value: Symbol(), configurable: true });
  }
  try {
    api.useCloudToken(client, credentials)();
  } finally {
    for (const key of keys) Reflect.deleteProperty(Object.prototype, key);
  }
});
