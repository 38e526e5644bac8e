import { inspect } from 'node:util';
import type { Emulator, TokenFault } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.js';
import { isCloudTokenError } from '../../src/shared/errors.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';
import type { ClientCredentialsOptions } from '../../src/token-endpoint/client-credentials-options.js';
import { readJwtExpiry } from '../../src/token-endpoint/jwt-expiry.js';
import { requestToken } from '../../src/token-endpoint/request-token.js';

const clientId = 'app:äöü id';
const clientSecret = 'pä$$+&=%:ß✓';
const fetch = globalThis.fetch.bind(globalThis);

let emulator: Emulator;
let credentials: ClientCredentialsOptions;

const emulatorFixture = useEmulator(
  { beforeAll, beforeEach, afterAll },
  { emulator: { clientId, clientSecret } },
);
beforeAll(() => {
  emulator = emulatorFixture.emulator;
  credentials = { tokenUrl: emulator.tokenUrl, clientId, clientSecret };
});

function ask(options: Partial<ClientCredentialsOptions> = {}, timeoutMs = 5_000) {
  return requestToken(clientCredentials({ ...credentials, ...options }), {
    fetch,
    clock: systemClock,
    timeoutMs,
  });
}

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => expect.unreachable('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isCloudTokenError(error), String(error)).toBe(true);
  for (const view of [
    (error as Error).message,
    JSON.stringify(error),
    inspect(error, { depth: 8 }),
  ]) {
    expect(view).not.toContain(clientSecret);
  }
  return error as Record<string, unknown>;
}

describe('requestToken against the emulator', () => {
  it('gets a token with client_secret_post, special characters and all', async () => {
    const token = await ask();
    expect(token.type).toBe('Bearer');
    expect(token.expiresAt - token.obtainedAt).toBe(86_400_000);
    expect(emulator.stats.tokenRequests).toMatchObject({
      total: 1,
      issued: 1,
      byAuthMethod: { client_secret_post: 1, client_secret_basic: 0 },
    });
  });

  it('gets a token with client_secret_basic, special characters and all', async () => {
    const token = await ask({ authMethod: 'client_secret_basic' });
    expect(token.value.split('.')).toHaveLength(3);
    expect(emulator.stats.tokenRequests).toMatchObject({
      total: 1,
      issued: 1,
      byAuthMethod: { client_secret_post: 0, client_secret_basic: 1 },
    });
  });

  it('is rejected for good with a wrong secret, either way', async () => {
    for (const authMethod of ['client_secret_post', 'client_secret_basic'] as const) {
      const error = await failure(ask({ clientSecret: `${clientSecret}x`, authMethod }));
      expect(error).toMatchObject({
        code: 'ERR_CREDENTIALS_REJECTED',
        oauthError: 'invalid_client',
      });
    }
    expect(emulator.stats.tokenRequests).toMatchObject({ total: 2, issued: 0, rejected: 2 });
  });

  it('falls back to the JWT exp when expires_in is missing', async () => {
    emulator.control.failTokenRequests(1, { kind: 'bad-expires-in', value: undefined });
    const token = await ask();
    expect(token.expiresAt).toBe(readJwtExpiry(token.value));
  });

  it('accepts a numeric-string expires_in', async () => {
    emulator.control.failTokenRequests(1, { kind: 'bad-expires-in', value: '3600' });
    const token = await ask();
    expect(token.expiresAt - token.obtainedAt).toBe(3_600_000);
  });

  const faults: [string, TokenFault, Record<string, unknown>][] = [
    ['500', { kind: 'status', status: 500 }, { code: 'ERR_TOKEN_REQUEST', upstreamStatus: 500 }],
    [
      '503 with Retry-After',
      { kind: 'status', status: 503, retryAfter: '7' },
      {
        code: 'ERR_TOKEN_REQUEST',
        upstreamStatus: 503,
        retryAfterMs: 7_000,
      },
    ],
    ['408', { kind: 'status', status: 408 }, { code: 'ERR_TOKEN_REQUEST', upstreamStatus: 408 }],
    ['an HTML page', { kind: 'html' }, { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 200 }],
    [
      'malformed JSON',
      { kind: 'malformed-json' },
      { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 200 },
    ],
    ['an empty body', { kind: 'empty' }, { code: 'ERR_TOKEN_RESPONSE', upstreamStatus: 200 }],
    ['no access_token', { kind: 'missing-access-token' }, { code: 'ERR_TOKEN_RESPONSE' }],
    ['expires_in 0', { kind: 'bad-expires-in', value: 0 }, { code: 'ERR_TOKEN_RESPONSE' }],
    ['expires_in -60', { kind: 'bad-expires-in', value: -60 }, { code: 'ERR_TOKEN_RESPONSE' }],
    [
      'expires_in "soon"',
      { kind: 'bad-expires-in', value: 'soon' },
      { code: 'ERR_TOKEN_RESPONSE' },
    ],
    ['expires_in null', { kind: 'bad-expires-in', value: null }, { code: 'ERR_TOKEN_RESPONSE' }],
    ['expires_in true', { kind: 'bad-expires-in', value: true }, { code: 'ERR_TOKEN_RESPONSE' }],
    ['token_type mac', { kind: 'token-type', value: 'mac' }, { code: 'ERR_TOKEN_RESPONSE' }],
    ['no token_type', { kind: 'token-type', value: undefined }, { code: 'ERR_TOKEN_RESPONSE' }],
    ['an oversized answer', { kind: 'oversized', bytes: 200_000 }, { code: 'ERR_TOKEN_RESPONSE' }],
    [
      '400 invalid_client',
      { kind: 'oauth-error', error: 'invalid_client', description: 'Unknown client' },
      {
        code: 'ERR_CREDENTIALS_REJECTED',
        oauthError: 'invalid_client',
        oauthErrorDescription: 'Unknown client',
        upstreamStatus: 400,
      },
    ],
    [
      '400 temporarily_unavailable',
      { kind: 'oauth-error', error: 'temporarily_unavailable' },
      {
        code: 'ERR_TOKEN_REQUEST',
        reason: 'oauth',
        upstreamStatus: 400,
      },
    ],
    [
      '429 with Retry-After',
      { kind: 'rate-limit', retryAfter: '600' },
      {
        code: 'ERR_TOKEN_REQUEST',
        reason: 'http',
        upstreamStatus: 429,
        retryAfterMs: 600_000,
      },
    ],
    [
      '429 without Retry-After',
      { kind: 'rate-limit' },
      {
        code: 'ERR_TOKEN_REQUEST',
        upstreamStatus: 429,
        retryAfterMs: undefined,
      },
    ],
    [
      'a reset connection',
      { kind: 'reset' },
      { code: 'ERR_TOKEN_REQUEST', reason: 'network', upstreamStatus: undefined },
    ],
  ];

  it.each(faults)(
    'answers %s with its typed error, after one request',
    async (_, fault, expected) => {
      emulator.control.failTokenRequests(1, fault);
      expect(await failure(ask())).toMatchObject(expected);
      expect(emulator.stats.tokenRequests.total).toBe(1);
    },
  );

  it('gives up on a hanging endpoint with a timeout', async () => {
    emulator.control.failTokenRequests(1, { kind: 'hang' });
    const error = await failure(ask({}, 200));
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REQUEST', reason: 'timeout' });
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });

  it('works again after a fault', async () => {
    emulator.control.failTokenRequests(1, { kind: 'status', status: 502 });
    await failure(ask());
    await expect(ask()).resolves.toMatchObject({ type: 'Bearer' });
    expect(emulator.stats.tokenRequests).toMatchObject({ total: 2, issued: 1 });
  });
});
