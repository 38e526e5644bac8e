import { inspect } from 'node:util';
import type { CloudTokenAccessor } from '@cloud-token/core/node';
import { useAppsPerTest } from '@cloud-token/core/testing';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  asposeCloud,
  type Clock,
  clientCredentials,
  cloudToken,
  cloudTokenProxy,
  cloudTokenReadiness,
  createTokenSource,
  sendCloudAnswer,
  systemClock,
  type TokenSource,
} from '@cloud-token/fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastifyVersions } from './support/fastify-versions.js';
import { listen } from './support/listen.js';

/** How many of each kind of resource keeps the event loop busy. */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo())
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** The kinds beyond `baseline` once closing sockets had a while to end. */
async function resourcesLeftBeyond(baseline: Map<string, number>): Promise<Record<string, number>> {
  let beyond: Record<string, number> = {};
  for (let attempt = 0; attempt < 100; attempt += 1) {
    beyond = Object.fromEntries(
      [...activeResources()]
        .filter(([kind, count]) => count > (baseline.get(kind) ?? 0))
        .map(([kind, count]) => [kind, count - (baseline.get(kind) ?? 0)]),
    );
    if (Object.keys(beyond).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return beyond;
}

/** What a namespaced app's `request.cloudToken` holds (typed per app by CloudTokenNamespaces). */
type Named<T> = Record<string, T>;

describe.each(fastifyVersions)('the cloudToken plugin on %s', (_name, Fastify) => {
  let emulator: Emulator;
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = cloud.emulator;
  });
  const apps = useAppsPerTest({ afterEach });
  const newApp = (options?: FastifyServerOptions): FastifyInstance =>
    apps.closeAfterTest(Fastify(options));
  const baseUrl = () => `${emulator.apiUrl}/`;

  it('gives each route request.cloudToken and the app its source: one token for both', async () => {
    const app = newApp();
    await app.register(cloudToken, { ...emulatorCredentials(emulator), baseUrl: baseUrl() });
    app.get('/statistics', async (request, reply) =>
      sendCloudAnswer(reply, await request.cloudToken.fetch('words/a.docx/statistics')),
    );
    app.get('/token', async (request) => ({
      same: (await request.cloudToken.getToken()).value === (await app.cloudToken.getToken()).value,
    }));
    const url = await listen(app);
    const answers = await Promise.all([
      fetch(`${url}/statistics`),
      fetch(`${url}/statistics`),
      fetch(`${url}/token`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await answers[2]?.json()).toEqual({ same: true });
    expect(emulator.stats.tokenRequests.total).toBe(1);
    expect(
      emulator.stats.apiRequestLog.map(({ url: path, hadAuthorization }) => [
        path,
        hadAuthorization,
      ]),
    ).toEqual([
      ['/v4.0/words/a.docx/statistics', true],
      ['/v4.0/words/a.docx/statistics', true],
    ]);
  });

  it('checks its options at registration: a did-you-mean, never the secret, prefix explained', async () => {
    const secret = 'fastify-registration-s3cr3t';
    const credentials = { ...emulatorCredentials(emulator), clientSecret: secret };
    const refusal = async (options: object) => {
      try {
        await newApp().register(cloudToken, options as never);
      } catch (error) {
        return error as Error & { code?: string; option?: string };
      }
      throw new Error('registered');
    };
    const misspelt = await refusal({ ...credentials, baseURL: baseUrl() });
    expect(misspelt).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'baseURL' });
    expect(misspelt.message).toContain('did you mean "baseUrl"?');
    expect(misspelt.message).not.toContain(secret);
    const prefix = await refusal({ ...credentials, prefix: '/cloud' });
    expect(prefix).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'prefix' });
    expect(prefix.message).toContain('does nothing here');
    expect(await refusal({ ...credentials, namespace: 'two words' })).toMatchObject({
      option: 'namespace',
    });
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  it('takes a preset spread with the credentials, and asks for no token before a route does', async () => {
    const app = newApp();
    await app.register(cloudToken, { ...asposeCloud, clientId: 'id', clientSecret: 'secret' });
    await app.ready();
    expect(app.cloudToken.status?.()).toMatchObject({ hasUsableToken: false, reason: undefined });
    expect(inspect(app.cloudToken, { depth: 5 })).not.toContain('secret');
  });

  it('closes the source it made on app.close(), and leaves a source it was given open', async () => {
    const given = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const withGiven = Fastify();
    const withMade = Fastify();
    try {
      await withGiven.register(cloudToken, { source: given, baseUrl: baseUrl() });
      await withMade.register(cloudToken, { ...emulatorCredentials(emulator), baseUrl: baseUrl() });
      expect(withGiven.cloudToken).toBe(given);
      const made = withMade.cloudToken;
      await withGiven.close();
      await withMade.close();
      await expect(given.getToken()).resolves.toBeDefined();
      await expect(made.getToken()).rejects.toMatchObject({ code: 'ERR_USAGE' });
    } finally {
      given.close();
    }
  });

  it('gives each cloud its own entry with a namespace', async () => {
    emulator.control.addClient({ clientId: 'cells-client', clientSecret: 'cells-secret' });
    const app = newApp();
    await app.register(cloudToken, {
      ...emulatorCredentials(emulator),
      baseUrl: `${emulator.apiUrl}/words/`,
      namespace: 'words',
    });
    await app.register(cloudToken, {
      tokenUrl: emulator.tokenUrl,
      clientId: 'cells-client',
      clientSecret: 'cells-secret',
      baseUrl: `${emulator.apiUrl}/cells/`,
      namespace: 'cells',
    });
    app.get('/both', async (request) => {
      const clouds = request.cloudToken as unknown as Named<CloudTokenAccessor>;
      const answers = await Promise.all([
        clouds.words?.fetch('a.docx/statistics'),
        clouds.cells?.fetch('b.xlsx/worksheets'),
      ]);
      return answers.map((answer) => answer?.status);
    });
    const url = await listen(app);
    expect(await (await fetch(`${url}/both`)).json()).toEqual([200, 200]);
    const sources = app.cloudToken as unknown as Named<TokenSource>;
    expect(Object.keys(sources)).toEqual(['words', 'cells']);
    expect(sources.words).not.toBe(sources.cells);
    expect(emulator.stats.tokenRequests.issued).toBe(2);
    expect(emulator.stats.apiRequestLog.map((record) => record.url).sort()).toEqual([
      '/v4.0/cells/b.xlsx/worksheets',
      '/v4.0/words/a.docx/statistics',
    ]);
  });

  it('refuses a second registration without a namespace, and a namespace taken twice', async () => {
    const options = { ...emulatorCredentials(emulator), baseUrl: baseUrl() };
    const plain = newApp();
    await plain.register(cloudToken, options);
    await expect(plain.register(cloudToken, options)).rejects.toMatchObject({ code: 'ERR_USAGE' });
    const named = newApp();
    await named.register(cloudToken, { ...options, namespace: 'words' });
    await expect(named.register(cloudToken, { ...options, namespace: 'words' })).rejects.toThrow(
      'cloudToken.words is registered twice',
    );
    await expect(named.register(cloudToken, options)).rejects.toMatchObject({ code: 'ERR_USAGE' });
  });

  it('reads a route config: false opts out, prefetch gets the token first, a typo is refused', async () => {
    const app = newApp();
    await app.register(cloudToken, { ...emulatorCredentials(emulator), baseUrl: baseUrl() });
    app.get('/lazy', async () => 'lazy');
    app.get('/early', { config: { cloudToken: { prefetch: true } } }, async () => 'early');
    app.get('/out', { config: { cloudToken: false } }, async (request) => request.cloudToken);
    expect(() =>
      app.get('/typo', { config: { cloudToken: { prefech: true } as never } }, async () => ''),
    ).toThrow('did you mean "config.cloudToken.prefetch"?');
    const url = await listen(app);
    expect(await (await fetch(`${url}/lazy`)).text()).toBe('lazy');
    expect(emulator.stats.tokenRequests.total).toBe(0);
    expect(await (await fetch(`${url}/early`)).text()).toBe('early');
    expect(emulator.stats.tokenRequests.total).toBe(1);
    const out = await fetch(`${url}/out`);
    expect(out.status).toBe(500);
    expect(await out.json()).toMatchObject({ code: 'ERR_USAGE' });
  });

  it("lets a route say prefetch: false where the plugin's prefetch is on", async () => {
    const app = newApp();
    await app.register(cloudToken, {
      ...emulatorCredentials(emulator),
      baseUrl: baseUrl(),
      prefetch: true,
    });
    app.get('/quiet', { config: { cloudToken: { prefetch: false } } }, async () => 'quiet');
    app.get('/default', async () => 'default');
    const url = await listen(app);
    await (await fetch(`${url}/quiet`)).text();
    expect(emulator.stats.tokenRequests.total).toBe(0);
    await (await fetch(`${url}/default`)).text();
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });

  it('says where request.cloudToken is missing: a route declared before the plugin', async () => {
    const app = newApp();
    app.get('/before', async (request) => request.cloudToken.getToken());
    await app.register(cloudToken, { ...emulatorCredentials(emulator), baseUrl: baseUrl() });
    const url = await listen(app);
    const answer = await fetch(`${url}/before`);
    expect(answer.status).toBe(500);
    expect(await answer.json()).toMatchObject({
      code: 'ERR_USAGE',
      message: expect.stringContaining('request.cloudToken is not set here'),
    });
  });

  it('gives each tenant its token through credentials(request); app.cloudToken says there is no one source', async () => {
    emulator.control.addClient({ clientId: 'tenant-b', clientSecret: 'tenant-b-secret' });
    const app = newApp();
    await app.register(cloudToken, {
      credentials: (request) =>
        request.headers['x-tenant'] === 'b'
          ? { tokenUrl: emulator.tokenUrl, clientId: 'tenant-b', clientSecret: 'tenant-b-secret' }
          : emulatorCredentials(emulator),
      baseUrl: baseUrl(),
    });
    app.get('/token', async (request) => (await request.cloudToken.getToken()).value);
    const url = await listen(app);
    const read = (tenant: string) =>
      fetch(`${url}/token`, { headers: { 'x-tenant': tenant } }).then((answer) => answer.text());
    const [a1, b1, a2] = await Promise.all([read('a'), read('b'), read('a')]);
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b1);
    expect(emulator.stats.tokenRequests.issued).toBe(2);
    expect(() => app.cloudToken).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
  });

  it('leaves no socket, server or timer behind after app.close(): onClose closes what the plugins made', async () => {
    const baseline = activeResources();
    const pending = new Set<unknown>();
    // An emulator of its own, closed before counting: its sockets are not the app's.
    const own = await startEmulator();
    const app = Fastify();
    try {
      // Every timer the sources start, kept until it fires or is cleared.
      const clock: Clock = {
        ...systemClock,
        setTimeout(run, ms) {
          const handle = systemClock.setTimeout(() => {
            pending.delete(handle);
            run();
          }, ms);
          pending.add(handle);
          return handle;
        },
        clearTimeout(handle) {
          pending.delete(handle);
          systemClock.clearTimeout(handle);
        },
      };
      const credentials = { ...emulatorCredentials(own), keepWarm: true, clock };
      await app.register(cloudToken, { ...credentials, baseUrl: `${own.apiUrl}/` });
      own.control.addClient({ clientId: 'proxy-client', clientSecret: 'proxy-secret' });
      await app.register(cloudTokenProxy, {
        prefix: '/cloud',
        target: own.apiUrl,
        ...credentials,
        clientId: 'proxy-client',
        clientSecret: 'proxy-secret',
      });
      app.get('/readyz', cloudTokenReadiness(app.cloudToken));
      app.get('/call', async (request) => (await request.cloudToken.fetch('words/a.docx')).status);
      const url = await listen(app);
      const paths = ['/call', '/call', '/cloud/words/b.docx', '/readyz'];
      const answers = await Promise.all(paths.map((path) => fetch(`${url}${path}`)));
      for (const answer of answers) await answer.arrayBuffer();
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      // Two sources, kept warm by a timer each: the plugin's and the proxy's own.
      expect(own.stats.tokenRequests.issued).toBe(2);
      expect(pending.size).toBe(2);
      expect(app.cloudToken.status?.().renewAt).toBeDefined();
    } finally {
      await app.close();
      await own.close();
    }
    expect(pending.size).toBe(0);
    // Sockets and servers: Node's count of the process's timers includes the runner's.
    const { Timeout: _timers, ...left } = await resourcesLeftBeyond(baseline);
    expect(left).toEqual({});
  });
});
