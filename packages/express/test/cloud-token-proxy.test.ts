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
import {
  listenOnLoopback,
  sendRawRequest,
  startRecordingUpstream,
} from '@cloud-token/core/testing';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { type CloudTokenProxyOptions, cloudTokenProxy } from '@cloud-token/express';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

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

describe.each([
  { framework: 'Express 5', createApp: () => express() },
  { framework: 'Express 4', createApp: () => express4() },
])('cloudTokenProxy on $framework', ({ createApp }) => {
  it('returns the 401 of a streamed body without a replay, and replays a buffered chunked one', async () => {
    const proxy = await startProxyApp(createApp, { maxBufferedBodyBytes: 16 * 1024 });
    await sendRawRequest(`${proxy.url}/warm-up`);
    emulator.control.revokeAllTokens();
    const before = emulator.stats.apiRequests.total;

    const large = await sendRawRequest(`${proxy.url}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: randomBytes(64 * 1024),
    });

    expect(large.status).toBe(401);
    expect(large.headers['www-authenticate']).toContain('invalid_token');
    expect(emulator.stats.apiRequests.total - before).toBe(1);

    emulator.control.revokeAllTokens();
    const small = randomBytes(8 * 1024);
    const replayed = await sendRawRequest(`${proxy.url}/upload`, {
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
    expect((await sendRawRequest(`${proxy.url}/after`)).status).toBe(200);
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

    expect((await sendRawRequest(`${proxy.url}/after`)).status).toBe(200);
    expect(upstream.requests.map((received) => received.url)).toEqual(['/after']);
    expect(proxy.errors).toEqual([]);
  });

  it('ends the connection and raises ERR_API_REQUEST when the cloud breaks off midway', async () => {
    const upstream = await startRecordingUpstream((_received, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000 });
      response.write('partial');
      setImmediate(() => response.destroy());
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxyApp(createApp, { target: upstream.url });

    await expect(sendRawRequest(`${proxy.url}/document`)).rejects.toThrow();

    await vi.waitFor(() => expect(proxy.errors).toHaveLength(1));
    expect(isCloudTokenError(proxy.errors[0], 'ERR_API_REQUEST')).toBe(true);
  });

  it('refuses a path that would leave the target prefix, sending nothing', async () => {
    const proxy = await startProxyApp(createApp);

    const answers = await Promise.all(
      ['/../connect/token', '/%2e%2e/connect/token', '/words/..%2f..%2fconnect/token'].map((path) =>
        sendRawRequest(`${proxy.url}${path}`),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(emulator.stats.apiRequests.total).toBe(0);
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  it('issue 9: client disconnects aside, the proxy refuses an escaping path as problem+json', async () => {
    const proxy = await startProxyApp(createApp);

    const answer = await sendRawRequest(`${proxy.url}/%2e%2e/connect/token`);

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

    const answer = await sendRawRequest(`${proxy.url}/words`, {
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
