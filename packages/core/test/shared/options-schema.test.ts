import { thrownBy } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from '../../src/call/authorized-fetch.js';
import { numberRule } from '../../src/shared/option-rules.js';
import { groupRule, optionsSchema, shownKey } from '../../src/shared/options-schema.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';
import { createTokenSource } from '../../src/token-source/token-source.js';

const SECRET = 'sup3r-s3cret-value';
const grant = clientCredentials({
  tokenUrl: 'http://127.0.0.1:9/connect/token',
  clientId: 'client',
  clientSecret: SECRET,
});

function expectRejected(error: unknown, option: string, suggestion?: string): void {
  expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
  const message = (error as Error).message;
  if (suggestion !== undefined) expect(message).toContain(`did you mean "${suggestion}"`);
  expect(message).not.toContain(SECRET);
  expect(JSON.stringify(error)).not.toContain(SECRET);
}

/** A schema of two keys and a nested group, as every factory's is made. */
const retrySchema = optionsSchema<{ attempts?: number; baseDelayMs?: number }>()({
  attempts: numberRule('count', 3),
  baseDelayMs: numberRule('delay', 200),
});
const exampleSchema = optionsSchema<{
  baseUrl?: string;
  timeoutMs?: number;
  retry?: { attempts?: number; baseDelayMs?: number };
}>()(
  {
    baseUrl: (value) => value as string | undefined,
    timeoutMs: numberRule('timeout', 1_000),
    retry: groupRule(retrySchema),
  },
  { elsewhere: { logger: 'the source has its own logger' } },
);

describe('unknown option keys (issue 8)', () => {
  it('baseURL on the authorized fetch throws at creation, naming baseUrl', () => {
    const source = createTokenSource(grant);
    expectRejected(
      thrownBy(() => createAuthorizedFetch(source, { baseURL: 'https://api.example' } as never)),
      'baseURL',
      'baseUrl',
    );
    source.close();
  });

  it('apiBaseUrl (the old preset field) throws at creation, naming baseUrl', () => {
    const source = createTokenSource(grant);
    expectRejected(
      thrownBy(() => createAuthorizedFetch(source, { apiBaseUrl: 'https://api.example' } as never)),
      'apiBaseUrl',
      'baseUrl',
    );
    source.close();
  });

  it('renewal.maxEarlyMS throws at creation, naming renewal.maxEarlyMs', () => {
    expectRejected(
      thrownBy(() => createTokenSource(grant, { renewal: { maxEarlyMS: 1 } } as never)),
      'renewal.maxEarlyMS',
      'renewal.maxEarlyMs',
    );
  });

  it('a key of another form says why it does nothing there', () => {
    const source = createTokenSource(grant);
    const error = thrownBy(() =>
      createAuthorizedFetch(source, { baseUrl: 'https://a.example', logger: console } as never),
    );
    expectRejected(error, 'logger');
    expect((error as Error).message).toContain('does nothing here');
    source.close();
  });

  it('never echoes a secret put where a key belongs', () => {
    const error = thrownBy(() => exampleSchema.read({ [SECRET]: true }));
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).toContain(`a key of ${SECRET.length} characters`);
  });

  it('lists the known keys when none is close', () => {
    const error = thrownBy(() => exampleSchema.read({ retry: { zzz: 1 } }));
    expect(error).toMatchObject({ option: 'retry.zzz' });
    expect((error as Error).message).toContain('known: attempts, baseDelayMs');
  });

  it('rejects a non-object, describing its type only', () => {
    const error = thrownBy(() => exampleSchema.read(SECRET));
    expect((error as Error).message).toContain('got a string');
    expect((error as Error).message).not.toContain(SECRET);
  });
});

describe('optionsSchema', () => {
  it('fills in every default, a nested group included, for no options', () => {
    expect(exampleSchema.read(undefined)).toEqual({
      baseUrl: undefined,
      timeoutMs: 1_000,
      retry: { attempts: 3, baseDelayMs: 200 },
    });
  });

  it('names a misspelt nested key by its dotted path, with the key it was meant to be', () => {
    expectRejected(
      thrownBy(() => exampleSchema.read({ retry: { attemps: 2 } })),
      'retry.attemps',
      'retry.attempts',
    );
    expectRejected(
      thrownBy(() => exampleSchema.read({ retry: { attempts: 0 } })),
      'retry.attempts',
    );
  });

  it.each([
    ['client_id', 'clientId'],
    ['client_secret', 'clientSecret'],
    ['token_url', 'tokenUrl'],
  ])('shows the key name %s with its did-you-mean: only values can be secrets', (key, meant) => {
    const error = thrownBy(() =>
      clientCredentials({
        tokenUrl: 'https://id.example.test/connect/token',
        clientId: 'client',
        clientSecret: SECRET,
        [key]: 'x',
      } as never),
    );
    expectRejected(error, key, meant);
    expect((error as Error).message).not.toContain('a key of');
  });

  it.each([
    SECRET,
    'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGllbnQifQ.c2lnbmF0dXJl',
    '123e4567-e89b-12d3-a456-426614174000',
    '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'Zm9vYmFyYmF6cXV4+/==',
    'xKqPzRtWmNbVcLsD',
    'qwrtzpsdfghjklmnbv',
    'abcdefabcdefabcdefabcdefabcdefabcdef',
  ])('hides a key that itself looks like a credential value: %s', (key) => {
    expect(shownKey(key)).toBe(`(a key of ${key.length} characters)`);
    const error = thrownBy(() => exampleSchema.read({ [key]: 1 }));
    expect((error as Error).message).not.toContain(key);
    expect((error as { option: string }).option).not.toContain(key);
  });

  it.each([
    'maxRetryAfterMS',
    'baseURL',
    'client_id',
    'oauth2Url',
    'max-retry-after-ms',
    'maxBufferedBodyBytes',
    'allowInsecureHTTP',
    'CLIENT_SECRET',
  ])('shows a key shaped like an option name: %s', (key) => {
    expect(shownKey(key)).toBe(key);
  });

  it('reads own properties only: an inherited value is never an option', () => {
    const prototype = { timeoutMs: 'inherited', retry: 'inherited', unknownKey: 1 };
    const options = Object.create(prototype) as object;
    expect(exampleSchema.read(options)).toEqual({
      baseUrl: undefined,
      timeoutMs: 1_000,
      retry: { attempts: 3, baseDelayMs: 200 },
    });
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.attempts = 'polluted';
    polluted.timeoutMs = 'polluted';
    try {
      expect(exampleSchema.read({ retry: {} })).toMatchObject({
        timeoutMs: 1_000,
        retry: { attempts: 3 },
      });
    } finally {
      delete polluted.attempts;
      delete polluted.timeoutMs;
    }
  });

  it('reads each value once: a getter runs once, and what it gave is what is used', () => {
    let reads = 0;
    const options = {
      get timeoutMs() {
        reads += 1;
        return reads === 1 ? 250 : Number.NaN;
      },
    };
    expect(exampleSchema.read(options).timeoutMs).toBe(250);
    expect(reads).toBe(1);
  });

  it('does not read again what it read: the result is frozen and passes as it is', () => {
    const settings = exampleSchema.read({ timeoutMs: 5 });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(exampleSchema.read(settings)).toBe(settings);
    // A larger table spreading the same rules takes it too; another table reads it afresh.
    const larger = optionsSchema<{ timeoutMs?: number }>()({
      timeoutMs: exampleSchema.rules.timeoutMs,
    });
    expect(larger.read(settings)).toBe(settings);
    const other = optionsSchema<{ timeoutMs?: number }>()({ timeoutMs: numberRule('timeout', 9) });
    expect(() => other.read(settings)).toThrow('is not an option here');
  });

  it('composes by spreading rules: the keys and rules of both, checked together', () => {
    const composed = optionsSchema<{ timeoutMs?: number; prefix?: string }>()({
      timeoutMs: exampleSchema.rules.timeoutMs,
      prefix: (value) => (value === undefined ? '' : String(value)),
    });
    expect(composed.keys).toEqual(['timeoutMs', 'prefix']);
    expectRejected(
      thrownBy(() => composed.read({ prefx: '/a' })),
      'prefx',
      'prefix',
    );
    expect(exampleSchema.extend(composed).keys).toEqual([
      'baseUrl',
      'timeoutMs',
      'retry',
      'prefix',
    ]);
  });

  it('takes only the own values of its keys, into an object without a prototype', () => {
    const values = exampleSchema.take({ timeoutMs: 3 });
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.keys(exampleSchema.pick({ timeoutMs: 3, other: 1 }))).toEqual(['timeoutMs']);
  });

  it('rejects a key of another form with why, not with a suggestion', () => {
    const error = thrownBy(() => exampleSchema.read({ logger: console }));
    expectRejected(error, 'logger');
    expect((error as Error).message).toContain('does nothing here: the source has its own logger');
  });

  it('treats a key named like an Object.prototype member as unknown', () => {
    expectRejected(
      thrownBy(() => exampleSchema.read(JSON.parse('{"toString": 1}'))),
      'toString',
    );
    expectRejected(
      thrownBy(() => exampleSchema.read(JSON.parse('{"__proto__": 1}'))),
      '__proto__',
    );
  });
});
