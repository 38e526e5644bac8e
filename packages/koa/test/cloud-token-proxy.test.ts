import { once } from 'node:events';
import { request } from 'node:http';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { sendRawRequest, startRecordingUpstream, useAppsPerTest } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  clientCredentials,
  cloudTokenProxy,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/koa';
import { bodyParser } from '@koa/bodyparser';
import type Koa from 'koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

const secret = DEFAULT_CLIENT_SECRET;

describe.each(koaVersions)('cloudTokenProxy() with %s', (_name, Koa) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });
  let source: TokenSource;
  const cleanups: (() => unknown)[] = [];
  beforeEach(() => {
    source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    source.close();
  });

  /** A Koa app with the proxy under `/cloud`; `errors` records what reaches `app.on('error')`. */
  async function startProxy(
    options: Partial<Parameters<typeof cloudTokenProxy>[0]> = {},
    beforeProxy?: (app: Koa) => void,
  ) {
    const app = new Koa();
    beforeProxy?.(app);
    const errors: unknown[] = [];
    app.on('error', (error: unknown) => errors.push(error));
    app.use(
      apps.closeAfterTest(
        cloudTokenProxy({
          target: emulator.apiUrl,
          source,
          prefix: '/cloud',
          ...options,
        } as Parameters<typeof cloudTokenProxy>[0]),
      ),
    );
    app.use((ctx) => {
      ctx.body = 'not proxied';
    });
    return { url: await apps.listen(app), errors };
  }

  function jsonOf(body: Buffer): Record<string, unknown> {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  }

  it('forwards a GET with its path and query, carrying our token; other paths go on', async () => {
    const proxy = await startProxy();
    const answer = await sendRawRequest(`${proxy.url}/cloud/words/doc.docx?storage=s1`);
    expect(answer.status).toBe(200);
    expect(jsonOf(answer.body)).toMatchObject({
      method: 'GET',
      path: '/v4.0/words/doc.docx',
      query: { storage: 's1' },
    });
    const other = await sendRawRequest(`${proxy.url}/cloudy`);
    expect(other.body.toString()).toBe('not proxied');
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });

  it('delivers a gzip-encoded upstream answer intact', async () => {
    const document = Buffer.from(JSON.stringify({ words: 'x'.repeat(5000), pages: 3 }));
    const upstream = await startRecordingUpstream((_received, response) => {
      const zipped = gzipSync(document);
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': zipped.length,
      });
      response.end(zipped);
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxy({ target: upstream.url });
    const answer = await sendRawRequest(`${proxy.url}/cloud/doc`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(answer.status).toBe(200);
    // fetch decoded it: the browser gets the document itself, described as such.
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.equals(document)).toBe(true);
  });

  it('aborts the upstream request when the client disconnects, reporting nothing', async () => {
    const upstream = await startRecordingUpstream((received, response) => {
      if (received.url !== '/slow') response.end('ok');
    });
    cleanups.push(() => upstream.close());
    const proxy = await startProxy({ target: upstream.url });
    const arrived = once(upstream.events, 'request');
    const abandoned = once(upstream.events, 'abandoned');
    const client = request(`${proxy.url}/cloud/slow`, { agent: false });
    client.on('error', () => {
      // The client side of the abort is expected.
    });
    client.end();
    await arrived;
    client.destroy();
    await abandoned;
    expect((await sendRawRequest(`${proxy.url}/cloud/after`)).status).toBe(200);
    expect(proxy.errors).toEqual([]);
  });

  it('answers at once after a body parser, with the typed error naming the order', async () => {
    const proxy = await startProxy({}, (app) => app.use(bodyParser()));
    const answer = await sendRawRequest(`${proxy.url}/cloud/words`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });
    expect(answer.status).toBe(500);
    expect(proxy.errors).toHaveLength(1);
    expect(isCloudTokenError(proxy.errors[0], 'ERR_USAGE')).toBe(true);
    expect((proxy.errors[0] as Error).message).toContain('before any body parser');
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it('answers 503 with Retry-After when the token endpoint rate-limits, with no secret', async () => {
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const proxy = await startProxy({ source: undefined, ...emulatorCredentials(emulator) });
    const answer = await sendRawRequest(`${proxy.url}/cloud/words/doc.docx`);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('120');
    expect(answer.body.toString()).not.toContain(secret);
    expect(proxy.errors).toHaveLength(1);
    expect(inspect(proxy.errors[0], { depth: 10 })).not.toContain(secret);
  });

  it('issue 9: client disconnects aside, refuses an escaping path as problem+json', async () => {
    const proxy = await startProxy();
    const answer = await sendRawRequest(`${proxy.url}/cloud/%2e%2e/connect/token`);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(jsonOf(answer.body)).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it.each([
    [{ prefix: 'cloud' }, 'prefix'],
    [{ baseURL: 'https://api.example.com' }, 'baseURL'],
  ])('rejects %j at creation', (extra, option) => {
    expect(() =>
      cloudTokenProxy({ target: emulator.apiUrl, source, ...extra } as never),
    ).toThrowError(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option }));
  });
});
