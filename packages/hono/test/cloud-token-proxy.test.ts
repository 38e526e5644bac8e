import {
  listenOnLoopback,
  type RecordingUpstream,
  sendRawRequest,
  startRecordingUpstream,
} from '@cloud-token/core/testing';
import { useEmulator } from '@cloud-token/emulator/testing';
import { cloudTokenProxy } from '@cloud-token/hono';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// The proxy's paths on Node, sent as written (`..`, `%2e`, `%2F` untouched by the client).
const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

/** A Hono app with the proxy at `route`, forwarding to a recording upstream's `/api`. */
async function proxyApp(route: string): Promise<{ url: string; upstream: RecordingUpstream }> {
  const upstream = await startRecordingUpstream((_received, response) => response.end('ok'));
  opened.push(upstream);
  const proxy = cloudTokenProxy({ ...cloud.credentials, target: `${upstream.url}/api` });
  opened.push(proxy);
  const app = new Hono();
  app.all(route, proxy);
  const server = await listenOnLoopback(getRequestListener(app.fetch));
  opened.push(server);
  return { url: server.url, upstream };
}

describe('cloudTokenProxy paths', () => {
  it.each([
    ['/proxy/words/doc.docx?storage=s1', '/api/words/doc.docx?storage=s1'],
    ['/proxy/a%2Fb/c', '/api/a%2Fb/c'],
    ['/proxy/a%2E/b', '/api/a%2E/b'],
    ['/proxy/a/%2e%2e/b', '/api/b'],
    ['/proxy/a/./b', '/api/a/b'],
    ['/proxy//other.host/steal', '/api//other.host/steal'],
    ['/proxy', '/api/'],
  ])('forwards %s to %s, inside the target', async (path, forwarded) => {
    const { url, upstream } = await proxyApp('/proxy/*');
    const answer = await sendRawRequest(`${url}${path}`);
    expect(answer.status).toBe(200);
    expect(upstream.requests.map((received) => received.url)).toEqual([forwarded]);
  });

  it.each([
    // The URL parser resolves these out of /proxy before Hono routes them: no route.
    ['/proxy/../connect/token', 404],
    ['/proxy/%2e%2e/connect/token', 404],
    ['/proxy/.%2E/connect/token', 404],
    ['/proxy/words/%2E%2E/%2e%2e/connect/token', 404],
    // These reach the proxy; the core's path rule refuses them.
    ['/proxy/words/..%2f..%2fconnect/token', 400],
    ['/proxy/words/..%2F..%2Fconnect/token', 400],
    ['/proxy/words/%2e%2e%2f%2e%2e%2fconnect/token', 400],
    ['/proxy/words/..%5c..%5cconnect/token', 400],
    ['/proxy/words/%2E%2E%5Cconnect', 400],
    ['/proxy/words/%E0%A4%A', 400],
    // Hono routes the decoded path to /proxy/*, but as sent it is not below /proxy.
    ['/prox%79/words/doc.docx', 404],
    ['/%70roxy/../connect/token', 404],
  ])('keeps %s inside the target: %i, nothing sent', async (path, status) => {
    const { url, upstream } = await proxyApp('/proxy/*');
    const answer = await sendRawRequest(`${url}${path}`);
    expect(answer.status).toBe(status);
    expect(upstream.requests).toEqual([]);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
  });

  it('forwards below the fixed part of a route with a parameter', async () => {
    const { url, upstream } = await proxyApp('/t/:tenant/*');
    expect((await sendRawRequest(`${url}/t/acme/words/x`)).status).toBe(200);
    expect((await sendRawRequest(`${url}/t/acme/..%2f..%2fx`)).status).toBe(400);
    expect(upstream.requests.map((received) => received.url)).toEqual(['/api/acme/words/x']);
  });
});
