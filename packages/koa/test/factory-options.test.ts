import * as core from '@cloud-token/core';
import { authorizedFetchSchema, cloudTokenSchema } from '@cloud-token/core/adapter';
import * as koaAdapter from '@cloud-token/koa';
import { afterAll, expect, it } from 'vitest';

/*
 * Every function this package adds to the core's takes its options through
 * the core's schemas: a misspelt key is refused with a did-you-mean, and a
 * polluted Object.prototype changes nothing. The list is checked against
 * the package's exports, so a new function has to be placed in it.
 */

type Options = Record<string, unknown>;
const credentials = {
  tokenUrl: 'https://id.example.test/connect/token',
  clientId: 'client',
  clientSecret: 'koa-options-s3cr3t',
};
const source = core.createTokenSource(core.externalToken('external-token-value'));
afterAll(() => source.close());

const factories: Record<string, (options: Options) => unknown> = {
  cloudToken: (options) => koaAdapter.cloudToken({ ...credentials, ...options }),
  cloudTokenProxy: (options) =>
    koaAdapter.cloudTokenProxy({ target: 'https://api.example.test/v4', source, ...options }),
  cloudTokenErrorHandler: (options) => koaAdapter.cloudTokenErrorHandler(options),
  cloudTokenReadiness: (options) => koaAdapter.cloudTokenReadiness(source, options),
};
const misspelt: Record<string, [key: string, meant: string, group?: string]> = {
  cloudToken: ['stateKy', 'stateKey'],
  cloudTokenProxy: ['prefx', 'prefix'],
  cloudTokenErrorHandler: ['loger', 'logger'],
  cloudTokenReadiness: ['timeoutMS', 'timeoutMs'],
};
const takesNoOptions: Record<string, string> = {
  getCloudToken: 'takes a context',
  sendCloudAnswer: 'takes a response and an answer',
};

it('places every function of its own in one of the lists', () => {
  const own = Object.keys(koaAdapter).filter(
    (name) => !(name in core) && typeof Reflect.get(koaAdapter, name) === 'function',
  );
  expect(own.sort()).toEqual([...Object.keys(factories), ...Object.keys(takesNoOptions)].sort());
});

it('refuses a misspelt nested key of cloudToken by its dotted path', () => {
  expect(() => koaAdapter.cloudToken({ ...credentials, retry: { attemps: 2 } } as never)).toThrow(
    'did you mean "retry.attempts"?',
  );
});

it.each(Object.keys(factories))('%s refuses a misspelt key with a did-you-mean', (name) => {
  const [key, meant, group] = misspelt[name] ?? [];
  const options = group === undefined ? { [`${key}`]: 1 } : { [`${group}`]: { [`${key}`]: 1 } };
  const path = group === undefined ? '' : `${group}.`;
  expect(() => factories[name]?.(options)).toThrow(
    expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: `${path}${key}` }),
  );
  expect(() => factories[name]?.(options)).toThrow(`did you mean "${path}${meant}"?`);
});

it.each(Object.keys(factories))('%s reads nothing inherited from Object.prototype', (name) => {
  const keys = [
    ...cloudTokenSchema.keys,
    ...authorizedFetchSchema.keys,
    ...Object.values(core.DEFAULT_TOKEN_SOURCE_OPTIONS).flatMap((group) => Object.keys(group)),
    ...['source', 'credentials', 'maxTenants', 'prefetch', 'target', 'maxBufferedBodyBytes'],
    ...['problemType', 'logger', 'timeoutMs', 'stateKey', 'prefix'],
  ];
  // A symbol is a value no rule accepts: reading an inherited key would throw.
  for (const key of keys)
    Object.defineProperty(Object.prototype, key, { value: Symbol(), configurable: true });
  try {
    const made = factories[name]?.({}) as { close?: () => void };
    made.close?.();
  } finally {
    for (const key of keys) Reflect.deleteProperty(Object.prototype, key);
  }
});
