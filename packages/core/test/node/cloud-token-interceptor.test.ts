import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import {
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import { cloudTokenInterceptor } from '@cloud-token/core/node';
import { createFakeClock, useAppsPerTest } from '@cloud-token/core/testing';
import { emulatorCredentials } from '@cloud-token/emulator/testing';
import { Agent, type Dispatcher, interceptors, Pool, request, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';

const cloud = useEmulatorSources();
const serve = useAppsPerTest({ afterEach }).listen;
const dispatchers: Dispatcher[] = [];
afterEach(async () => {
  for (const dispatcher of dispatchers.splice(0)) await dispatcher.close();
});

function emulatorSource(secret?: string): TokenSource {
  const credentials = emulatorCredentials(cloud.emulator);
  const source = createTokenSource(
    clientCredentials({ ...credentials, clientSecret: secret ?? credentials.clientSecret }),
  );
  cloud.opened.push(source);
  return source;
}

/** An Agent with the token layer composed on it, closed after the test. */
function cloudDispatcher(
  source: TokenSource,
  options: Parameters<typeof cloudTokenInterceptor>[1] = { baseUrl: cloud.emulator.apiUrl },
  ...before: Dispatcher.DispatcherComposeInterceptor[]
): Dispatcher {
  const agent = new Agent();
  dispatchers.push(agent);
  return agent.compose(...before, cloudTokenInterceptor(source, options));
}

/** A loopback server that records the Authorization of every request it gets. */
async function recordingServer(
  answer: (req: IncomingMessage) => { status: number; headers?: Record<string, string> } = () => ({
    status: 200,
  }),
) {
  const seen: { path: string | undefined; authorization: string | undefined }[] = [];
  const url = await serve((req, res) => {
    seen.push({ path: req.url, authorization: req.headers.authorization });
    const { status, headers } = answer(req);
    res.writeHead(status, headers).end('ok');
  });
  return { url, seen };
}

describe('cloudTokenInterceptor against the emulator', () => {
  it('lets a cold herd of 200 undici requests share one token request', async () => {
    const dispatcher = cloudDispatcher(emulatorSource());

    const statuses = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const answer = await request(`${cloud.emulator.apiUrl}/words/doc-${index}.docx`, {
          dispatcher,
        });
        await answer.body.dump();
        return answer.statusCode;
      }),
    );

    expect(statuses.filter((status) => status === 200)).toHaveLength(200);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(cloud.emulator.stats.apiRequests.total).toBe(200);
  });

  it('answers a 401 with one renewal and one replay carrying the identical body', async () => {
    const source = emulatorSource();
    const dispatcher = cloudDispatcher(source);
    const first = await source.getToken();
    cloud.emulator.control.revokeAllTokens();
    const bodies = [0, 1, 2, 3].map(() => randomBytes(8 * 1024));

    const answers = await Promise.all(
      bodies.map(async (body) => {
        const answer = await request(`${cloud.emulator.apiUrl}/storage/file/doc`, {
          dispatcher,
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream' },
          body,
        });
        return { status: answer.statusCode, body: Buffer.from(await answer.body.arrayBuffer()) };
      }),
    );

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    answers.forEach((answer, index) => {
      expect(answer.body.equals(bodies[index]!)).toBe(true);
    });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(2);
    expect(cloud.emulator.stats.apiRequests.byStatus[401]).toBe(4);
    expect(source.peek()?.value).not.toBe(first.value);
  });

  it('gives back the 401 of a streamed body as it is, and still drops the refused token', async () => {
    const source = emulatorSource();
    const dispatcher = cloudDispatcher(source);
    const refused = await source.getToken();
    cloud.emulator.control.revokeAllTokens();

    const answer = await request(`${cloud.emulator.apiUrl}/storage/file/doc`, {
      dispatcher,
      method: 'PUT',
      body: Readable.from([randomBytes(1024), randomBytes(1024)]),
    });
    await answer.body.dump();

    expect(answer.statusCode).toBe(401);
    expect(answer.headers['www-authenticate']).toContain('invalid_token');
    expect(cloud.emulator.stats.apiRequests.total).toBe(1);
    expect(source.peek()).toBeUndefined();
    expect((await source.getToken()).value).not.toBe(refused.value);
  });

  it('waits out a short 429 on its clock, and gives back a long one at once', async () => {
    const clock = createFakeClock();
    const dispatcher = cloudDispatcher(emulatorSource(), {
      baseUrl: cloud.emulator.apiUrl,
      clock,
    });
    const url = `${cloud.emulator.apiUrl}/words/doc.docx`;

    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '120' });
    const long = await request(url, { dispatcher });
    await long.body.dump();
    expect(long.statusCode).toBe(429);
    expect(long.headers['retry-after']).toBe('120');

    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '2' });
    const short = request(url, { dispatcher });
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advance(2_000);
    const waited = await short;
    await waited.body.dump();

    expect(waited.statusCode).toBe(200);
    expect(cloud.emulator.stats.apiRequests.byStatus[429]).toBe(2);
    expect(cloud.emulator.stats.apiRequests.total).toBe(3);
  });

  it('fails with the typed error when no token can be had, without calling the API', async () => {
    const dispatcher = cloudDispatcher(emulatorSource('a-wrong-secret'));
    const url = `${cloud.emulator.apiUrl}/words/doc.docx`;

    const viaRequest = await request(url, { dispatcher }).catch((error: unknown) => error);
    const viaFetch = await fetch(url, { dispatcher } as RequestInit).catch(
      (error: unknown) => error,
    );

    expect(isCloudTokenError(viaRequest, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
    expect(viaFetch).toBeInstanceOf(TypeError);
    expect(isCloudTokenError((viaFetch as Error).cause, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
    expect(String(viaRequest)).not.toContain('a-wrong-secret');
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
  });

  it('stops waiting for the token when the caller aborts, and sends nothing', async () => {
    cloud.emulator.control.setLatency({ tokenMs: 5_000 });
    const dispatcher = cloudDispatcher(emulatorSource());
    const caller = new AbortController();

    const pending = request(`${cloud.emulator.apiUrl}/words/doc.docx`, {
      dispatcher,
      signal: caller.signal,
    });
    await vi.waitFor(() => expect(cloud.emulator.stats.tokenRequests.total).toBe(1));
    caller.abort(new Error('the caller gave up'));

    await expect(pending).rejects.toThrow('the caller gave up');
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
  });

  it("works as Node's own fetch dispatcher and as undici's fetch dispatcher", async () => {
    const source = emulatorSource();
    const dispatcher = cloudDispatcher(source);
    const url = `${cloud.emulator.apiUrl}/words/doc.docx`;

    const viaGlobal = await fetch(url, { dispatcher } as RequestInit);
    const viaUndici = await undiciFetch(url, { dispatcher });

    expect(viaGlobal.status).toBe(200);
    expect(viaUndici.status).toBe(200);
    const jtis = [await viaGlobal.json(), await viaUndici.json()].map(
      (body) => (body as { jti: string }).jti,
    );
    expect(cloud.emulator.stats.apiRequestLog.map((record) => record.jti)).toEqual(jtis);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });
});

describe('cloudTokenInterceptor: where the token goes', () => {
  const external = createTokenSource(
    clientCredentials({
      tokenUrl: 'http://127.0.0.1:9/connect/token',
      clientId: 'unused',
      clientSecret: 'unused',
    }),
  );
  afterEach(() => external.close());

  function fixedSource(): TokenSource {
    const source = {
      identity: 'fixed',
      label: 'fixed',
      getToken: async () => ({ value: 'fixed-token', authorization: 'Bearer fixed-token' }),
      invalidate: () => false,
      peek: () => undefined,
      close: () => {},
    } as unknown as TokenSource;
    return source;
  }

  it("replaces the caller's Authorization on the API, in every header form undici takes", async () => {
    const api = await recordingServer();
    const dispatcher = cloudDispatcher(fixedSource(), { baseUrl: api.url });
    const forms: Dispatcher.DispatchOptions['headers'][] = [
      { Authorization: 'Bearer forged', 'x-a': '1' },
      ['authorization', 'Bearer forged', 'x-a', '1'],
      new Map([
        ['AUTHORIZATION', 'Bearer forged'],
        ['x-a', '1'],
      ]),
      undefined,
    ];

    for (const headers of forms) {
      const answer = await request(`${api.url}/x`, { dispatcher, headers });
      await answer.body.dump();
    }

    expect(api.seen.map((seen) => seen.authorization)).toEqual([
      'Bearer fixed-token',
      'Bearer fixed-token',
      'Bearer fixed-token',
      'Bearer fixed-token',
    ]);
  });

  it('never sends the token to another origin, directly or through a redirect', async () => {
    const foreign = await recordingServer();
    const api = await recordingServer((req) =>
      req.url === '/away'
        ? { status: 302, headers: { location: `${foreign.url}/landed` } }
        : { status: 200 },
    );
    const withRedirects = cloudDispatcher(
      fixedSource(),
      { baseUrl: api.url },
      interceptors.redirect({ maxRedirections: 3 }),
    );
    const plain = cloudDispatcher(fixedSource(), { baseUrl: api.url });

    await (await request(`${foreign.url}/direct`, { dispatcher: plain })).body.dump();
    await (
      await request(`${foreign.url}/own`, {
        dispatcher: plain,
        headers: { authorization: 'Basic b3du' },
      })
    ).body.dump();
    const redirected = await request(`${api.url}/away`, { dispatcher: withRedirects });
    await redirected.body.dump();
    const fetched = await fetch(`${api.url}/away`, { dispatcher: plain } as RequestInit);
    await fetched.text();

    expect(redirected.statusCode).toBe(200);
    expect(fetched.status).toBe(200);
    expect(api.seen).toEqual([
      { path: '/away', authorization: 'Bearer fixed-token' },
      { path: '/away', authorization: 'Bearer fixed-token' },
    ]);
    expect(foreign.seen).toEqual([
      { path: '/direct', authorization: undefined },
      { path: '/own', authorization: 'Basic b3du' },
      { path: '/landed', authorization: undefined },
      { path: '/landed', authorization: undefined },
    ]);
  });

  it('adds nothing to a dispatch without an origin (a Pool dispatched to directly)', async () => {
    const api = await recordingServer();
    const pool = new Pool(api.url);
    dispatchers.push(pool);
    const dispatcher = pool.compose(cloudTokenInterceptor(fixedSource(), { baseUrl: api.url }));

    const answer = await dispatcher.request({ path: '/pool', method: 'GET' });
    await answer.body.dump();

    expect(api.seen).toEqual([{ path: '/pool', authorization: undefined }]);
  });

  it('refuses options that say nowhere the token may go, or keys of other factories', () => {
    expect(() => cloudTokenInterceptor(external)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'options' }),
    );
    expect(() =>
      cloudTokenInterceptor(external, { baseUrl: 'https://api.example.test/', fetch } as never),
    ).toThrow(/requests go through the dispatcher/);
    expect(() => cloudTokenInterceptor(external, { baseUrl: 'http://api.example.test/' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'baseUrl' }),
    );
    expect(() => cloudTokenInterceptor({} as TokenSource, { baseUrl: 'https://a.test/' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'source' }),
    );
  });
});
