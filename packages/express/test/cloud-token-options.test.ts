import { thrownBy } from '@cloud-token/core/testing';
import {
  cloudToken,
  createTokenSource,
  externalToken,
  type TokenSource,
} from '@cloud-token/express';
import { describe, expect, it } from 'vitest';

const credentials = {
  tokenUrl: 'https://id.example.test/connect/token',
  clientId: 'client',
  clientSecret: 'top-secret-value',
};

describe('cloudToken() options', () => {
  it.each([
    ['not an object', 'text', 'options'],
    ['a bad token URL', { ...credentials, tokenUrl: 'nope' }, 'tokenUrl'],
    ['a missing secret', { ...credentials, clientSecret: '' }, 'clientSecret'],
    ['a bad base URL', { ...credentials, baseUrl: 'ftp://api.example.test/' }, 'baseUrl'],
    [
      'plain http to another host',
      { ...credentials, baseUrl: 'http://api.example.test/' },
      'baseUrl',
    ],
    ['retry options without a base URL', { ...credentials, rateLimitRetries: 1 }, 'baseUrl'],
    [
      'a bad rateLimitRetries',
      { ...credentials, baseUrl: 'https://a.test/', rateLimitRetries: -1 },
      'rateLimitRetries',
    ],
    ['a bad token source option', { ...credentials, timeoutMs: -5 }, 'timeoutMs'],
    ['a non-boolean prefetch', { ...credentials, prefetch: 'yes' }, 'prefetch'],
    ['a source that is not one', { source: {} }, 'source'],
    [
      'a source with inline credentials',
      { source: createTokenSource(externalToken('t')), clientId: 'x' },
      'clientId',
    ],
    ['credentials that are not a function', { credentials: credentials }, 'credentials'],
    [
      'credentials with inline credentials',
      { credentials: () => credentials, tokenUrl: credentials.tokenUrl },
      'tokenUrl',
    ],
    ['a zero maxTenants', { credentials: () => credentials, maxTenants: 0 }, 'maxTenants'],
    ['a fractional maxTenants', { credentials: () => credentials, maxTenants: 2.5 }, 'maxTenants'],
    [
      'a bad shared tenant option',
      { credentials: () => credentials, retry: { attempts: 0 } },
      'retry.attempts',
    ],
    [
      'a bad tenant call policy',
      { credentials: () => credentials, baseUrl: 'not a url' },
      'baseUrl',
    ],
  ])('rejects %s at creation, naming the option', (_case, options, option) => {
    const error = thrownBy(() => cloudToken(options as never));
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
    expect(String((error as Error).message)).not.toContain('top-secret-value');
  });

  it('accepts each documented form', async () => {
    const source: TokenSource = createTokenSource(externalToken('external-token'));
    const forms = [
      cloudToken({ ...credentials }),
      cloudToken({ ...credentials, baseUrl: 'https://api.example.test/v4.0', prefetch: true }),
      cloudToken(source),
      cloudToken({ source, allowedOrigins: ['https://api.example.test'] }),
      cloudToken({ credentials: () => credentials, maxTenants: 10, baseUrl: 'https://a.test/' }),
    ];
    for (const middleware of forms) {
      expect(typeof middleware).toBe('function');
      expect(middleware).toHaveLength(3);
      middleware.close();
    }
    // A source handed in stays its owner's: the middleware's close() leaves it usable.
    expect((await source.getToken()).value).toBe('external-token');
    source.close();
  });
});
