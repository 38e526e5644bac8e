import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthorizedFetch } from '@cloud-token/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCountingTokenSource } from '../support/counting-token-source.js';

/** A loopback server that records the headers it saw and answers what `answer` says. */
interface RecordingServer {
  url: string;
  seen: { path: string; headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

async function startRecordingServer(
  answer: (path: string) => { status: number; headers?: Record<string, string> },
): Promise<RecordingServer> {
  const seen: RecordingServer['seen'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      seen.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString() });
      const { status, headers } = answer(path);
      response.writeHead(status, headers).end(`answered ${path}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('where the token goes (real HTTP on loopback)', () => {
  let foreign: RecordingServer;
  let api: RecordingServer;

  beforeAll(async () => {
    foreign = await startRecordingServer(() => ({ status: 200 }));
    api = await startRecordingServer((path) => {
      if (path === '/v4.0/moved')
        return { status: 302, headers: { location: `${foreign.url}/landing` } };
      if (path === '/v4.0/upload') return { status: 307, headers: { location: '/v4.0/stored' } };
      return { status: 200 };
    });
  });
  afterAll(async () => {
    await Promise.all([foreign.close(), api.close()]);
  });
  beforeEach(() => {
    foreign.seen.length = 0;
    api.seen.length = 0;
  });

  it('sends no Authorization to another origin (another port on the same host)', async () => {
    const source = createCountingTokenSource();
    const authorizedFetch = createAuthorizedFetch(source, { baseUrl: `${api.url}/v4.0` });

    const response = await authorizedFetch(`${foreign.url}/public`);

    expect(response.status).toBe(200);
    expect(foreign.seen).toHaveLength(1);
    expect(foreign.seen[0]?.headers.authorization).toBeUndefined();
    expect(source.calls.getToken).toBe(0);
  });

  it('carries the token to the API but not across a redirect to another origin', async () => {
    const authorizedFetch = createAuthorizedFetch(createCountingTokenSource(), {
      baseUrl: `${api.url}/v4.0`,
    });

    const response = await authorizedFetch('moved', {
      headers: { authorization: 'Bearer caller-set', 'x-request-id': 'r1' },
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('answered /landing');
    expect(api.seen.map((seen) => [seen.path, seen.headers.authorization])).toEqual([
      ['/v4.0/moved', 'Bearer token-1'],
    ]);
    expect(foreign.seen).toHaveLength(1);
    expect(foreign.seen[0]?.headers.authorization).toBeUndefined();
    expect(foreign.seen[0]?.headers['x-request-id']).toBe('r1');
  });

  it('keeps the token and the body on a 307 within the allowed origin', async () => {
    const authorizedFetch = createAuthorizedFetch(createCountingTokenSource(), {
      baseUrl: `${api.url}/v4.0`,
    });

    const response = await authorizedFetch('upload', { method: 'PUT', body: 'file contents' });

    expect(response.status).toBe(200);
    expect(api.seen.map((seen) => [seen.path, seen.headers.authorization, seen.body])).toEqual([
      ['/v4.0/upload', 'Bearer token-1', 'file contents'],
      ['/v4.0/stored', 'Bearer token-1', 'file contents'],
    ]);
  });
});
