import type { TokenFault } from '@cloud-token/emulator';
import { requestToken, useEmulator, waitFor } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const cloud = useEmulator({ beforeAll, beforeEach, afterAll }, { reset: 'when-idle' });

/** Calls the API with `token`; resolves the status. */
async function apiStatus(token: string): Promise<number> {
  const response = await fetch(`${cloud.emulator.apiUrl}/probe`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.body?.cancel();
  return response.status;
}

describe('failTokenRequests', () => {
  it('plays queued faults first in, first out, then answers normally again', async () => {
    cloud.emulator.control.failTokenRequests(2, { kind: 'status', status: 503, retryAfter: '7' });
    cloud.emulator.control.failTokenRequests(1, { kind: 'status', status: 500 });

    const answers = [];
    for (let index = 0; index < 4; index += 1) {
      const response = await requestToken(cloud.emulator);
      answers.push([response.status, response.headers.get('retry-after'), await response.json()]);
    }

    expect(answers).toEqual([
      [503, '7', { error: 'server_error' }],
      [503, '7', { error: 'server_error' }],
      [500, null, { error: 'server_error' }],
      [200, null, expect.objectContaining({ token_type: 'Bearer' })],
    ]);
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 4, faulted: 3, issued: 1 });
  });

  it('comes before the credential check and the lockout rule', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'status', status: 502 });

    const response = await requestToken(cloud.emulator, { clientSecret: 'wrong' });

    expect(response.status).toBe(502);
    expect(cloud.emulator.stats.tokenRequests.rejected).toBe(0);
  });

  it('oauth-error: an RFC 6749 §5.2 answer, 400 unless told otherwise', async () => {
    cloud.emulator.control.failTokenRequests(1, {
      kind: 'oauth-error',
      error: 'invalid_grant',
      description: 'emulated',
    });
    cloud.emulator.control.failTokenRequests(1, {
      kind: 'oauth-error',
      error: 'temporarily_unavailable',
      status: 503,
    });

    const first = await requestToken(cloud.emulator);
    const second = await requestToken(cloud.emulator);

    expect([first.status, await first.json()]).toEqual([
      400,
      { error: 'invalid_grant', error_description: 'emulated' },
    ]);
    expect([second.status, await second.json()]).toEqual([
      503,
      { error: 'temporarily_unavailable' },
    ]);
  });

  it('rate-limit: 429 with or without Retry-After, counted as rate limited', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit' });

    const withHeader = await requestToken(cloud.emulator);
    const without = await requestToken(cloud.emulator);

    expect([withHeader.status, withHeader.headers.get('retry-after')]).toEqual([429, '120']);
    expect([without.status, without.headers.get('retry-after')]).toEqual([429, null]);
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ rateLimited: 2, faulted: 0 });
  });

  it.each<[TokenFault, string | null, (text: string) => void]>([
    [
      { kind: 'malformed-json' },
      'application/json',
      (text) => expect(() => JSON.parse(text)).toThrow(),
    ],
    [
      { kind: 'html' },
      'text/html; charset=utf-8',
      (text) => expect(text).toMatch(/^<!DOCTYPE html>/),
    ],
    [{ kind: 'empty' }, 'application/json', (text) => expect(text).toBe('')],
  ])('%o answers 200 with a body that is no token answer', async (fault, contentType, check) => {
    cloud.emulator.control.failTokenRequests(1, fault);

    const response = await requestToken(cloud.emulator);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    check(await response.text());
  });

  it('missing-access-token: 200 JSON without access_token', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'missing-access-token' });

    const body = (await (await requestToken(cloud.emulator)).json()) as Record<string, unknown>;

    expect(body).not.toHaveProperty('access_token');
    expect(body).toMatchObject({ expires_in: 86_400, token_type: 'Bearer' });
  });

  it.each<[unknown, Record<string, unknown>]>([
    [undefined, {}],
    ['3600', { expires_in: '3600' }],
    [-5, { expires_in: -5 }],
    [null, { expires_in: null }],
  ])('bad-expires-in %o: a usable token with that expires_in', async (value, expected) => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'bad-expires-in', value });

    const body = (await (await requestToken(cloud.emulator)).json()) as Record<string, unknown>;

    const { access_token, token_type, scope, ...rest } = body;
    expect(rest).toEqual(expected);
    expect(await apiStatus(String(access_token))).toBe(200);
  });

  it('token-type: a usable token with that token_type', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'token-type', value: 'mac' });

    const body = (await (await requestToken(cloud.emulator)).json()) as Record<string, unknown>;

    expect(body.token_type).toBe('mac');
    expect(await apiStatus(String(body.access_token))).toBe(200);
  });

  it('oversized: a valid answer padded to exactly the given size', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'oversized', bytes: 2_000_000 });

    const response = await requestToken(cloud.emulator);
    const bytes = new Uint8Array(await response.arrayBuffer());

    expect(bytes.byteLength).toBe(2_000_000);
    const body = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    expect(await apiStatus(String(body.access_token))).toBe(200);
  });

  it('reset: destroys the connection without an answer', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'reset' });

    await expect(requestToken(cloud.emulator)).rejects.toThrow(TypeError);
    expect((await requestToken(cloud.emulator)).status).toBe(200);
    expect(cloud.emulator.stats.tokenRequests.faulted).toBe(1);
  });

  it('hang: holds the request open until the client gives up', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'hang' });
    const giveUp = new AbortController();

    const hanging = requestToken(cloud.emulator, { signal: giveUp.signal });
    await waitFor(() => cloud.emulator.stats.tokenRequests.faulted === 1, 'the hanging request');
    giveUp.abort();

    await expect(hanging).rejects.toThrow(/abort/i);
    expect(cloud.emulator.stats.tokenRequests.issued).toBe(0);
    expect((await requestToken(cloud.emulator)).status).toBe(200);
  });

  it.each<[unknown, unknown]>([
    [-1, { kind: 'hang' }],
    [1.5, { kind: 'hang' }],
    [1, { kind: 'teapot' }],
    [1, { kind: 'status', status: 99 }],
    [1, { kind: 'status', status: 503, retryAfter: 'a\r\nb' }],
    [1, { kind: 'oversized', bytes: 0 }],
    [1, { kind: 'bad-expires-in', value: 10n }],
    [1, { kind: 'oauth-error', error: 'bad "code"' }],
  ])('rejects count %o with fault %o at once', (count, fault) => {
    expect(() =>
      cloud.emulator.control.failTokenRequests(count as number, fault as TokenFault),
    ).toThrow(/failTokenRequests/);
  });
});
