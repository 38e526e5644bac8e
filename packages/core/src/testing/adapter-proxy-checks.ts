import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { expectProblem } from './adapter-answers.js';
import type { AdapterFixture } from './adapter-fixture.js';
import { listenOnLoopback } from './listen-on-loopback.js';
import { sendRawRequest } from './send-raw-request.js';
import type { TestApi } from './test-api.js';

const TIMEOUT_MS = 60_000;
/** Above the proxy's default buffer (1 MiB): such a body streams through. */
const STREAMED_BYTES = 3 * 1024 * 1024;

/**
 * Resolves once `client` has its answer's head and first bytes, with the
 * answer's status and its whole body (those first bytes included) to come.
 */
function firstBytes(client: ReturnType<typeof request>): Promise<{
  status: number;
  whole: Promise<Buffer>;
}> {
  return new Promise((resolve, reject) => {
    client.on('error', reject);
    client.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      const whole = new Promise<Buffer>((done, fail) => {
        incoming.on('end', () => done(Buffer.concat(chunks)));
        incoming.on('error', fail);
      });
      incoming.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (chunks.length === 1) resolve({ status: incoming.statusCode ?? 0, whole });
      });
    });
  });
}

/**
 * The adapter's proxy (`/proxy/*`): the core's forwarder, as the framework
 * hands it requests. `clientLeaves`: how the client that leaves before any
 * answer does it (closes its connection, or resets it).
 */
export function describeProxy(
  test: TestApi,
  fixture: AdapterFixture,
  clientLeaves: 'close' | 'reset',
): void {
  const { describe, it, expect } = test;
  const octets = { 'content-type': 'application/octet-stream' };

  describe('the proxy', () => {
    it(
      "forwards a GET with its path and query below the target, carrying the token, not the browser's",
      async () => {
        const app = await fixture.mount();
        const answer = await sendRawRequest(
          `${app.url}/proxy/words/doc.docx/statistics?storage=s1&folder=a%2Fb`,
          { headers: { authorization: 'Bearer forged.by.browser', cookie: 'session=browser' } },
        );
        expect(answer.status).toBe(200);
        const echoed = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
        expect(echoed).toMatchObject({
          method: 'GET',
          path: '/v4.0/words/doc.docx/statistics',
          query: { storage: 's1', folder: 'a/b' },
          clientId: fixture.clientId,
        });
        const { stats } = fixture.emulator;
        expect(stats.apiRequestLog).toEqual([
          expect.objectContaining({ status: 200, jti: echoed.jti, hadAuthorization: true }),
        ]);
        expect(stats.tokenRequests.total).toBe(1);
      },
      TIMEOUT_MS,
    );

    it(
      'round-trips bodies byte for byte, with their content type',
      async () => {
        const app = await fixture.mount();
        const cases = [
          { method: 'POST', type: 'application/json', body: Buffer.from('{"name":"doc.docx"}') },
          { method: 'PUT', type: 'application/octet-stream', body: randomBytes(300 * 1024) },
          { method: 'POST', type: 'image/png', body: randomBytes(1024) },
        ];
        for (const { method, type, body } of cases) {
          const answer = await sendRawRequest(`${app.url}/proxy/storage/file/doc`, {
            method,
            headers: { 'content-type': type },
            body,
          });
          expect(answer.status).toBe(200);
          expect(answer.headers['content-type']).toBe(type);
          expect(answer.body.equals(body)).toBe(true);
        }
        const chunked = randomBytes(STREAMED_BYTES);
        const answer = await sendRawRequest(`${app.url}/proxy/storage/file/large`, {
          method: 'PUT',
          headers: octets,
          chunks: [chunked.subarray(0, 100_000), chunked.subarray(100_000)],
        });
        expect(answer.status).toBe(200);
        expect(answer.body.equals(chunked)).toBe(true);
      },
      TIMEOUT_MS,
    );

    it(
      'streams a large upload: the upstream has the request before the client has sent its body',
      async () => {
        const body = randomBytes(STREAMED_BYTES);
        const upstream = await fixture.upstream((received, response) => {
          response.end(`${received.body.length}:${received.body.equals(body)}`);
        });
        const app = await fixture.mount({ proxyTarget: upstream.url });
        const arrived = once(upstream.events, 'arrived');
        const client = request(`${app.url}/proxy/upload`, {
          method: 'PUT',
          agent: false,
          headers: { ...octets, 'content-length': body.length },
        });
        const answered = firstBytes(client);
        client.write(body.subarray(0, 64 * 1024));
        await arrived;
        client.end(body.subarray(64 * 1024));
        const { status, whole } = await answered;
        expect(status).toBe(200);
        expect((await whole).toString()).toBe(`${body.length}:true`);
      },
      TIMEOUT_MS,
    );

    it(
      'streams a large answer: the client has its first bytes before the upstream has sent the rest',
      async () => {
        const head = randomBytes(64 * 1024);
        const tail = randomBytes(STREAMED_BYTES);
        let sendRest = (): void => {};
        const upstream = await fixture.upstream((_received, response) => {
          response.writeHead(200, { 'content-type': 'application/octet-stream' });
          response.write(head);
          sendRest = () => response.end(tail);
        });
        const app = await fixture.mount({ proxyTarget: upstream.url });
        const client = request(`${app.url}/proxy/download`, { agent: false });
        const answered = firstBytes(client);
        client.end();
        const { status, whole } = await answered;
        expect(status).toBe(200);
        sendRest();
        expect((await whole).equals(Buffer.concat([head, tail]))).toBe(true);
      },
      TIMEOUT_MS,
    );

    it(
      'answers an API 401 (a key rotation) with one renewal and one replay of each identical body',
      async () => {
        const app = await fixture.mount();
        expect((await sendRawRequest(`${app.url}/proxy/warm-up`)).status).toBe(200);
        const { control, stats } = fixture.emulator;
        control.setLatency({ apiMs: 300 });
        control.revokeAllTokens();
        const bodies = [0, 1, 2, 3].map(() => randomBytes(4096));

        const answers = await Promise.all([
          ...bodies.map((body) =>
            sendRawRequest(`${app.url}/proxy/convert`, { method: 'POST', headers: octets, body }),
          ),
          sendRawRequest(`${app.url}/proxy/words/doc.docx`),
        ]);

        expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
        bodies.forEach((body, index) => {
          expect(answers[index]?.body.equals(body)).toBe(true);
        });
        expect(stats.tokenRequests.total).toBe(2);
        // Each request that took the old token was refused once; on a loaded machine a late one
        // may already take the renewed token.
        const refused = stats.apiRequests.byStatus[401] ?? 0;
        expect(refused).toBeGreaterThan(0);
        expect(refused).not.toBeGreaterThan(answers.length);
      },
      TIMEOUT_MS,
    );

    it(
      "forwards none of the client's credentials or hop-by-hop headers, nor the cloud's cookies",
      async () => {
        const upstream = await fixture.upstream((_request, response) => {
          response.writeHead(200, {
            'content-type': 'text/plain',
            'set-cookie': 'cloud-session=abc',
            connection: 'x-upstream-hop',
            'x-upstream-hop': '1',
            'x-upstream-kept': '1',
          });
          response.end('ok');
        });
        const app = await fixture.mount({ proxyTarget: `${upstream.url}/api` });

        const answer = await sendRawRequest(`${app.url}/proxy/items?x=1`, {
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
        const [received] = upstream.requests;
        expect(received?.url).toBe('/api/items?x=1');
        expect(received?.headers.cookie).toBeUndefined();
        expect(received?.headers['proxy-authorization']).toBeUndefined();
        expect(received?.headers['x-browser-hop']).toBeUndefined();
        expect(received?.headers['x-forwarded-for']).toBeUndefined();
        expect(received?.headers['x-request-id']).toBe('r-42');
        expect(received?.headers.host).toBe(new URL(upstream.url).host);
        // The authorization that went out is a token the cloud issued to this client.
        const authorization = String(received?.headers.authorization);
        expect(authorization).not.toContain('browser-token');
        const check = await fetch(`${fixture.emulator.apiUrl}/words/check`, {
          headers: { authorization },
        });
        expect(check.status).toBe(200);
        await check.arrayBuffer();
      },
      TIMEOUT_MS,
    );

    it(
      'keeps every path inside the target: nothing escapes to the token endpoint or another host',
      async () => {
        const foreign = await fixture.upstream((_request, response) => response.end('foreign'));
        const app = await fixture.mount();
        const escapes = [
          '/../connect/token',
          '/%2e%2e/connect/token',
          '/words/..%2f..%2fconnect/token',
        ];
        const answers = await Promise.all(
          escapes.map((path) => sendRawRequest(`${app.url}/proxy${path}`)),
        );
        for (const answer of answers) {
          // 400 from the forwarder, or 404 where the framework normalised the path out of /proxy.
          expect([400, 404]).toContain(answer.status);
        }
        expect(fixture.emulator.stats.tokenRequests.total).toBe(0);
        expect(fixture.emulator.stats.apiRequests.total).toBe(0);
        // A path that reads as another host stays a path below the target.
        await sendRawRequest(`${app.url}/proxy//${new URL(foreign.url).host}/steal`);
        expect(foreign.requests).toEqual([]);
      },
      TIMEOUT_MS,
    );

    it(
      'returns a redirect to another origin as it is, without following it',
      async () => {
        const foreign = await fixture.upstream((_request, response) => response.end('foreign'));
        const upstream = await fixture.upstream((_request, response) => {
          response.writeHead(302, { location: `${foreign.url}/landing` }).end();
        });
        const app = await fixture.mount({ proxyTarget: upstream.url });
        const answer = await sendRawRequest(`${app.url}/proxy/moved`);
        expect(answer.status).toBe(302);
        expect(answer.headers.location).toBe(`${foreign.url}/landing`);
        expect(upstream.requests[0]?.headers.authorization).toMatch(/^Bearer /);
        expect(foreign.requests).toEqual([]);
      },
      TIMEOUT_MS,
    );

    it(
      clientLeaves === 'close'
        ? 'stops the upstream request when the client leaves, and goes on serving'
        : 'stops the upstream request when the client resets its connection, and goes on serving',
      async () => {
        // Never answers /slow: the client gives up first.
        const upstream = await fixture.upstream((received, response) => {
          if (received.url !== '/slow') response.end('ok');
        });
        const app = await fixture.mount({ proxyTarget: upstream.url });
        const arrived = once(upstream.events, 'request');
        const abandoned = once(upstream.events, 'abandoned');
        const client = request(`${app.url}/proxy/slow`, { agent: false });
        client.on('error', () => {
          // The client's side of leaving.
        });
        client.end();
        await arrived;
        if (clientLeaves === 'close') client.destroy();
        else client.socket?.resetAndDestroy();
        await abandoned;

        expect((await sendRawRequest(`${app.url}/proxy/after`)).status).toBe(200);
        expect(upstream.requests.map((received) => received.url)).toEqual(['/slow', '/after']);
      },
      TIMEOUT_MS,
    );

    it(
      'stops a streamed upload upstream when the client leaves midway',
      async () => {
        const upstream = await fixture.upstream((_received, response) => response.end('ok'));
        const app = await fixture.mount({ proxyTarget: upstream.url });
        const arrived = once(upstream.events, 'arrived');
        const abandoned = once(upstream.events, 'abandoned');
        const client = request(`${app.url}/proxy/upload`, {
          method: 'PUT',
          agent: false,
          headers: { ...octets, 'content-length': STREAMED_BYTES },
        });
        client.on('error', () => {
          // The client's side of leaving.
        });
        client.write(randomBytes(64 * 1024));
        await arrived;
        client.destroy();
        await abandoned;

        expect((await sendRawRequest(`${app.url}/proxy/after`)).status).toBe(200);
        expect(upstream.requests.map((received) => received.url)).toEqual(['/after']);
      },
      TIMEOUT_MS,
    );

    it(
      'answers an API 429 with a long Retry-After at once, and waits out a short one',
      async () => {
        const app = await fixture.mount();
        const { control, stats } = fixture.emulator;
        control.failApiRequests(1, { status: 429, retryAfter: '120' });
        const refused = await sendRawRequest(`${app.url}/proxy/words/doc.docx`);
        expect(refused.status).toBe(429);
        expect(refused.headers['retry-after']).toBe('120');
        expect(stats.apiRequests.total).toBe(1);

        control.failApiRequests(1, { status: 429, retryAfter: '1' });
        expect((await sendRawRequest(`${app.url}/proxy/words/doc.docx`)).status).toBe(200);
        expect(stats.apiRequests.byStatus[429]).toBe(2);
        expect(stats.apiRequests.total).toBe(3);
      },
      TIMEOUT_MS,
    );

    it(
      'answers a rate-limited token endpoint with 503 problem+json and Retry-After, sending nothing',
      async () => {
        const app = await fixture.mount();
        fixture.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
        const answer = await sendRawRequest(`${app.url}/proxy/words/doc.docx`);
        expectProblem(test, answer, 503, 'ERR_RATE_LIMITED', [fixture.clientSecret]);
        expect(answer.headers['retry-after']).toBe('120');
        expect(fixture.emulator.stats.apiRequests.total).toBe(0);
      },
      TIMEOUT_MS,
    );

    it(
      'answers 502 problem+json when the cloud cannot be reached',
      async () => {
        const gone = await listenOnLoopback(() => {});
        await gone.close();
        const app = await fixture.mount({ proxyTarget: gone.url });
        const answer = await sendRawRequest(`${app.url}/proxy/words/doc.docx`);
        expectProblem(test, answer, 502, 'ERR_API_REQUEST', [fixture.clientSecret]);
      },
      TIMEOUT_MS,
    );

    it(
      'ends the connection when the cloud breaks off midway',
      async () => {
        const upstream = await fixture.upstream((_received, response) => {
          response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1000 });
          response.write('partial');
          setImmediate(() => response.destroy());
        });
        const app = await fixture.mount({ proxyTarget: upstream.url });
        await expect(sendRawRequest(`${app.url}/proxy/document`)).rejects.toThrow();
      },
      TIMEOUT_MS,
    );
  });
}
