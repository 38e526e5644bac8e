import {
  type RecordingUpstream,
  sendRawRequest,
  startRecordingUpstream,
  useAppsPerTest,
} from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  clientCredentials,
  cloudToken,
  cloudTokenProxy,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastifyVersions } from './support/fastify-versions.js';
import { listen } from './support/listen.js';

describe.each(fastifyVersions)('the cloudTokenProxy plugin on %s', (_name, Fastify) => {
  let emulator: Emulator;
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = cloud.emulator;
  });
  const apps = useAppsPerTest({ afterEach });
  const newApp = (): FastifyInstance => apps.closeAfterTest(Fastify());
  const newSource = (): TokenSource => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    apps.closeAfterTest(source);
    return source;
  };
  const echoUpstream = async (): Promise<RecordingUpstream> => {
    const upstream = await startRecordingUpstream((request, response) => {
      response.setHeader('content-type', request.headers['content-type'] ?? 'text/plain');
      response.end(request.body);
    });
    apps.closeAfterTest(upstream);
    return upstream;
  };

  it("forwards bodies of every content type unread, while the app's own routes keep their parsers", async () => {
    const upstream = await echoUpstream();
    const app = newApp();
    app.addContentTypeParser('application/x-www-form-urlencoded', (_request, _payload, done) =>
      done(new Error('the app parses forms elsewhere')),
    );
    await app.register(cloudTokenProxy, {
      prefix: '/cloud',
      target: `${upstream.url}/v4.0`,
      source: newSource(),
    });
    app.post('/json', async (request) => ({ parsed: request.body }));
    const url = await listen(app);
    const bodies: [string | undefined, string][] = [
      ['application/json', '{"name":"report.docx","pages":3}'],
      ['text/plain; charset=utf-8', 'plain words'],
      ['application/x-www-form-urlencoded', 'a=1&b=two'],
      ['application/vnd.ms-word', '\u0000\u0001binary'],
      [undefined, 'no content type'],
    ];
    for (const [type, body] of bodies) {
      const answer = await fetch(`${url}/cloud/items?x=1`, {
        method: 'POST',
        headers: type === undefined ? {} : { 'content-type': type },
        body,
      });
      expect([answer.status, await answer.text()]).toEqual([200, body]);
    }
    expect(upstream.requests.map(({ method, url: path }) => [method, path])).toEqual(
      bodies.map(() => ['POST', '/v4.0/items?x=1']),
    );
    expect(
      upstream.requests.every((request) => request.headers.authorization?.startsWith('Bearer ')),
    ).toBe(true);
    const json = await fetch(`${url}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"mine":true}',
    });
    expect(await json.json()).toEqual({ parsed: { mine: true } });
  });

  it("sends the headers the app's hooks set on the reply along with the cloud's answer", async () => {
    const upstream = await echoUpstream();
    const app = newApp();
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('x-frame-options', 'DENY');
    });
    await app.register(cloudTokenProxy, {
      prefix: '/cloud',
      target: upstream.url,
      source: newSource(),
    });
    const url = await listen(app);
    const answer = await fetch(`${url}/cloud/words/a.docx`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });

  it('leaves the paths outside its prefix to the app, and gives its routes no request.cloudToken', async () => {
    const upstream = await echoUpstream();
    const app = newApp();
    await app.register(cloudToken, { source: newSource(), baseUrl: `${emulator.apiUrl}/` });
    await app.register(cloudTokenProxy, {
      prefix: '/cloud',
      target: upstream.url,
      source: app.cloudToken,
    });
    app.get('/cloudy', async (request) => (await request.cloudToken.getToken()).type);
    const url = await listen(app);
    expect(await (await fetch(`${url}/cloudy`)).text()).toBe('Bearer');
    expect((await fetch(`${url}/cloud/words/a.docx`)).status).toBe(200);
    expect(upstream.requests.map((request) => request.url)).toEqual(['/words/a.docx']);
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });

  it('forwards only what lies below its prefix as the client sent it: a decoded prefix is not its prefix', async () => {
    const upstream = await echoUpstream();
    const app = newApp();
    await app.register(cloudTokenProxy, {
      prefix: '/cloud',
      target: upstream.url,
      source: newSource(),
    });
    const url = await listen(app);
    for (const path of ['/clou%64/words/a.docx', '/%63loud/words/a.docx']) {
      expect((await sendRawRequest(`${url}${path}`)).status).toBe(404);
    }
    expect((await sendRawRequest(`${url}/cloud/words/a%2Fb.docx?x=1`)).status).toBe(200);
    expect(upstream.requests.map((request) => request.url)).toEqual(['/words/a%2Fb.docx?x=1']);
  });

  it('checks its options at registration', async () => {
    const target = `${emulator.apiUrl}`;
    await expect(
      newApp().register(cloudTokenProxy, { target, source: newSource(), prefx: '/c' } as never),
    ).rejects.toThrow('did you mean "prefix"?');
    await expect(
      newApp().register(cloudTokenProxy, { target, source: newSource(), prefix: '/cloud/' }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'prefix' });
    await expect(
      newApp().register(cloudTokenProxy, { target: 'ftp://example.test', source: newSource() }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'target' });
  });
});
