import { once } from 'node:events';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClientDisconnectWatch, watchClientDisconnect } from '@cloud-token/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What the server saw of one request: the watch, and the response once it closed. */
interface Watched {
  watch: ClientDisconnectWatch;
  closed: Promise<unknown>;
}

let server: Server;
let url: string;
let handle: (response: ServerResponse, watched: Watched) => void;
let seen: (watched: Watched) => void;

beforeAll(async () => {
  server = createServer((_request, response) => {
    const watched = { watch: watchClientDisconnect(response), closed: once(response, 'close') };
    seen(watched);
    handle(response, watched);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

/** Sends one request; resolves what the server saw once it arrived, and the client's request. */
async function send(onResponse: typeof handle) {
  handle = onResponse;
  const arrived = new Promise<Watched>((resolve) => {
    seen = resolve;
  });
  const outgoing = request(url, { agent: false });
  const answered = new Promise<number | 'broken'>((resolve) => {
    outgoing.on('response', (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode ?? 0));
      incoming.on('error', () => resolve('broken'));
    });
    outgoing.on('error', () => resolve('broken'));
  });
  outgoing.end();
  return { watched: await arrived, outgoing, answered };
}

describe('watchClientDisconnect', () => {
  it('aborts with an AbortError when the client leaves before the answer is complete', async () => {
    const { watched, outgoing } = await send(() => undefined);
    outgoing.destroy();
    await watched.closed;
    expect(watched.watch.signal.aborted).toBe(true);
    expect((watched.watch.signal.reason as DOMException).name).toBe('AbortError');
  });

  it('does not abort once the answer is complete', async () => {
    const { watched, answered } = await send((response) => response.end('done'));
    expect(await answered).toBe(200);
    await watched.closed;
    expect(watched.watch.signal.aborted).toBe(false);
  });

  it('does not abort on a close we caused ourselves with destroy(error)', async () => {
    const { watched, answered } = await send((response) => {
      response.writeHead(200).write('partial');
      response.destroy(new Error('the upstream body broke off'));
    });
    expect(await answered).toBe('broken');
    await watched.closed;
    expect(watched.watch.signal.aborted).toBe(false);
  });

  it('stops watching on stop()', async () => {
    const { watched, outgoing } = await send((_response, current) => current.watch.stop());
    outgoing.destroy();
    await watched.closed;
    expect(watched.watch.signal.aborted).toBe(false);
  });
});
