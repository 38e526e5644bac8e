import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { sendRawRequest, startRecordingUpstream, useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken, sendCloudAnswer } from '@cloud-token/fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastifyVersions } from './support/fastify-versions.js';
import { listen } from './support/listen.js';

describe.each(fastifyVersions)('sendCloudAnswer() on %s', (_name, Fastify) => {
  let emulator: Emulator;
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = cloud.emulator;
  });
  const apps = useAppsPerTest({ afterEach });
  async function newApp(baseUrl: string, options: object = {}): Promise<FastifyInstance> {
    const app = apps.closeAfterTest(Fastify());
    await app.register(cloudToken, { ...emulatorCredentials(emulator), baseUrl, ...options });
    return app;
  }

  it("streams the cloud's binary answer byte for byte, with its status and safe headers", async () => {
    const app = await newApp(emulator.apiUrl);
    app.addContentTypeParser('application/octet-stream', (_request, payload, done) =>
      done(null, payload),
    );
    app.put('/upload', async (request, reply) => {
      const answer = await request.cloudToken.fetch('storage/file/doc.bin', {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: Readable.toWeb(request.raw) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      return sendCloudAnswer(reply, answer);
    });
    const body = randomBytes(200 * 1024);
    const answer = await sendRawRequest(`${await listen(app)}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.body.equals(body)).toBe(true);
  });

  it('sends a compressed answer decoded, without the Content-Encoding fetch already undid', async () => {
    const json = JSON.stringify({ pages: 3, words: 'many '.repeat(200) });
    const upstream = await startRecordingUpstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(json));
    });
    apps.closeAfterTest(upstream);
    const app = await newApp(`${upstream.url}/`);
    app.get('/statistics', async (request, reply) =>
      sendCloudAnswer(reply, await request.cloudToken.fetch('statistics')),
    );
    const answer = await sendRawRequest(`${await listen(app)}/statistics`);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString()).toBe(json);
  });

  it('passes a 429 on with its Retry-After', async () => {
    const app = await newApp(emulator.apiUrl, { rateLimitRetries: 0 });
    app.get('/words', async (request, reply) =>
      sendCloudAnswer(reply, await request.cloudToken.fetch('words/x')),
    );
    emulator.control.failApiRequests(1, { status: 429, retryAfter: '30' });
    const answer = await sendRawRequest(`${await listen(app)}/words`);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('30');
  });
});
