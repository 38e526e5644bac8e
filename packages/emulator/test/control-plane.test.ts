import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { text } from 'node:stream/consumers';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { getAccessToken, requestToken, useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleLockoutStates } from '../src/console-state.js';
import { maxClockOffsetMs } from '../src/emulator-clock.js';

const cloud = useEmulator({ beforeAll, beforeEach, afterAll }, { reset: 'when-idle' });

/** POSTs `body` as JSON to a control endpoint; resolves status, content type and parsed body. */
async function post(
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  emulator: Emulator = cloud.emulator,
) {
  const response = await fetch(`${emulator.controlUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/**
 * A control request with a `Host` header of our choosing, as a browser sends
 * for a rebinding name (fetch always sends the URL's own). `PORT` in `host`
 * and in the headers stands for the emulator's port.
 */
async function requestAs(
  host: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string> = {},
  emulator: Emulator = cloud.emulator,
): Promise<{ status: number; type: string | undefined; body: string }> {
  const url = new URL(`${emulator.controlUrl}${path}`);
  const withPort = (value: string): string => value.replaceAll('PORT', url.port);
  const sent: Record<string, string> = { host: withPort(host) };
  for (const [name, value] of Object.entries(headers)) sent[name] = withPort(value);
  const outgoing = httpRequest({
    hostname: url.hostname,
    port: url.port,
    path: url.pathname,
    method,
    headers: sent,
  }).end();
  const [incoming] = (await once(outgoing, 'response')) as [IncomingMessage];
  return {
    status: incoming.statusCode ?? 0,
    type: incoming.headers['content-type'],
    body: await text(incoming),
  };
}

/** The emulator's clock minus the wall clock, as `GET /state` shows them. */
async function clockLead(): Promise<number> {
  const state = (await (await fetch(`${cloud.emulator.controlUrl}/state`)).json()) as {
    serverTime: number;
    emulatorTime: string;
  };
  return Date.parse(state.emulatorTime) - state.serverTime;
}

async function apiCall(token: string, path = '/v4.0/words/doc.docx'): Promise<Response> {
  const response = await fetch(`${cloud.emulator.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response;
}

describe('the HTTP control plane', () => {
  it('GET /stats returns the same object as emulator.stats', async () => {
    const token = await getAccessToken(cloud.emulator);
    await apiCall(token);

    const response = await fetch(`${cloud.emulator.controlUrl}/stats`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(cloud.emulator.stats)));
    expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
  });

  it('POST /token-faults plays the fault on the next <count> token requests', async () => {
    const queued = await post('/token-faults', { count: 2, kind: 'status', status: 503 });

    expect(queued).toMatchObject({ status: 200, body: { ok: true } });
    const statuses = [];
    for (let index = 0; index < 3; index += 1)
      statuses.push((await requestToken(cloud.emulator)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(cloud.emulator.stats.tokenRequests.faulted).toBe(2);
  });

  it('POST /token-faults takes a numeric retryAfter and sends it as the header', async () => {
    await post('/token-faults', { kind: 'rate-limit', retryAfter: 30 });

    const answer = await requestToken(cloud.emulator);

    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('30');
  });

  it('POST /api-faults answers 429 Retry-After: 5 on the next 3 API calls', async () => {
    const token = await getAccessToken(cloud.emulator);

    expect((await post('/api-faults', { count: 3, status: 429, retryAfter: 5 })).status).toBe(200);

    const answers = [];
    for (let index = 0; index < 4; index += 1) answers.push(await apiCall(token));
    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 429, 200]);
    expect(answers[0]?.headers.get('retry-after')).toBe('5');
    expect(cloud.emulator.stats.apiRequests.byStatus).toEqual({ 200: 1, 429: 3 });
  });

  it('POST /revoke rejects every token issued so far', async () => {
    const token = await getAccessToken(cloud.emulator);

    expect(await post('/revoke')).toMatchObject({ status: 200, body: { revocations: 1 } });

    expect((await apiCall(token)).status).toBe(401);
    expect((await apiCall(await getAccessToken(cloud.emulator))).status).toBe(200);
  });

  it('POST /advance-time moves the clock past a token lifetime', async () => {
    const token = await getAccessToken(cloud.emulator);

    await post('/advance-time', { ms: 86_400_000 });

    expect((await apiCall(token)).status).toBe(401);
  });

  it('POST /clients accepts another client and never echoes its secret', async () => {
    const added = await post('/clients', { clientId: 'second-app', clientSecret: 'second-secret' });

    expect(added).toEqual({
      status: 200,
      type: expect.stringContaining('application/json'),
      headers: expect.anything(),
      body: { ok: true, clientId: 'second-app' },
    });
    const answer = await requestToken(cloud.emulator, {
      clientId: 'second-app',
      clientSecret: 'second-secret',
    });
    expect(answer.status).toBe(200);
  });

  it('POST /latency sets the latency the console shows; POST /reset clears faults, latency and counters', async () => {
    await post('/latency', { tokenMs: 0, apiMs: 5 });
    await post('/token-faults', { count: 5, kind: 'status', status: 500 });
    await requestToken(cloud.emulator);
    const state = await (await fetch(`${cloud.emulator.controlUrl}/state`)).json();
    expect(state).toMatchObject({ latency: { tokenMs: 0, apiMs: 5 } });

    expect((await post('/reset')).status).toBe(200);

    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
    expect((await requestToken(cloud.emulator)).status).toBe(200);
    const after = await (await fetch(`${cloud.emulator.controlUrl}/state`)).json();
    expect(after).toMatchObject({ latency: { tokenMs: 0, apiMs: 0 }, pendingTokenFaults: [] });
  });

  it('GET /state never carries a client secret or a whole token', async () => {
    const token = await getAccessToken(cloud.emulator);
    await apiCall(token, '/v3.0/cells/book.xlsx');
    await requestToken(cloud.emulator, { clientSecret: 'a-wrong-secret-value' });

    const text = await (await fetch(`${cloud.emulator.controlUrl}/state`)).text();

    expect(text).not.toContain('emulator-secret');
    expect(text).not.toContain('a-wrong-secret-value');
    expect(text).not.toContain(token);
    expect(text).toContain(`${token.slice(0, 6)}…${token.slice(-6)}`);
    expect(JSON.parse(text)).toMatchObject({
      lockoutStates: [{ clientId: 'emulator-client', failures: 1, bannedForMs: 0 }],
    });
  });
});

describe('control plane errors', () => {
  it.each([
    ['/api-faults', { count: 3, status: 99 }, 'status'],
    ['/api-faults', { count: -1, status: 429 }, 'count'],
    ['/api-faults', { status: 429, retryAfter: 'five\nsix' }, 'retryAfter'],
    ['/api-faults', { status: 429, retry: 5 }, 'retry'],
    ['/token-faults', { kind: 'sometimes' }, 'kind'],
    ['/token-faults', { kind: 'status', status: 503, bytes: 3 }, 'bytes'],
    ['/token-faults', { kind: 'oversized', bytes: 0 }, 'bytes'],
    ['/latency', { tokenMs: -5 }, 'tokenMs'],
    ['/advance-time', {}, 'ms'],
    ['/clients', { clientId: 'x', clientSecret: '' }, 'clientSecret'],
    ['/revoke', { all: true }, 'all'],
    ['/reset', '[1, 2]', 'body'],
    ['/reset', '{"unterminated', 'body'],
  ])('POST %s %j answers problem+json naming %s', async (path, body, field) => {
    const answer = await post(path, body);

    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      type: 'urn:cloud-token:emulator:problem:invalid-field',
      status: 400,
      'invalid-params': [{ name: field, reason: expect.any(String) }],
    });
    expect(String(answer.body.detail)).toMatch(new RegExp(`^${field}: `));
  });

  it('never echoes a secret in a problem', async () => {
    const answer = await post('/clients', { clientId: '', clientSecret: 'top-secret-value' });

    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain('top-secret-value');
  });

  it('answers 404 problem+json for an unknown endpoint and 405 for a wrong method', async () => {
    const unknown = await post('/explode', {});
    const wrongMethod = await fetch(`${cloud.emulator.controlUrl}/reset`);
    const postStats = await post('/stats', {});

    expect(unknown).toMatchObject({ status: 404, body: { status: 404 } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(wrongMethod.headers.get('content-type')).toContain('application/problem+json');
    expect(postStats.status).toBe(405);
  });

  it('refuses a request a page of another origin sends through the browser', async () => {
    const token = await getAccessToken(cloud.emulator);

    const answer = await post('/revoke', undefined, { origin: 'http://evil.example' });

    expect(answer).toMatchObject({ status: 403, body: { status: 403 } });
    expect((await apiCall(token)).status).toBe(200);
  });
});

describe('names every object inherits', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'POST /_emulator/%s answers a 404 problem',
    async (name) => {
      const answer = await post(`/${name}`, {});

      expect(answer.status).toBe(404);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ type: 'urn:cloud-token:emulator:problem:not-found' });
    },
  );

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'POST /token-faults with kind %s answers a 400 problem naming kind',
    async (kind) => {
      const answer = await post('/token-faults', { kind });

      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ 'invalid-params': [{ name: 'kind' }] });
      expect((await requestToken(cloud.emulator)).status).toBe(200);
    },
  );
});

describe('the bounds of the control plane', () => {
  it('refuses advance-time {"ms":1e300} with a 400 naming ms and the bound; the state still answers', async () => {
    const answer = await post('/advance-time', { ms: 1e300 });
    const state = await fetch(`${cloud.emulator.controlUrl}/state`);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ 'invalid-params': [{ name: 'ms' }] });
    expect(String(answer.body.detail)).toContain(`ms: must be at most ${maxClockOffsetMs}`);
    expect(state.status).toBe(200);
    expect(await clockLead()).toBeLessThan(1_000);
  });

  it('refuses advances that together would pass the bound, and keeps the clock where it was', async () => {
    expect((await post('/advance-time', { ms: maxClockOffsetMs - 1_000 })).status).toBe(200);

    const past = await post('/advance-time', { ms: 2_000 });
    const state = await fetch(`${cloud.emulator.controlUrl}/state`);

    expect(past.status).toBe(400);
    expect(String(past.body.detail)).toMatch(/^ms: must be at most 1000: /);
    expect(state.status).toBe(200);
    expect(await clockLead()).toBeGreaterThan(maxClockOffsetMs - 2_000);
    expect((await post('/advance-time', { ms: 1_000 })).status).toBe(200);
  });

  it('POST /reset brings the clock back to real time', async () => {
    await post('/advance-time', { ms: 86_400_000 });
    expect(await clockLead()).toBeGreaterThanOrEqual(86_400_000);

    expect((await post('/reset')).status).toBe(200);

    expect(Math.abs(await clockLead())).toBeLessThan(1_000);
  });

  it(`lists at most ${consoleLockoutStates} lockout states after 5,000 failing client ids, bans first, and says how many it left out`, async () => {
    const banned = { clientSecret: 'a-wrong-secret' };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await (await requestToken(cloud.emulator, banned)).arrayBuffer();
    }
    const ids = Array.from({ length: 5_000 }, (_, index) => `failing-${index}`);
    for (let start = 0; start < ids.length; start += 50) {
      await Promise.all(
        ids.slice(start, start + 50).map(async (clientId) => {
          await (await requestToken(cloud.emulator, { clientId })).arrayBuffer();
        }),
      );
    }

    const text = await (await fetch(`${cloud.emulator.controlUrl}/state`)).text();
    const state = JSON.parse(text) as {
      lockoutStates: { clientId: string; failures: number; bannedForMs: number }[];
      lockoutStatesOmitted: number;
    };

    expect(cloud.emulator.stats.tokenRequests.rejected).toBe(5_005);
    expect(text.length).toBeLessThan(16_000);
    expect(state.lockoutStates).toHaveLength(consoleLockoutStates);
    expect(state.lockoutStatesOmitted).toBe(5_001 - consoleLockoutStates);
    expect(state.lockoutStates[0]).toMatchObject({ clientId: 'emulator-client', failures: 0 });
    expect(state.lockoutStates[0]?.bannedForMs).toBeGreaterThan(0);
    expect(state.lockoutStates.slice(1).every((row) => row.failures === 1)).toBe(true);
    const shownIds = new Set(state.lockoutStates.map((row) => row.clientId));
    expect(shownIds.size).toBe(consoleLockoutStates);
    // The lockout itself forgot nothing: the banned pair is still banned.
    expect((await requestToken(cloud.emulator, banned)).status).toBe(429);
  }, 120_000);

  it.each([
    ['an unknown endpoint', () => post('/%3Cscript%3Ealert(1)%3C%2Fscript%3E', {}), 404],
    ['a bad field', () => post('/api-faults', { status: 99 }), 400],
    ['a wrong method', () => post('/stats', {}), 405],
    ['another origin', () => post('/revoke', undefined, { origin: 'http://evil.example' }), 403],
  ])(
    'sends X-Content-Type-Options: nosniff with the problem for %s',
    async (_case, send, status) => {
      const answer = await send();

      expect(answer.status).toBe(status);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );
});

describe('the Host rule without a control token', () => {
  it.each([
    ['evil.example:PORT', {}],
    ['evil.example:PORT', { origin: 'http://evil.example:PORT' }],
    ['localhost.evil.example:PORT', { origin: 'http://localhost.evil.example:PORT' }],
    ['127.0.0.1.nip.example:PORT', {}],
    ['localhost:1', {}],
    ['localhost', {}],
    ['127.0.0.1:PORT', { origin: 'http://localhost:PORT' }],
  ])(
    'refuses Host %s %j from a loopback peer with a 403 problem, and nothing changes',
    async (host, headers) => {
      const token = await getAccessToken(cloud.emulator);

      const revoke = await requestAs(host, 'POST', '/revoke', headers);
      const state = await requestAs(host, 'GET', '/state', headers);
      const page = await requestAs(host, 'GET', '/', headers);

      for (const answer of [revoke, state, page]) {
        expect(answer.status).toBe(403);
        expect(answer.type).toContain('application/problem+json');
      }
      expect(JSON.parse(revoke.body)).toMatchObject({ status: 403 });
      expect((await apiCall(token)).status).toBe(200);
    },
  );

  it.each([
    ['localhost:PORT', {}],
    ['localhost:PORT', { origin: 'http://localhost:PORT' }],
    ['127.0.0.1:PORT', { origin: 'http://127.0.0.1:PORT' }],
    ['127.8.9.10:PORT', {}],
    ['[::1]:PORT', { origin: 'http://[::1]:PORT' }],
  ])('accepts Host %s %j from a loopback peer', async (host, headers) => {
    const state = await requestAs(host, 'GET', '/state', headers);
    const revoke = await requestAs(host, 'POST', '/revoke', headers);

    expect(state.status).toBe(200);
    expect(revoke.status).toBe(200);
    expect(JSON.parse(revoke.body)).toMatchObject({ ok: true, revocations: 1 });
  });
});

describe('the console page', () => {
  it('GET /_emulator/ serves one self-contained HTML page; /_emulator redirects to it', async () => {
    const page = await fetch(`${cloud.emulator.controlUrl}/`);
    const html = await page.text();
    const bare = await fetch(cloud.emulator.controlUrl, { redirect: 'manual' });

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toMatch(/^\s*<!DOCTYPE html>/);
    // Nothing loaded from elsewhere: no external script, stylesheet or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/_emulator/');
  });
});

describe('with a control token', () => {
  let emulator: Emulator;
  const controlToken = 'control-token-for-tests';
  beforeAll(async () => {
    emulator = await startEmulator({ controlToken });
  });
  afterAll(() => emulator.close());

  it('requires Authorization: Bearer <token> on every control endpoint but the page', async () => {
    const without = await post('/revoke', undefined, {}, emulator);
    const wrong = await post(
      '/revoke',
      undefined,
      { authorization: 'Bearer nope-nope-nope' },
      emulator,
    );
    const stats = await fetch(`${emulator.controlUrl}/stats`);
    const page = await fetch(`${emulator.controlUrl}/`);
    const right = await post(
      '/revoke',
      undefined,
      { authorization: `Bearer ${controlToken}` },
      emulator,
    );

    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(JSON.stringify(without.body)).not.toContain(controlToken);
    expect(wrong.status).toBe(401);
    expect(stats.status).toBe(401);
    expect(page.status).toBe(200);
    expect(right).toMatchObject({ status: 200, body: { revocations: 1 } });
  });

  it('lets the token decide whatever the Host names', async () => {
    const bearer = { authorization: `Bearer ${controlToken}` };

    const without = await requestAs('evil.example:PORT', 'GET', '/state', {}, emulator);
    const withToken = await requestAs('evil.example:PORT', 'GET', '/state', bearer, emulator);
    const viaLocalhost = await requestAs('localhost:PORT', 'GET', '/state', {}, emulator);

    expect(without.status).toBe(401);
    expect(withToken.status).toBe(200);
    expect(viaLocalhost.status).toBe(401);
  });
});
