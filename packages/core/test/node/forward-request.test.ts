import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';
import {
  clientCredentials,
  createTokenSource,
  externalToken,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import { createRequestForwarder, type RequestForwarder } from '@cloud-token/core/node';
import { useAppsPerTest } from '@cloud-token/core/testing';
import { emulatorCredentials } from '@cloud-token/emulator/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';

/*
 * The forwarder on undici's dispatcher API, behind a bare node:http server:
 * what a transport below fetch could get wrong.
 */

const cloud = useEmulatorSources();
const serve = useAppsPerTest({ afterEach }).listen;
const forwarders: RequestForwarder[] = [];
const agents: Agent[] = [];
afterEach(() => {
  for (const forwarder of forwarders.splice(0)) forwarder.close();
  for (const agent of agents.splice(0)) agent.destroy();
});

const fixed = (): TokenSource => {
  const source = createTokenSource(externalToken('fixed-token'));
  cloud.opened.push(source);
  return source;
};

/** A bare Node server with the forwarder on every path; a rejection answers 502 when it can. */
async function startProxy(
  target: string,
  options: Partial<Parameters<typeof createRequestForwarder>[0]> = {},
) {
  const forwarder = createRequestForwarder({ target, source: fixed(), ...options } as never);
  forwarders.push(forwarder);
  const errors: unknown[] = [];
  const url = await serve((req, res) => {
    forwarder.forward(req, res).catch((error: unknown) => {
      errors.push(error);
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  return { url, errors };
}

interface Received {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** One request on `agent` (default: a fresh connection), the whole answer read. */
function send(
  url: string,
  options: {
    method?: string;
    headers?: OutgoingHttpHeaders;
    body?: Buffer;
    chunks?: Buffer[];
    agent?: Agent;
  } = {},
): Promise<Received> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: options.agent ?? false,
    });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    outgoing.on('error', reject);
    if (options.headers?.expect === '100-continue') {
      outgoing.on('continue', () => outgoing.end(options.body));
      outgoing.flushHeaders();
      return;
    }
    for (const chunk of options.chunks ?? []) outgoing.write(chunk);
    outgoing.end(options.body);
  });
}

/** An upstream that records each request (headers and body) and answers with `answer`. */
async function recordingUpstream(
  answer: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void = (_req, body, res) =>
    res.end(body),
) {
  const seen: {
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: Buffer;
  }[] = [];
  const url = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(req, body, res);
    });
  });
  return { url, seen };
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('createRequestForwarder on the dispatcher', () => {
  it('forwards a body sent after 100 Continue, without passing Expect on', async () => {
    const upstream = await recordingUpstream();
    const proxy = await startProxy(upstream.url);
    const body = randomBytes(4096);

    const answer = await send(`${proxy.url}/upload`, {
      method: 'PUT',
      headers: { expect: '100-continue', 'content-length': body.length },
      body,
    });

    expect(answer.status).toBe(200);
    expect(answer.body.equals(body)).toBe(true);
    expect(upstream.seen[0]?.headers.expect).toBeUndefined();
    expect(proxy.errors).toEqual([]);
  });

  it('answers HEAD with the headers and no body, and the connection stays usable', async () => {
    const upstream = await recordingUpstream((req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 123_456 });
      res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(123_456));
    });
    const proxy = await startProxy(upstream.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);

    const head = await send(`${proxy.url}/doc.pdf`, { method: 'HEAD', agent });
    const get = await send(`${proxy.url}/doc.pdf`, { agent });

    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('123456');
    expect(head.body.length).toBe(0);
    expect(get.body.length).toBe(123_456);
    expect(upstream.seen.map((seen) => seen.method)).toEqual(['HEAD', 'GET']);
  });

  it('streams chunked bodies both ways, beyond the buffer limit, byte for byte', async () => {
    const upstream = await recordingUpstream((_req, body, res) => {
      // No length: the answer goes out chunked, in pieces.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(body.subarray(0, 1000));
      setImmediate(() => res.end(body.subarray(1000)));
    });
    const proxy = await startProxy(upstream.url, { maxBufferedBodyBytes: 16 * 1024 });
    const body = randomBytes(200 * 1024);

    const answer = await send(`${proxy.url}/chunked`, {
      method: 'POST',
      chunks: [body.subarray(0, 10_000), body.subarray(10_000, 150_000), body.subarray(150_000)],
    });

    expect(answer.status).toBe(200);
    expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(sha(answer.body)).toBe(sha(body));
    expect(upstream.seen[0]?.headers['transfer-encoding']).toBe('chunked');
    expect(upstream.seen[0]?.headers['content-length']).toBeUndefined();
  });

  it('pulls from the cloud only as fast as the client reads, then delivers every byte', async () => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    const chunks = 1024; // 64 MiB: far beyond the socket buffers between the ends
    const progress = { written: 0, waitingSince: 0, finished: false };
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': chunk.length * chunks });
      const pump = (): void => {
        while (progress.written < chunks) {
          progress.written += 1;
          if (!res.write(chunk)) {
            progress.waitingSince = Date.now();
            res.once('drain', pump);
            return;
          }
        }
        progress.finished = true;
        res.end();
      };
      pump();
    });
    const proxy = await startProxy(upstream);

    const outgoing = request(`${proxy.url}/large`, { agent: false });
    outgoing.end();
    const [incoming] = (await once(outgoing, 'response')) as [IncomingMessage];
    incoming.pause();
    // The client reads nothing: the cloud must end up stalled on `drain`, far from the end.
    await vi.waitFor(
      () => {
        expect(progress.finished).toBe(false);
        expect(progress.waitingSince).toBeGreaterThan(0);
        expect(Date.now() - progress.waitingSince).toBeGreaterThan(500);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(progress.written).toBeLessThan(chunks / 2);

    let received = 0;
    incoming.on('data', (data: Buffer) => {
      received += data.length;
    });
    incoming.resume();
    await once(incoming, 'end');
    expect(received).toBe(chunk.length * chunks);
    expect(proxy.errors).toEqual([]);
  });

  it('carries large headers both ways, and answers 502 to a header block undici refuses', async () => {
    const large = 'v'.repeat(12 * 1024);
    const upstream = await recordingUpstream((req, _body, res) => {
      const size = req.url === '/huge' ? 200 * 1024 : 12 * 1024;
      res.writeHead(200, { 'x-large-answer': 'a'.repeat(size) }).end('ok');
    });
    const proxy = await startProxy(upstream.url);

    const answer = await send(`${proxy.url}/large`, { headers: { 'x-large-request': large } });
    const refused = await send(`${proxy.url}/huge`);

    expect(answer.status).toBe(200);
    expect(answer.headers['x-large-answer']).toBe('a'.repeat(12 * 1024));
    expect(upstream.seen[0]?.headers['x-large-request']).toBe(large);
    expect(refused.status).toBe(502);
    expect(isCloudTokenError(proxy.errors[0], 'ERR_API_REQUEST')).toBe(true);
  });

  it('answers 502 when the cloud resets the connection while the body is still going up', async () => {
    const upstream = await serve((req) => {
      req.once('data', () => req.socket.destroy());
    });
    const proxy = await startProxy(upstream, { maxBufferedBodyBytes: 16 * 1024 });

    const answer = await send(`${proxy.url}/upload`, {
      method: 'PUT',
      headers: { 'content-length': 2 * 1024 * 1024 },
      body: randomBytes(2 * 1024 * 1024),
    }).catch((error: unknown) => error);

    await vi.waitFor(() => expect(proxy.errors).toHaveLength(1));
    expect(isCloudTokenError(proxy.errors[0], 'ERR_API_REQUEST')).toBe(true);
    // The client gets the 502, or sees its upload cut: never a hang, never a 200.
    if (!(answer instanceof Error)) expect((answer as Received).status).toBe(502);
  });

  it('sends nothing when the client leaves while its body is being buffered for replay', async () => {
    const upstream = await recordingUpstream();
    const proxy = await startProxy(upstream.url);
    const client = request(`${proxy.url}/upload`, {
      method: 'PUT',
      agent: false,
      headers: { 'content-length': 512 * 1024 },
    });
    client.on('error', () => {
      // The client side of the abort is expected.
    });
    client.write(randomBytes(64 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.destroy();
    await new Promise((resolve) => client.on('close', resolve));

    // One more exchange through the same proxy lets any late effect surface first.
    expect((await send(`${proxy.url}/after`)).status).toBe(200);
    expect(upstream.seen.map((seen) => seen.url)).toEqual(['/after']);
    expect(proxy.errors).toEqual([]);
  });

  it('sends nothing when the client leaves while the token is on its way', async () => {
    cloud.emulator.control.setLatency({ tokenMs: 2_000 });
    const source = createTokenSource(clientCredentials(emulatorCredentials(cloud.emulator)));
    cloud.opened.push(source);
    const proxy = await startProxy(cloud.emulator.apiUrl, { source });

    const client = request(`${proxy.url}/words/doc.docx`, { agent: false });
    client.on('error', () => {
      // The client side of the abort is expected.
    });
    client.end();
    await vi.waitFor(() => expect(cloud.emulator.stats.tokenRequests.total).toBe(1));
    client.destroy();
    await new Promise((resolve) => client.on('close', resolve));
    await source.getToken();
    // Two more exchanges through the same proxy let a late send surface first.
    expect((await send(`${proxy.url}/words/after-1`)).status).toBe(200);
    expect((await send(`${proxy.url}/words/after-2`)).status).toBe(200);

    expect(cloud.emulator.stats.apiRequestLog.map((record) => record.url)).toEqual([
      expect.stringMatching(/after-1$/),
      expect.stringMatching(/after-2$/),
    ]);
    expect(proxy.errors).toEqual([]);
  });

  it('leaves a dispatcher it was given open on close(), and takes no fetch beside it', async () => {
    const upstream = await recordingUpstream();
    const { Agent: UndiciAgent } = await import('undici');
    const given = new UndiciAgent();
    const proxy = createRequestForwarder({
      target: upstream.url,
      source: fixed(),
      dispatcher: given,
    });
    proxy.close();
    expect(given.closed).toBe(false);
    await given.close();
    expect(() =>
      createRequestForwarder({
        target: upstream.url,
        source: fixed(),
        dispatcher: given,
        fetch: globalThis.fetch,
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'dispatcher' }));
  });
});
