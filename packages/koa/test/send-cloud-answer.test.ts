import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { sendRawRequest, useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken, getCloudToken, sendCloudAnswer } from '@cloud-token/koa';
import Koa3 from 'koa-3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

describe.each(koaVersions)('sendCloudAnswer() with %s', (_name, Koa) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  it('sends the cloud’s binary answer byte for byte, with its status and safe headers', async () => {
    const app = new Koa()
      .use(
        apps.closeAfterTest(
          cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
        ),
      )
      .use(async (ctx) => {
        const answer = await getCloudToken(ctx).fetch('storage/file/doc.bin', {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream' },
          body: Readable.toWeb(ctx.req) as ReadableStream,
          duplex: 'half',
        } as RequestInit);
        await sendCloudAnswer(ctx, answer);
      });
    const url = await apps.listen(app);
    const body = randomBytes(200 * 1024);
    const answer = await sendRawRequest(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['x-emulator-jti']).toBeDefined();
    expect(answer.body.equals(body)).toBe(true);
  });

  it('passes a 429 on with its Retry-After', async () => {
    const app = new Koa()
      .use(
        apps.closeAfterTest(
          cloudToken({
            ...emulatorCredentials(emulator),
            baseUrl: emulator.apiUrl,
            rateLimitRetries: 0,
          }),
        ),
      )
      .use(async (ctx) => {
        await sendCloudAnswer(ctx, await getCloudToken(ctx).fetch('words/x'));
      });
    const url = await apps.listen(app);
    emulator.control.failApiRequests(1, { status: 429, retryAfter: '30' });
    const answer = await sendRawRequest(url);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('30');
  });
});

/**
 * One GET (`connection: close`, so the server ends the connection after it); every byte the server
 * wrote, split at the end of the head: what a keep-alive client would have to
 * frame by the head's `content-length` alone.
 */
async function rawGet(url: string): Promise<{ head: string; body: Buffer }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  // Written, not ended: the server ends the connection after its answer (connection: close).
  socket.write(`GET / HTTP/1.1\r\nhost: ${hostname}\r\nconnection: close\r\n\r\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const all = Buffer.concat(chunks);
  const end = all.indexOf('\r\n\r\n');
  return {
    head: all.subarray(0, end).toString('latin1').toLowerCase(),
    body: all.subarray(end + 4),
  };
}

describe('why the README says never ctx.body = response (Koa 3)', () => {
  const apps = useAppsPerTest({ afterEach });
  const text = Buffer.from('cloud '.repeat(2_000));
  const zipped = gzipSync(text);

  /** A Koa 3 app relaying a gzip answer of the cloud (fetch decodes it) with `relay`. */
  async function serve(relay: (ctx: Koa3.Context, answer: Response) => Promise<void> | void) {
    const cloud = await apps.listen((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/plain',
        'content-encoding': 'gzip',
        'content-length': String(zipped.length),
      });
      res.end(zipped);
    });
    return apps.listen(new Koa3().use(async (ctx) => relay(ctx, await fetch(cloud))));
  }

  it('sends the decoded body under the compressed content-length: a keep-alive client would be desynchronised', async () => {
    const { head, body } = await rawGet(
      await serve((ctx, answer) => {
        ctx.body = answer;
      }),
    );
    expect(head).toContain(`content-length: ${zipped.length}`);
    expect(head).toContain('content-encoding: gzip');
    // More bytes than announced: the rest would be read as the start of the next answer.
    expect(body.length).toBeGreaterThan(zipped.length);
    expect(body.equals(text)).toBe(true);
  });

  it('sendCloudAnswer sends what it announces', async () => {
    const { head, body } = await rawGet(await serve((ctx, answer) => sendCloudAnswer(ctx, answer)));
    expect(head).not.toContain('content-encoding');
    expect(head).not.toContain(`content-length: ${zipped.length}`);
    expect(body.includes(text)).toBe(true);
  });
});
