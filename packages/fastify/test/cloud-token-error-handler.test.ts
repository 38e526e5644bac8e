import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  cloudToken,
  cloudTokenErrorHandler,
  isCloudTokenError,
  sendCloudAnswer,
} from '@cloud-token/fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastifyVersions } from './support/fastify-versions.js';
import { listen } from './support/listen.js';
import { logLines } from './support/log-lines.js';

const wrongSecret = 'wr0ng-fastify-s3cr3t';

describe.each(fastifyVersions)('cloud-token errors on %s', (_name, Fastify) => {
  let emulator: Emulator;
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = cloud.emulator;
  });
  const apps = useAppsPerTest({ afterEach });
  const newApp = (options?: FastifyServerOptions): FastifyInstance =>
    apps.closeAfterTest(Fastify(options));
  const refused = () => ({ ...emulatorCredentials(emulator), clientSecret: wrongSecret });
  const relay = async (app: FastifyInstance) => {
    app.get('/call', async (request, reply) =>
      sendCloudAnswer(reply, await request.cloudToken.fetch('words/a.docx')),
    );
    app.get('/own', async () => {
      throw Object.assign(new Error('the application failed'), { statusCode: 418 });
    });
    return listen(app);
  };

  it("answers its errors as problem+json and leaves every other error to the app's setErrorHandler", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const app = newApp();
      await app.register(cloudToken, { ...refused(), baseUrl: `${emulator.apiUrl}/` });
      const seen: unknown[] = [];
      app.setErrorHandler((error, _request, reply) => {
        seen.push(error);
        reply.code(418).send({ handledBy: 'the app' });
      });
      const url = await relay(app);
      const cloudFailure = await fetch(`${url}/call`);
      expect(cloudFailure.status).toBe(502);
      expect(cloudFailure.headers.get('content-type')).toBe(
        'application/problem+json; charset=utf-8',
      );
      const problem = await cloudFailure.text();
      expect(JSON.parse(problem)).toMatchObject({ status: 502, code: 'ERR_CREDENTIALS_REJECTED' });
      expect(problem).not.toContain(wrongSecret);
      const own = await fetch(`${url}/own`);
      expect([own.status, await own.json()]).toEqual([418, { handledBy: 'the app' }]);
      expect(seen).toHaveLength(1);
      // No error handler is set twice in one scope: Fastify has nothing to warn about.
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it("gives cloud-token errors to the app's handler with errorHandler: false, with status and Retry-After", async () => {
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const app = newApp();
    await app.register(cloudToken, {
      ...emulatorCredentials(emulator),
      baseUrl: `${emulator.apiUrl}/`,
      errorHandler: false,
    });
    const seen: unknown[] = [];
    app.setErrorHandler((error, _request, reply) => {
      seen.push(error);
      reply.send(error);
    });
    const url = await relay(app);
    const answer = await fetch(`${url}/call`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('120');
    expect(seen).toEqual([expect.objectContaining({ code: 'ERR_RATE_LIMITED' })]);
  });

  it("keeps a route's own errorHandler", async () => {
    const app = newApp();
    await app.register(cloudToken, { ...refused(), baseUrl: `${emulator.apiUrl}/` });
    app.get(
      '/mine',
      { errorHandler: (_error, _request, reply) => void reply.code(599).send('mine') },
      async (request) => request.cloudToken.getToken(),
    );
    const url = await listen(app);
    const answer = await fetch(`${url}/mine`);
    expect([answer.status, await answer.text()]).toEqual([599, 'mine']);
  });

  it('is usable in your own setErrorHandler, with your problem types', async () => {
    const app = newApp();
    await app.register(cloudToken, {
      ...refused(),
      baseUrl: `${emulator.apiUrl}/`,
      errorHandler: false,
    });
    const answerCloudErrors = cloudTokenErrorHandler({
      problemType: (code) => `https://docs.example.test/problems/${code}`,
    });
    app.setErrorHandler((error, request, reply) => {
      if (isCloudTokenError(error)) return answerCloudErrors(error, request, reply);
      reply.code(500).send({ oops: true });
    });
    const url = await relay(app);
    const answer = await fetch(`${url}/call`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({
      type: 'https://docs.example.test/problems/ERR_CREDENTIALS_REJECTED',
      title: 'Cloud API credentials rejected',
    });
    expect((await fetch(`${url}/own`)).status).toBe(500);
  });

  it("says refused credentials once in Fastify's log (pino, fields first), never the secret", async () => {
    const log = logLines();
    const app = newApp({ logger: { level: 'debug', stream: log.stream } });
    await app.register(cloudToken, { ...refused(), baseUrl: `${emulator.apiUrl}/` });
    const url = await relay(app);
    for (let call = 0; call < 5; call += 1) expect((await fetch(`${url}/call`)).status).toBe(502);
    const ours = log.lines().filter((line) => line.code === 'ERR_CREDENTIALS_REJECTED');
    expect(ours.map((line) => line.level)).toEqual([50]);
    expect(ours[0]).toMatchObject({ status: 502, oauthError: 'invalid_client' });
    expect(String(ours[0]?.msg)).toContain('Reported once per cause');
    expect(log.text()).not.toContain(wrongSecret);
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });

  it('says a misconfigured service once per cause by default', async () => {
    const log = logLines();
    const app = newApp({ logger: { level: 'info', stream: log.stream } });
    // No baseUrl: the routes' fetch has no call policy.
    await app.register(cloudToken, emulatorCredentials(emulator));
    const url = await relay(app);
    for (let call = 0; call < 3; call += 1) expect((await fetch(`${url}/call`)).status).toBe(500);
    const errors = log.lines().filter((line) => line.level === 50);
    expect(errors).toEqual([expect.objectContaining({ code: 'ERR_USAGE' })]);
  });

  it('reports every answered error to a logger of the options, message first', async () => {
    const lines: [string, unknown][] = [];
    const logger = { error: (message: string, fields?: unknown) => lines.push([message, fields]) };
    const app = newApp();
    await app.register(cloudToken, {
      ...refused(),
      baseUrl: `${emulator.apiUrl}/`,
      errorHandler: false,
    });
    app.setErrorHandler(cloudTokenErrorHandler({ logger }));
    const url = await relay(app);
    for (let call = 0; call < 2; call += 1) expect((await fetch(`${url}/call`)).status).toBe(502);
    expect(lines).toEqual([
      [
        'cloud-token error answered as problem details',
        expect.objectContaining({ code: 'ERR_CREDENTIALS_REJECTED' }),
      ],
      [
        'cloud-token error answered as problem details',
        expect.objectContaining({ code: 'ERR_CREDENTIALS_REJECTED' }),
      ],
    ]);
    expect(JSON.stringify(lines)).not.toContain(wrongSecret);
  });
});
