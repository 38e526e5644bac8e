import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/core';
import { createFakeClock } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** Issue 9's defects on the authorized fetch, each against the emulator. */
describe('the authorized fetch, hardened (issue 9)', () => {
  let emulator: Emulator;
  const sources: TokenSource[] = [];
  const servers: Server[] = [];

  function emulatorSource(): TokenSource {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    sources.push(source);
    return source;
  }

  /** A server on another loopback origin that answers every request with `307 Location: target`. */
  async function redirectingServer(target: string): Promise<string> {
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(307, { location: target }).end();
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function streamOf(text: string): ReadableStream<Uint8Array> {
    const bytes = new TextEncoder().encode(text);
    return new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

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

  it('item 2: a 401 to a streamed PUT invalidates the refused token: 5 PUTs after a key rotation renew once', async () => {
    const source = emulatorSource();
    await source.getToken();
    emulator.control.revokeAllTokens();
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });

    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await api(`storage/file/upload-${index}.bin`, {
        method: 'PUT',
        body: streamOf(`upload ${index}`),
        duplex: 'half',
      } as RequestInit);
      await response.arrayBuffer();
      statuses.push(response.status);
    }

    // The refused send is not replayed (its body is gone), but the next call carries a new token.
    expect(statuses).toEqual([401, 200, 200, 200, 200]);
    expect(emulator.stats.tokenRequests.total).toBe(2);
  });

  it('item 4: a call aimed at a foreign origin that redirects into the API does not gain the token', async () => {
    const source = emulatorSource();
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });
    const evil = await redirectingServer(`${emulator.apiUrl}/storage/file/important.docx`);

    const response = await api(`${evil}/x`, { method: 'DELETE' });
    await response.arrayBuffer();

    expect(response.status).toBe(401);
    expect(emulator.stats.apiRequestLog.map((record) => record.hadAuthorization)).toEqual([false]);
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  it('item 4: a hop back into the API after a foreign hop carries no token either', async () => {
    const api = createAuthorizedFetch(emulatorSource(), { baseUrl: emulator.apiUrl });
    const evil = await redirectingServer(`${emulator.apiUrl}/words/doc.docx`);
    const first = await redirectingServer(`${evil}/bounce`);
    const response = await api(`${first}/start`);
    await response.arrayBuffer();

    expect(emulator.stats.apiRequestLog.map((record) => record.hadAuthorization)).toEqual([false]);
  });

  it('item 5: an API that answers 401 to everything costs at most 2 token requests for 100 calls', async () => {
    const clock = createFakeClock();
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)), { clock });
    sources.push(source);
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl, clock });
    emulator.control.failApiRequests(1_000, { status: 401 });

    const statuses: number[] = [];
    for (let index = 0; index < 100; index += 1) {
      const response = await api(`words/doc-${index}.docx`);
      await response.arrayBuffer();
      statuses.push(response.status);
    }

    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(emulator.stats.tokenRequests.total).toBeLessThanOrEqual(2);
    // One replay for the first call, none while the pause lasts.
    expect(emulator.stats.apiRequests.total).toBe(101);
  });

  it('item 5: the pause ends after UNAUTHORIZED_RENEWAL_PAUSE_MS, then a 401 renews again', async () => {
    const clock = createFakeClock();
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)), { clock });
    sources.push(source);
    const api = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl, clock });
    emulator.control.failApiRequests(4, { status: 401 });

    expect((await api('words/a')).status).toBe(401); // refused, renewed, replay refused: pause
    expect(emulator.stats.tokenRequests.total).toBe(2);
    expect((await api('words/b')).status).toBe(401); // paused: given back, nothing renewed
    expect(emulator.stats.tokenRequests.total).toBe(2);
    await clock.advance(60_000);
    // Refused once more, renewed, and the replay with the new token succeeds.
    expect((await api('words/c')).status).toBe(200);
    expect(emulator.stats.tokenRequests.total).toBe(3);
  });

  it('expiry without a 401: rejectedTokenStatuses [401, 403] renews and replays after a 403', async () => {
    const source = emulatorSource();
    await source.getToken();
    const plain = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });
    const api = createAuthorizedFetch(source, {
      baseUrl: emulator.apiUrl,
      rejectedTokenStatuses: [401, 403],
    });

    emulator.control.failApiRequests(1, { status: 403 });
    expect((await plain('words/a')).status).toBe(403);
    expect(emulator.stats.tokenRequests.total).toBe(1);

    emulator.control.failApiRequests(1, { status: 403 });
    expect((await api('words/b')).status).toBe(200);
    expect(emulator.stats.tokenRequests.total).toBe(2);
    expect(emulator.stats.apiRequestLog.map((record) => record.status)).toEqual([403, 403, 200]);
  });
});
