import * as core from '@cloud-token/core';
import { callPolicySchema, cloudTokenSchema } from '@cloud-token/core/adapter';
import axios from 'axios';
import { expect, it } from 'vitest';
import * as api from '../src/index.js';

/*
 * attachCloudToken, this package's one function, reads both of its options
 * objects through the core's schemas: a misspelt key is refused with a
 * did-you-mean, and a polluted Object.prototype changes nothing.
 */

const credentials = {
  tokenUrl: 'https://id.example.test/connect/token',
  clientId: 'client',
  clientSecret: 'axios-options-s3cr3t',
};
const instance = () => axios.create({ baseURL: 'https://api.example.test/v4.0/' });

it('has one function of its own, attachCloudToken', () => {
  expect(Object.keys(api).filter((name) => !(name in core))).toEqual(['attachCloudToken']);
});

it.each([
  ['its options', {}, { maxRetryAfterMS: 1 }, 'maxRetryAfterMS', 'maxRetryAfterMs'],
  ['its source options', { clientSecrett: 'x' }, {}, 'clientSecrett', 'clientSecret'],
  ['a nested source option', { retry: { attemps: 2 } }, {}, 'retry.attemps', 'retry.attempts'],
])('refuses a misspelt key of %s with a did-you-mean', (_where, source, options, key, meant) => {
  const attach = () =>
    api.attachCloudToken(instance(), { ...credentials, ...source } as never, options as never);
  expect(attach).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: key }));
  expect(attach).toThrow(`did you mean "${meant}"?`);
});

it('reads nothing inherited from Object.prototype', () => {
  const target = instance();
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
    api.attachCloudToken(target, credentials)();
  } finally {
    for (const key of keys) Reflect.deleteProperty(Object.prototype, key);
  }
});
