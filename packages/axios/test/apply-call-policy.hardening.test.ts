import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type RequestListener,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { clientCredentials, createTokenSource, type TokenSource } from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attachCloudToken } from '../src/index.js';
import { axiosVersions } from './support/axios-versions.js';

/** Every name resolves to the loopback address, so `*.localhost` hosts reach the test server. */
function loopbackLookup(
  _hostname: string,
  _options: unknown,
  callback: (error: Error | null, address: string, family?: 4 | 6) => void,
): void {
  callback(null, '127.0.0.1', 4);
}

/** Issue 9's defects on the axios adapter, each on every axios the package claims. */
describe.each(axiosVersions)('hardening with $name (issue 9)', ({ axios }) => {
  let emulator: Emulator;
  const sources: TokenSource[] = [];
  const servers: Server[] = [];

  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) source.close();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    }
  });

  function emulatorSource(clock?: ReturnType<typeof createFakeClock>): TokenSource {
    const credentials = clientCredentials(emulatorCredentials(emulator));
    const source = createTokenSource(credentials, clock ? { clock } : {});
    sources.push(source);
    return source;
  }

  /** A loopback server of this test, closed after it; gives its port. */
  async function serve(handler: RequestListener): Promise<number> {
    const server = createServer(handler);
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }

  async function statusOf(call: Promise<{ status: number }>): Promise<number | undefined> {
    return call.then(
      (response) => response.status,
      (error: unknown) => (axios.isAxiosError(error) ? error.response?.status : undefined),
    );
  }

  it('item 2: a 401 to a streamed PUT (Node Readable) invalidates the refused token: 5 PUTs renew once', async () => {
    const source = emulatorSource();
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, source);
    try {
      await source.getToken();
      emulator.control.revokeAllTokens();

      const statuses: (number | undefined)[] = [];
      for (let index = 0; index < 5; index += 1) {
        const body = Readable.from([Buffer.from(`upload ${index}`)]);
        statuses.push(
          await statusOf(
            api.put(`/storage/file/upload-${index}.bin`, body, {
              headers: { 'content-type': 'application/octet-stream' },
            }),
          ),
        );
      }

      expect(statuses).toEqual([401, 200, 200, 200, 200]);
      expect(emulator.stats.tokenRequests.total).toBe(2);
    } finally {
      detach();
    }
  });

  it('item 5: an API that answers 401 to everything costs at most 2 token requests for 100 calls', async () => {
    const clock = createFakeClock();
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorSource(clock), { clock });
    emulator.control.failApiRequests(1_000, { status: 401 });
    try {
      const statuses: (number | undefined)[] = [];
      for (let index = 0; index < 100; index += 1) {
        statuses.push(await statusOf(api.get(`/words/doc-${index}.docx`)));
      }

      expect(statuses).toEqual(Array(100).fill(401));
      expect(emulator.stats.tokenRequests.total).toBeLessThanOrEqual(2);
      expect(emulator.stats.apiRequests.total).toBe(101);
    } finally {
      detach();
    }
  });

  it('item 6: a redirect to a subdomain of the API host loses the Authorization header', async () => {
    const received: { host: string | undefined; headers: IncomingHttpHeaders }[] = [];
    const port = await serve((request, response) => {
      received.push({ host: request.headers.host, headers: request.headers });
      request.resume();
      if (request.url === '/start') {
        const landing = `http://files.localhost:${request.socket.localPort}/landing`;
        response.writeHead(302, { location: landing }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const api = axios.create({ baseURL: `http://localhost:${port}`, lookup: loopbackLookup });
    const detach = attachCloudToken(api, emulatorSource());
    try {
      const response = await api.get('/start');

      expect(response.status).toBe(200);
      expect(received.map((entry) => entry.host)).toEqual([
        `localhost:${port}`,
        `files.localhost:${port}`,
      ]);
      expect(received[0]?.headers.authorization).toMatch(/^Bearer /);
      expect(received[1]?.headers.authorization).toBeUndefined();
    } finally {
      detach();
    }
  });

  it('item 6: a caller’s own beforeRedirect still runs, and a same-origin redirect keeps the token', async () => {
    const port = await serve((request, response) => {
      request.resume();
      if (request.url === '/start') {
        response.writeHead(307, { location: '/landing' }).end();
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ authorization: request.headers.authorization ?? null }));
    });
    const api = axios.create({ baseURL: `http://127.0.0.1:${port}` });
    const detach = attachCloudToken(api, emulatorSource());
    const hops: string[] = [];
    try {
      const response = await api.get<{ authorization: string | null }>('/start', {
        beforeRedirect: (options: Record<string, unknown>) => {
          hops.push(String(options.href));
        },
      });

      expect(response.data.authorization).toMatch(/^Bearer /);
      expect(hops).toEqual([`http://127.0.0.1:${port}/landing`]);
    } finally {
      detach();
    }
  });

  it('a replayed call keeps one redirect guard, and the answer gives back the caller’s own hook and options', async () => {
    const sent: string[] = [];
    const port = await serve((request, response) => {
      request.resume();
      sent.push(`${request.url} ${request.headers.authorization ? 'token' : 'none'}`);
      if (request.url === '/start' && sent.length === 1) {
        response.writeHead(401).end();
        return;
      }
      if (request.url === '/start') {
        response.writeHead(307, { location: '/landing' }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const api = axios.create({ baseURL: `http://127.0.0.1:${port}` });
    const detach = attachCloudToken(api, emulatorSource());
    const hops: string[] = [];
    const callersHook = (options: Record<string, unknown>) => {
      hops.push(String(options.href));
    };
    try {
      const response = await api.get('/start', {
        beforeRedirect: callersHook,
        cloudToken: { skip: false },
      });
      const bare = await api.get('/landing');

      expect(response.status).toBe(200);
      expect(sent).toEqual(['/start token', '/start token', '/landing token', '/landing token']);
      expect(hops).toEqual([`http://127.0.0.1:${port}/landing`]);
      expect(emulator.stats.tokenRequests.total).toBe(2);
      expect(response.config.beforeRedirect).toBe(callersHook);
      expect(response.config.cloudToken).toEqual({ skip: false });
      expect(bare.config.beforeRedirect).toBeUndefined();
      expect(bare.config.cloudToken).toBeUndefined();
    } finally {
      detach();
    }
  });

  it('item 4: a call aimed at a foreign origin that redirects into the API does not gain the token', async () => {
    const port = await serve((request, response) => {
      request.resume();
      response.writeHead(307, { location: `${emulator.apiUrl}/storage/file/important.docx` }).end();
    });
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, emulatorSource());
    try {
      expect(await statusOf(api.delete(`http://127.0.0.1:${port}/x`))).toBe(401);
      expect(emulator.stats.apiRequestLog.map((record) => record.hadAuthorization)).toEqual([
        false,
      ]);
      expect(emulator.stats.tokenRequests.total).toBe(0);
    } finally {
      detach();
    }
  });

  it('item 9: a successful response shows no live token in util.inspect or JSON.stringify', async () => {
    const source = emulatorSource();
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detach = attachCloudToken(api, source);
    try {
      const response = await api.get('/words/doc.docx');
      const token = source.peek()?.value ?? '';

      expect(response.status).toBe(200);
      expect(token.length).toBeGreaterThan(20);
      for (const text of [
        inspect(response, { depth: 10 }),
        inspect(response.config, { depth: 10 }),
        JSON.stringify(response.config),
        JSON.stringify(response.config.headers),
        JSON.stringify({ data: response.data, headers: response.headers }),
      ]) {
        expect(text).not.toContain(token);
      }
      expect(response.config.headers.Authorization).toBe('Bearer [redacted]');
      // The request stays reachable for those who look for it on purpose.
      expect(response.request).toBeDefined();
    } finally {
      detach();
    }
  });

  it('expiry without a 401: rejectedTokenStatuses [401, 403] renews and replays after a 403', async () => {
    const source = emulatorSource();
    await source.getToken();
    const plain = axios.create({ baseURL: emulator.apiUrl });
    const api = axios.create({ baseURL: emulator.apiUrl });
    const detachPlain = attachCloudToken(plain, source);
    const detach = attachCloudToken(api, source, { rejectedTokenStatuses: [401, 403] });
    try {
      emulator.control.failApiRequests(1, { status: 403 });
      expect(await statusOf(plain.get('/words/a'))).toBe(403);
      expect(emulator.stats.tokenRequests.total).toBe(1);

      emulator.control.failApiRequests(1, { status: 403 });
      expect(await statusOf(api.get('/words/b'))).toBe(200);
      expect(emulator.stats.tokenRequests.total).toBe(2);
      expect(emulator.stats.apiRequestLog.map((record) => record.status)).toEqual([403, 403, 200]);
    } finally {
      detach();
      detachPlain();
    }
  });
});
