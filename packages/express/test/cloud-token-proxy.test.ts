import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import {
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { type CloudTokenProxyOptions, cloudTokenProxy } from '@cloud-token/express';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../../core/test/support/fake-clock.js';
import { listenOnLoopback } from './support/loopback-server.js';
import { sendRequest } from './support/proxy-http.js';
import { startRecordingUpstream, type UpstreamRequest } from './support/proxy-upstream.js';

const express4 = createRequire(import.meta.url)('express4') as typeof express;

const clientId = 'emulator-client';
const clientSecret = 'emulator-secret';

let emulator: Emulator;
let source: TokenSource;
/** Everything a test started, closed after it in reverse order. */
let cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ clientId, clientSecret });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.control.reset();
  source = createTokenSource(
    clientCredentials({ tokenUrl: emulator.tokenUrl, clientId, clientSecret }),
  );
  cleanups = [() => source.close()];
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An Express app on loopback with the proxy under `/cloud`, recording every error it reaches. */
async function startProxyApp(
  createApp: () => Express,
  options: Partial<CloudTokenProxyOptions> = {},
  beforeProxy?: (app: Express) => void,
): Promise<{ url: string; errors: unknown[] }> {
  const app = createApp();
  beforeProxy?.(app);
  const proxy = cloudTokenProxy({
    target: emulator.apiUrl,
    source,
    ...options,
  } as CloudTokenProxyOptions);
  app.use('/cloud', proxy);
  const errors: unknown[] = [];
  const recordError: ErrorRequestHandler = (error, _req, _res, next) => {
    errors.push(error);
    next(error);
  };
  app.use(recordError);
  const server = await listenOnLoopback(app);
  cleanups.push(
    () => proxy.close(),
    () => server.close(),
  );
  return { url: `${server.url}/cloud`, errors };
}

const jsonOf = (body: Buffer): Record<string, unknown> => JSON.parse(body.toString('utf8'));

describe.each([
  { framework: 'Express 5', createApp: () => express() },
  { framework: 'Express 4', createApp: () => express4() },
])('cloudTokenProxy on $framework', ({ createApp }) => {
  it('forwards a GET with its path and query, carrying our token', async () => {
    const proxy = await startProxyApp(createApp);

    const answer = await sendRequest(
      `${proxy.url}/words/doc.docx/statistics?storage=s1&folder=a%2Fb`,
    );

    expect(answer.status).toBe(200);
    const echoed = jsonOf(answer.body);
    expect(echoed).toMatchObject({
      method: 'GET',
      path: '/v4.0/words/doc.docx/statistics',
      query: { storage: 's1', folder: 'a/b' },
      clientId,
    });
    expect(emulator.stats.apiRequestLog).toEqual([
      expect.objectContaining({ status: 200, jti: echoed.jti, hadAuthorization: true }),
    ]);
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });

  it.each([
    {
      method: 'POST',
      type: 'application/json',
      body: Buffer.from(JSON.stringify({ name: 'doc.docx', pages: [1, 2] })),
    },
    { method: 'PUT', type: 'application/octet-stream', body: randomBytes(300 * 1024) },
    { method: 'POST', type: 'image/png', body: randomBytes(1024) },
  ])('round-trips a $method $type body byte for byte', async ({ method, type, body }) => {
    const proxy = await startProxyApp(createApp);

    const answer = await sendRequest(`${proxy.url}/storage/file/doc`, {
      method,
      headers: { 'content-type': type },
      body,
    });

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.body.equals(body)).toBe(true);
  });

  it('replays requests in flight when the key rotates, with one token renewal', async () => {
    const proxy = await startProxyApp(createApp);
    await sendRequest(`${proxy.url}/warm-up`);
    emulator.control.setLatency({ apiMs: 400 });
    const bodies = [0, 1, 2, 3].map(() => randomBytes(4096));

    const inFlight = [
      ...bodies.map((body) =>
        sendRequest(`${proxy.url}/convert`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body,
        }),
      ),
      sendRequest(`${proxy.url}/words/doc.docx`),
    ];
    // The emulator checks the token after its latency, so these are already on their way.
    await new Promise((resolve) => setTimeout(resolve, 50));
    emulator.control.revokeAllTokens();
    const answers = await Promise.all(inFlight);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    bodies.forEach((body, index) => {
      expect(answers[index]?.body.equals(body)).toBe(true);
    });
    expect(emulator.stats.tokenRequests.total).toBe(2);
    expect(emulator.stats.apiRequests.byStatus[401]).toBe(5);
  });

  it('streams a body larger than the buffer limit, byte for byte, with or without a length', async () => {
    const proxy = await startProxyApp(createApp, { maxBufferedBodyBytes: 16 * 1024 });
    const body = randomBytes(256 * 1024);
    const type = { 'content-type': 'application/octet-stream' };

    const withLength = await sendRequest(`${proxy.url}/upload`, {
      method: 'PUT',
      headers: type,
      body,
    });
    const chunked = await sendRequest(`${proxy.url}/upload`, {
      method: 'PUT',
      headers: type,
      chunks: [body.subarray(0, 10_000), body.subarray(10_000, 100_000), body.subarray(100_000)],
    });

    expect(withLength.status).toBe(200);
    expect(withLength.body.equals(body)).toBe(true);
    expect(chunked.status).toBe(200);
    expect(chunked.body.equals(body)).toBe(true);
  });

  it('returns the 401 of a streamed body without a replay, and replays a buffered chunked one', async () => {
    const proxy = await startProxyApp(createApp, { maxBufferedBodyBytes: 16 * 1024 });
    await sendRequest(`${proxy.url}/warm-up`);
    emulator.control.revokeAllTokens();
    const before = emulator.stats.apiRequests.total;

    const large = await sendRequest(`${proxy.url}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: randomBytes(64 * 1024),
    });

    expect(large.status).toBe(401);
    expect(large.headers['www-authenticate']).toContain('invalid_token');
    expect(emulator.stats.apiRequests.total - before).toBe(1);

    emulator.control.revokeAllTokens();
    const small = randomBytes(8 * 1024);
    const replayed = await sendRequest(`${proxy.url}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      chunks: [small.subarray(0, 4096), small.subarray(4096)],
    });

    expect(replayed.status).toBe(200);
    expect(replayed.body.equals(small)).toBe(true);
  });

  it('aborts the upstream request when the client disconnects, with no error raised', async () => {
    // Never answers /slow: the client gives up first.
    const upstream = await startRecordingUpstream((received, response) => {
      if (received.url !== '/slow') response.end('ok');
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxyApp(createApp, { target: upstream.url });
    const arrived = once(upstream.events, 'request');
    const abandoned = once(upstream.events, 'abandoned');

    const client = request(`${proxy.url}/slow`, { agent: false });
    client.on('error', () => {
      // The client side of the abort is expected.
    });
    client.end();
    await arrived;
    client.destroy();
    await abandoned;

    // One more round trip through the same proxy lets any late failure surface first.
    expect((await sendRequest(`${proxy.url}/after`)).status).toBe(200);
    expect(upstream.requests.map((received) => received.url)).toEqual(['/slow', '/after']);
    expect(proxy.errors).toEqual([]);
  });

  it('aborts a streamed upload upstream when the client disconnects midway', async () => {
    const upstream = await startRecordingUpstream((_received, response) => response.end('ok'));
    cleanups.push(() => upstream.close());
    const proxy = await startProxyApp(createApp, {
      target: upstream.url,
      maxBufferedBodyBytes: 16 * 1024,
    });
    const arrived = once(upstream.events, 'arrived');
    const abandoned = once(upstream.events, 'abandoned');

    const client = request(`${proxy.url}/upload`, {
      method: 'PUT',
      agent: false,
      headers: { 'content-length': 1024 * 1024 },
    });
    client.on('error', () => {
      // The client side of the abort is expected.
    });
    client.write(randomBytes(64 * 1024));
    await arrived;
    client.destroy();
    await abandoned;

    expect((await sendRequest(`${proxy.url}/after`)).status).toBe(200);
    expect(upstream.requests.map((received) => received.url)).toEqual(['/after']);
    expect(proxy.errors).toEqual([]);
  });

  it("keeps the browser's credentials and hop-by-hop headers from the cloud, and the cloud's cookies from the browser", async () => {
    const upstream = await startRecordingUpstream((_request, response) => {
      response.writeHead(200, {
        'content-type': 'text/plain',
        'set-cookie': 'cloud-session=abc',
        connection: 'x-upstream-hop',
        'x-upstream-hop': '1',
        'x-upstream-kept': '1',
      });
      response.end('ok');
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxyApp(createApp, { target: `${upstream.url}/api` });

    const answer = await sendRequest(`${proxy.url}/items?x=1`, {
      headers: {
        authorization: 'Bearer browser-token',
        cookie: 'app-session=browser-session',
        'proxy-authorization': 'Basic YnJvd3Nlcjpwdw==',
        connection: 'x-browser-hop',
        'x-browser-hop': '1',
        'x-request-id': 'r-42',
      },
    });

    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('ok');
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
    expect(answer.headers['x-upstream-kept']).toBe('1');
    const [received] = upstream.requests as [UpstreamRequest];
    expect(received.url).toBe('/api/items?x=1');
    expect(received.headers.authorization).toBe(source.peek()?.authorization);
    expect(received.headers.authorization).not.toContain('browser-token');
    expect(received.headers.cookie).toBeUndefined();
    expect(received.headers['proxy-authorization']).toBeUndefined();
    expect(received.headers['x-browser-hop']).toBeUndefined();
    expect(received.headers['x-forwarded-for']).toBeUndefined();
    expect(received.headers['x-request-id']).toBe('r-42');
    expect(received.headers.host).toBe(new URL(upstream.url).host);
  });

  it("sends our token, not the browser's, to the emulator", async () => {
    const proxy = await startProxyApp(createApp);

    const answer = await sendRequest(`${proxy.url}/words/doc.docx`, {
      headers: { authorization: 'Bearer forged.by.browser', cookie: 'a=b' },
    });

    expect(answer.status).toBe(200);
    const [record] = emulator.stats.apiRequestLog;
    expect(record?.jti).toBe(jsonOf(answer.body).jti);
    expect(record?.jti).toBeDefined();
  });

  it('answers 503 with Retry-After, revealing nothing, when the token endpoint rate-limits', async () => {
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const proxy = await startProxyApp(createApp, {
      source: undefined,
      tokenUrl: emulator.tokenUrl,
      clientId,
      clientSecret,
    });

    const answer = await sendRequest(`${proxy.url}/words/doc.docx`);

    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('120');
    const visible = `${answer.body.toString()} ${JSON.stringify(answer.headers)}`;
    expect(visible).not.toContain(clientSecret);
    expect(visible).not.toContain('eyJ');
    expect(proxy.errors).toHaveLength(1);
    expect(isCloudTokenError(proxy.errors[0], 'ERR_RATE_LIMITED')).toBe(true);
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it('returns a 429 with a long Retry-After at once, and waits out a short one', async () => {
    const clock = createFakeClock();
    const proxy = await startProxyApp(createApp, { clock });

    emulator.control.failApiRequests(1, { status: 429, retryAfter: '120' });
    const refused = await sendRequest(`${proxy.url}/words/doc.docx`);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('120');

    emulator.control.failApiRequests(1, { status: 429, retryAfter: '2' });
    const waited = sendRequest(`${proxy.url}/words/doc.docx`);
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advance(2_000);
    expect((await waited).status).toBe(200);
    expect(emulator.stats.apiRequests.byStatus[429]).toBe(2);
  });

  it('answers 502 with ERR_API_REQUEST when the cloud cannot be reached', async () => {
    const gone = await listenOnLoopback(() => {});
    await gone.close();
    const proxy = await startProxyApp(createApp, { target: gone.url });

    const answer = await sendRequest(`${proxy.url}/words/doc.docx`);

    expect(answer.status).toBe(502);
    expect(isCloudTokenError(proxy.errors[0], 'ERR_API_REQUEST')).toBe(true);
  });

  it('ends the connection and raises ERR_API_REQUEST when the cloud breaks off midway', async () => {
    const upstream = await startRecordingUpstream((_received, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000 });
      response.write('partial');
      setImmediate(() => response.destroy());
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxyApp(createApp, { target: upstream.url });

    await expect(sendRequest(`${proxy.url}/document`)).rejects.toThrow();

    await vi.waitFor(() => expect(proxy.errors).toHaveLength(1));
    expect(isCloudTokenError(proxy.errors[0], 'ERR_API_REQUEST')).toBe(true);
  });

  it('refuses a path that would leave the target prefix, sending nothing', async () => {
    const proxy = await startProxyApp(createApp);

    const answers = await Promise.all(
      ['/../connect/token', '/%2e%2e/connect/token', '/words/..%2f..%2fconnect/token'].map((path) =>
        sendRequest(`${proxy.url}${path}`),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(emulator.stats.apiRequests.total).toBe(0);
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  it('issue 9: client disconnects aside, the proxy refuses an escaping path as problem+json', async () => {
    const proxy = await startProxyApp(createApp);

    const answer = await sendRequest(`${proxy.url}/%2e%2e/connect/token`);

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'This path cannot be forwarded to the cloud API.',
    });
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it('fails with ERR_USAGE when a body parser read the body first', async () => {
    const proxy = await startProxyApp(createApp, {}, (app) => app.use(express.json()));

    const answer = await sendRequest(`${proxy.url}/words`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });

    expect(answer.status).toBe(500);
    expect(isCloudTokenError(proxy.errors[0], 'ERR_USAGE')).toBe(true);
    expect(emulator.stats.apiRequests.total).toBe(0);
  });
});

describe('cloudTokenProxy options', () => {
  it.each([
    [{ target: 'not a url' }, 'target'],
    [{ target: 'ftp://127.0.0.1/v4.0' }, 'target'],
    [{ target: 'http://api.cloud.example/v4.0' }, 'target'],
    [{ target: 'https://user:pw@api.cloud.example/v4.0' }, 'target'],
    [{ target: 'https://api.cloud.example/v4.0?storage=s1' }, 'target'],
    [{ target: 'https://api.cloud.example/v4.0', maxBufferedBodyBytes: 0 }, 'maxBufferedBodyBytes'],
    [
      { target: 'https://api.cloud.example/v4.0', maxBufferedBodyBytes: 1.5 },
      'maxBufferedBodyBytes',
    ],
    [{ target: 'https://api.cloud.example/v4.0', rateLimitRetries: -1 }, 'rateLimitRetries'],
  ])('rejects %j, naming %s', (options, option) => {
    expect(() => cloudTokenProxy({ source, ...options } as CloudTokenProxyOptions)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option }),
    );
  });

  it('accepts plain http to a non-loopback host only when allowed', () => {
    const proxy = cloudTokenProxy({
      target: 'http://api.cloud.example/v4.0',
      source,
      allowInsecureHttp: true,
    });
    expect(typeof proxy).toBe('function');
  });

  it('checks the credentials without echoing the secret', () => {
    const attempt = () =>
      cloudTokenProxy({
        target: 'https://api.cloud.example/v4.0',
        tokenUrl: 'not a url',
        clientId,
        clientSecret: 'super-secret-value',
      });
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'tokenUrl' }),
    );
    expect(() => attempt()).not.toThrow(/super-secret-value/);
  });
});
