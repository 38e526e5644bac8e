import type { IncomingMessage } from 'node:http';
import * as core from '@cloud-token/core';
import * as adapter from '@cloud-token/core/adapter';
import * as node from '@cloud-token/core/node';
import * as store from '@cloud-token/core/store';
import * as testing from '@cloud-token/core/testing';
import { useAppsPerTest } from '@cloud-token/core/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cloudTokenInterceptorSchema } from '../src/node/cloud-token-interceptor.js';
import { errorHandlerSchema } from '../src/node/error-handler-options.js';
import { proxySettingsSchema } from '../src/node/proxy-options.js';
import { readinessSchema } from '../src/node/readiness.js';
import { middlewareForms } from '../src/node/request-clients-options.js';
import { guardStateSchema } from '../src/token-source/guard-state.js';
import { memoryTokenStoreSchema } from '../src/token-source/memory-token-store.js';
import { tokenSourcePoolSchema } from '../src/token-source/token-source-pool.js';
import { titleRecorder } from './support/title-recorder.js';

/*
 * Every public factory reads its options through its schema: a misspelt key
 * (top-level, and nested where it has groups) is refused with
 * ERR_INVALID_OPTIONS and a did-you-mean, and a value inherited from a
 * polluted Object.prototype changes nothing. The first test walks every
 * entry's exports, so a new function must be added to one of the tables.
 */

const SECRET = 'factory-options-s3cr3t';
const credentials = {
  tokenUrl: 'https://id.example.test/connect/token',
  clientId: 'client',
  clientSecret: SECRET,
};
const external = core.createTokenSource(core.externalToken('external-token-value'));
afterAll(() => external.close());

type Options = Record<string, unknown>;

interface FactoryCase {
  /** Calls the factory with valid options plus `options`; what it returns is closed after. */
  call(options: Options): unknown;
  /** A misspelt key and the key it was meant to be. */
  misspelt: readonly [key: string, meant: string];
  /** A misspelt key inside a group of options, for a factory that has groups. */
  nested?: readonly [group: string, key: string, meant: string];
}

const factories: Record<string, FactoryCase> = {
  'core.clientCredentials': {
    call: (options) => core.clientCredentials({ ...credentials, ...options }),
    misspelt: ['client_secret', 'clientSecret'],
  },
  'core.createTokenSource': {
    call: (options) => core.createTokenSource(core.clientCredentials(credentials), options),
    misspelt: ['timeoutMS', 'timeoutMs'],
    nested: ['retry', 'attemps', 'attempts'],
  },
  'core.createAuthorizedFetch': {
    call: (options) =>
      core.createAuthorizedFetch(external, { baseUrl: 'https://api.example.test/', ...options }),
    misspelt: ['maxRetryAfterMS', 'maxRetryAfterMs'],
  },
  'core.createTokenSourcePool': {
    call: (options) => core.createTokenSourcePool(options),
    misspelt: ['maxsize', 'maxSize'],
  },
  'core.memoryTokenStore': {
    call: (options) => core.memoryTokenStore(options),
    misspelt: ['maxEntrys', 'maxEntries'],
  },
  'adapter.createCallPolicy': {
    call: (options) =>
      adapter.createCallPolicy({ baseUrl: 'https://api.example.test/', ...options }),
    misspelt: ['maxRetryAfterMS', 'maxRetryAfterMs'],
  },
  'adapter.resolveTokenSource': {
    call: (options) => adapter.resolveTokenSource({ ...credentials, ...options }).source,
    misspelt: ['clientid', 'clientId'],
    nested: ['renewal', 'maxEarlyMS', 'maxEarlyMs'],
  },
  'adapter.createReadinessCheck': {
    call: (options) => adapter.createReadinessCheck(external, options),
    misspelt: ['timeOutMs', 'timeoutMs'],
  },
  'adapter.createRequestClients': {
    call: (options) => adapter.createRequestClients({ ...credentials, ...options }),
    misspelt: ['baseURL', 'baseUrl'],
    nested: ['failureBudget', 'maxFailure', 'maxFailures'],
  },
  'adapter.createWebRequestForwarder': {
    call: (options) =>
      adapter.createWebRequestForwarder({
        target: 'https://api.example.test/v4.0',
        ...credentials,
        ...options,
      }),
    misspelt: ['maxBufferedBodyByte', 'maxBufferedBodyBytes'],
    nested: ['rateLimit', 'maxCooldown', 'maxCooldownMs'],
  },
  'adapter.resolveErrorHandlerOptions': {
    call: (options) => adapter.resolveErrorHandlerOptions(options),
    misspelt: ['problemTYpe', 'problemType'],
  },
  'adapter.toProblemDetails': {
    call: (options) => adapter.toProblemDetails(new core.UsageError('misused'), options),
    misspelt: ['problemtype', 'problemType'],
  },
  'node.checkReadiness': {
    call: (options) => node.checkReadiness(external, options),
    misspelt: ['timeoutMS', 'timeoutMs'],
  },
  'node.cloudTokenInterceptor': {
    call: (options) =>
      node.cloudTokenInterceptor(external, { baseUrl: 'https://api.example.test/', ...options }),
    misspelt: ['maxRetryAfterMS', 'maxRetryAfterMs'],
  },
  'node.createReadinessCheck': {
    call: (options) => node.createReadinessCheck(external, options),
    misspelt: ['timeOutMs', 'timeoutMs'],
  },
  'node.createReadinessHandler': {
    call: (options) => node.createReadinessHandler(external, options),
    misspelt: ['timeout', 'timeoutMs'],
  },
  'node.createRequestClients': {
    call: (options) => node.createRequestClients({ ...credentials, ...options }),
    misspelt: ['baseURL', 'baseUrl'],
    nested: ['failureBudget', 'maxFailure', 'maxFailures'],
  },
  'node.createRequestForwarder': {
    call: (options) =>
      node.createRequestForwarder({
        target: 'https://api.example.test/v4.0',
        ...credentials,
        ...options,
      }),
    misspelt: ['maxBufferedBodyByte', 'maxBufferedBodyBytes'],
    nested: ['rateLimit', 'maxCooldown', 'maxCooldownMs'],
  },
  'node.resolveErrorHandlerOptions': {
    call: (options) => node.resolveErrorHandlerOptions(options),
    misspelt: ['problemTYpe', 'problemType'],
  },
  'store.readGuardState': {
    call: (options) => store.readGuardState(undefined, options),
    misspelt: ['clok', 'clock'],
    nested: ['failureBudget', 'maxFailure', 'maxFailures'],
  },
  'testing.createRecordingStore': {
    call: (options) => testing.createRecordingStore(options),
    misspelt: ['sharde', 'shared'],
  },
  'testing.runServerAdapterConformance': {
    call: (options) =>
      testing.runServerAdapterConformance(titleRecorder().runner, {
        name: 'factory options',
        mount: async () => ({ url: 'http://127.0.0.1:9', close: async () => {} }),
        ...options,
      }),
    misspelt: ['readyness', 'readiness'],
  },
  'testing.runTokenStoreConformance': {
    call: (options) =>
      testing.runTokenStoreConformance(titleRecorder().runner, {
        name: 'factory options',
        createStore: () => core.memoryTokenStore(),
        ...options,
      }),
    misspelt: ['tokenGraceMS', 'tokenGraceMs'],
  },
  'node.toProblemDetails': {
    call: (options) => node.toProblemDetails(new core.UsageError('misused'), options),
    misspelt: ['problemtype', 'problemType'],
  },
  'node.toCloudFailureProblem': {
    call: (options) => node.toCloudFailureProblem({ status: 429, retryAfter: '30' }, options),
    misspelt: ['problemtype', 'problemType'],
  },
};

/** Function exports that take no options object, each with why. */
const takesNoOptions: Record<string, string> = {
  'core.AccessToken': 'a class of values the core makes',
  'core.ApiRequestError': 'an error class',
  'core.CloudTokenError': 'an error class',
  'core.CredentialsRejectedError': 'an error class',
  'core.InvalidOptionsError': 'an error class',
  'core.RateLimitedError': 'an error class',
  'core.Redacted': 'wraps one value',
  'core.TokenRequestError': 'an error class',
  'core.TokenResponseError': 'an error class',
  'core.UsageError': 'an error class',
  'core.defaultTokenStore': 'takes a clock',
  'core.externalToken': 'takes a token or a provider function',
  'core.fieldsFirstLogger': 'takes a logger',
  'core.isCloudTokenError': 'a type guard',
  'core.parseRetryAfter': 'takes a header value and the time',
  'adapter.attachOptionsSchema':
    'makes a schema from a function name (axios and the SDK bridge read theirs with it)',
  'adapter.booleanRule': 'makes a rule from a default',
  'adapter.callPolicyOf': 'takes settings its schema already read',
  'adapter.clockRule': 'a rule: reads one value',
  'adapter.closestKey': 'takes a key and the known keys',
  'adapter.createCallTracking': 'takes a source, a policy and a clock',
  'adapter.createErrorReporter': 'takes a logger its caller read and where else to report',
  'adapter.describeValue': 'describes one value',
  'adapter.functionRule': 'makes a rule from a default',
  'adapter.isReplayableBody': 'a predicate on a body',
  'adapter.keysBelongTo': 'makes an explanation table',
  'adapter.loggerRule': 'a rule: reads one value',
  'adapter.numberRule': 'makes a rule from a default',
  'adapter.optionsSchema': 'makes a schema from a table',
  'adapter.pathBelowMount': 'takes a request target and a mount',
  'adapter.readJwtClaims': 'takes a token',
  'adapter.runWithDeadline': 'per call, with a deadline its caller read from its own options',
  'adapter.steadyNow': 'takes a clock',
  'adapter.stringRule': 'makes a rule from a default',
  'adapter.tokenRequestOutcome': 'takes an error',
  'adapter.usableToken': 'takes a token source',
  'node.createRequestState': 'takes a brand name and a property name',
  'node.isClientDisconnect': 'a predicate on an error',
  'node.isLoopbackHost': 'a predicate on a hostname',
  'node.isLoopbackHostHeader': 'a predicate on a Host header and a port',
  'node.sendCloudAnswer': 'takes a response and an answer',
  'node.sendProblem': 'takes a response and a problem',
  'node.watchClientDisconnect': 'takes a response',
  'store.applyGuardUpdate': 'takes a stored guard, an update and the time',
  'store.credentialStoreKey': "takes the credential's parts, every one required",
  'store.decodeStoredToken': 'takes a stored record and the time',
  'store.encodeStoredToken': 'takes a token and a generation',
  'store.readStoredGuard': 'takes a stored guard and the time',
  'store.shortStoreKey': 'takes a store key',
  'store.steadyNow': 'takes a clock',
  'testing.createFakeClock': 'takes a start moment',
  'testing.invalidOptionOf': 'takes a function to call',
  'testing.listenOnLoopback': 'takes a request handler',
  'testing.misroutedPreset': 'takes the secret the preset carries',
  'testing.readConformanceCall': 'takes a request',
  'testing.sendRawRequest': 'takes a URL and the request to send as it is written',
  'testing.startRecordingUpstream': 'takes a function that answers',
  'testing.statusesOf': 'takes a URL and a count',
  'testing.thrownBy': 'takes a function to call',
  'testing.useAppsPerTest': "takes the runner's afterEach",
};

const entries = { core, adapter, node, store, testing } as const;

/** Every key a core factory reads, nested groups' keys included: what a polluted prototype would carry. */
const everyKey = [
  ...new Set([
    ...adapter.cloudTokenSchema.keys,
    ...adapter.authorizedFetchSchema.keys,
    ...Object.values(middlewareForms).flatMap((form) => form.keys),
    ...proxySettingsSchema.keys,
    ...cloudTokenInterceptorSchema.keys,
    ...errorHandlerSchema.keys,
    ...readinessSchema.keys,
    ...tokenSourcePoolSchema.keys,
    ...memoryTokenStoreSchema.keys,
    ...guardStateSchema.keys,
    ...Object.values(core.DEFAULT_TOKEN_SOURCE_OPTIONS).flatMap((group) =>
      typeof group === 'object' ? Object.keys(group) : [],
    ),
    'source',
  ]),
];

/** Runs `action` while Object.prototype carries `values`; the prototype is restored whatever happens. */
async function withPrototype<T>(values: Options, action: () => T | Promise<T>): Promise<T> {
  const prototype = Object.prototype as Options;
  for (const [key, value] of Object.entries(values)) {
    Object.defineProperty(prototype, key, { value, configurable: true });
  }
  try {
    return await action();
  } finally {
    for (const key of Object.keys(values)) delete prototype[key];
  }
}

async function closeWhatWasMade(made: unknown): Promise<void> {
  const value = await made;
  const closer = value as { close?: () => unknown } | undefined;
  if (typeof closer?.close === 'function') await closer.close();
}

async function refusal(factory: FactoryCase, options: Options): Promise<unknown> {
  try {
    const made = factory.call(options);
    await closeWhatWasMade(made);
  } catch (error) {
    return error;
  }
  throw new Error('the options were accepted');
}

describe('every public factory reads its options through its schema', () => {
  it('has every function export of every entry in exactly one table', () => {
    const exported = Object.entries(entries).flatMap(([entry, module]) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === 'function')
        .map(([name]) => `${entry}.${name}`),
    );
    const listed = [...Object.keys(factories), ...Object.keys(takesNoOptions)];
    expect(exported.filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed.filter((name) => !exported.includes(name))).toEqual([]);
    expect(Object.keys(factories).filter((name) => name in takesNoOptions)).toEqual([]);
  });

  it.each(Object.entries(factories))('%s accepts its valid options', async (_name, factory) => {
    await closeWhatWasMade(factory.call({}));
  });

  it.each(Object.entries(factories))(
    '%s refuses a misspelt key with a did-you-mean',
    async (_name, factory) => {
      const [key, meant] = factory.misspelt;
      const error = await refusal(factory, { [key]: 1 });
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: key });
      expect((error as Error).message).toContain(`did you mean "${meant}"?`);
      expect((error as Error).message).not.toContain(SECRET);
    },
  );

  it.each(
    Object.entries(factories).filter(
      (entry): entry is [string, FactoryCase & { nested: NonNullable<FactoryCase['nested']> }] =>
        entry[1].nested !== undefined,
    ),
  )('%s refuses a misspelt nested key by its dotted path', async (_name, factory) => {
    const [group, key, meant] = factory.nested;
    const error = await refusal(factory, { [group]: { [key]: 1 } });
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: `${group}.${key}` });
    expect((error as Error).message).toContain(`did you mean "${group}.${meant}"?`);
  });

  it.each(Object.entries(factories))(
    '%s reads nothing inherited from a polluted Object.prototype',
    async (_name, factory) => {
      // A symbol is a value no rule accepts: reading any inherited key would throw.
      const polluted = Object.fromEntries(everyKey.map((key) => [key, Symbol('polluted')]));
      await withPrototype(polluted, () => closeWhatWasMade(factory.call({})));
    },
  );
});

describe('a polluted Object.prototype changes nothing', () => {
  const apps = useAppsPerTest({ afterEach });

  it('an inherited allowInsecureHttp lets neither the secret nor the token go over plain http', async () => {
    await withPrototype({ allowInsecureHttp: true }, () => {
      const plain = { ...credentials, tokenUrl: 'http://id.example.test/connect/token' };
      expect(() => core.clientCredentials(plain)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'tokenUrl' }),
      );
      expect(() =>
        core.createAuthorizedFetch(external, { baseUrl: 'http://api.example.test/' }),
      ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'baseUrl' }));
      expect(() =>
        node.createRequestForwarder({ target: 'http://api.example.test/', source: external }),
      ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'target' }));
    });
  });

  it('an inherited allowedOrigins sends the token to no foreign origin', async () => {
    const seen: { where: string; authorization: string | undefined }[] = [];
    const record = (where: string) => (req: IncomingMessage, res: { end(): void }) => {
      seen.push({ where, authorization: req.headers.authorization });
      res.end();
    };
    const api = await apps.listen(record('api'));
    const foreign = await apps.listen(record('foreign'));
    await withPrototype({ allowedOrigins: [foreign], baseUrl: foreign }, async () => {
      const cloudFetch = core.createAuthorizedFetch(external, { baseUrl: `${api}/` });
      await cloudFetch('documents');
      await cloudFetch(`${foreign}/steal`);
      const clients = node.createRequestClients({ source: external, baseUrl: `${api}/` });
      const policy = adapter.createCallPolicy({ baseUrl: `${api}/` });
      expect(policy.mayCarryToken(`${foreign}/steal`)).toBe(false);
      clients.close();
    });
    expect(seen).toEqual([
      { where: 'api', authorization: 'Bearer external-token-value' },
      { where: 'foreign', authorization: undefined },
    ]);
  });

  it('a misspelt key of the tenant form is named with the tenant form’s key', () => {
    expect(() =>
      node.createRequestClients({ credentials: () => credentials, maxTenant: 3 } as never),
    ).toThrow('did you mean "maxTenants"?');
  });

  it('an inherited source or credentials does not change which form of the options is used', async () => {
    await withPrototype({ source: external, credentials: () => credentials }, () => {
      const clients = node.createRequestClients({ ...credentials, baseUrl: 'https://a.test/' });
      expect(clients.tenants).toBe(0);
      clients.close();
    });
  });
});
