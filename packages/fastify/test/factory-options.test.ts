import * as core from '@cloud-token/core';
import { authorizedFetchSchema, cloudTokenSchema } from '@cloud-token/core/adapter';
import * as fastifyAdapter from '@cloud-token/fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { fastifyVersions } from './support/fastify-versions.js';

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
  clientSecret: 'fastify-options-s3cr3t',
};
const source = core.createTokenSource(core.externalToken('external-token-value'));
afterAll(() => source.close());

/**
 * Calls `plugin` (what fastify-plugin returns is the plugin function itself)
 * with `options` on a new app of the newest Fastify, made beforehand, so
 * that a polluted prototype reaches the plugin's reading, not Fastify's own.
 */
async function register(plugin: unknown, options: Options): Promise<void> {
  const [, Fastify] = fastifyVersions[1];
  const app = await withoutPollution(async () => Fastify());
  try {
    await (plugin as (app: unknown, options: Options) => Promise<void>)(app, options);
  } finally {
    await withoutPollution(() => app.close());
  }
}

const factories: Record<string, (options: Options) => unknown> = {
  cloudToken: (options) => register(fastifyAdapter.cloudToken, { ...credentials, ...options }),
  cloudTokenProxy: (options) =>
    register(fastifyAdapter.cloudTokenProxy, {
      target: 'https://api.example.test/v4',
      source,
      ...options,
    }),
  cloudTokenErrorHandler: (options) => fastifyAdapter.cloudTokenErrorHandler(options),
  cloudTokenReadiness: (options) => fastifyAdapter.cloudTokenReadiness(source, options),
};
const misspelt: Record<string, [key: string, meant: string]> = {
  cloudToken: ['namespce', 'namespace'],
  cloudTokenProxy: ['prefx', 'prefix'],
  cloudTokenErrorHandler: ['loger', 'logger'],
  cloudTokenReadiness: ['timeoutMS', 'timeoutMs'],
};
let pollution: string[] = [];
function unpollute(): void {
  for (const key of pollution) Reflect.deleteProperty(Object.prototype, key);
}
/** Runs `action` with a clean Object.prototype: Fastify's own closing is not under test. */
async function withoutPollution<T>(action: () => Promise<T>): Promise<T> {
  const keys = pollution;
  unpollute();
  try {
    return await action();
  } finally {
    for (const key of keys) {
      Object.defineProperty(Object.prototype, key, { value: Symbol(), configurable: true });
    }
  }
}

const takesNoOptions: Record<string, string> = {
  sendCloudAnswer: 'takes a reply and an answer',
};

it('places every function of its own in one of the lists', () => {
  const own = Object.keys(fastifyAdapter).filter(
    (name) => !(name in core) && typeof Reflect.get(fastifyAdapter, name) === 'function',
  );
  expect(own.sort()).toEqual([...Object.keys(factories), ...Object.keys(takesNoOptions)].sort());
});

describe.each(Object.keys(factories))('%s', (name) => {
  it('refuses a misspelt key with a did-you-mean', async () => {
    const [key, meant] = misspelt[name] ?? [];
    const attempt = async () => factories[name]?.({ [`${key}`]: 1 });
    await expect(attempt()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: key });
    await expect(attempt()).rejects.toThrow(`did you mean "${meant}"?`);
  });

  it('reads nothing inherited from Object.prototype', async () => {
    const keys = [
      ...cloudTokenSchema.keys,
      ...authorizedFetchSchema.keys,
      ...Object.values(core.DEFAULT_TOKEN_SOURCE_OPTIONS).flatMap((group) => Object.keys(group)),
      ...['source', 'credentials', 'maxTenants', 'prefetch', 'target', 'maxBufferedBodyBytes'],
      ...['problemType', 'timeoutMs', 'namespace'],
      // Not the names Fastify and avvio read or assign on their own objects (a route's
      // `onError` hook, `logger`, …): an inherited value breaks Fastify before our code runs.
    ].filter((key) => !['logger', 'errorHandler', 'prefix', 'onError'].includes(key));
    // A symbol is a value no rule accepts: reading an inherited key would throw.
    pollution = keys;
    for (const key of keys) {
      Object.defineProperty(Object.prototype, key, { value: Symbol(), configurable: true });
    }
    try {
      await factories[name]?.({});
    } finally {
      unpollute();
      pollution = [];
    }
  });
});
