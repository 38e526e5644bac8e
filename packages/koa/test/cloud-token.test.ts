import { inspect } from 'node:util';
import { createFakeClock, useAppsPerTest } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  clientCredentials,
  cloudToken,
  createTokenSource,
  getCloudToken,
  type TokenSource,
} from '@cloud-token/koa';
import type { Context } from 'koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

const secret = DEFAULT_CLIENT_SECRET;

/** A promise with its resolve function, to hear from inside a handler. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Lets queued callbacks run (Koa reports errors after the handler settles). */
async function drainCallbacks(): Promise<void> {
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe.each(koaVersions)('cloudToken() with %s', (_name, Koa) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Relays the cloud's echo of `words/x` as the answer. */
  async function relay(ctx: Context): Promise<void> {
    const answer = await getCloudToken(ctx).fetch('words/x');
    ctx.status = answer.status;
    ctx.body = await answer.json();
  }

  it('gives a handler fetch for a source that carries its API base, as createAuthorizedFetch(source) would', async () => {
    const source = createTokenSource(
      clientCredentials({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
    );
    const app = new Koa().use(apps.closeAfterTest(cloudToken({ source }))).use(relay);
    const url = await apps.listen(app);
    try {
      expect((await fetch(`${url}/`)).status).toBe(200);
      expect(emulator.stats.apiRequestLog.map((record) => record.hadAuthorization)).toEqual([true]);
    } finally {
      source.close();
    }
  });

  it('serves 300 concurrent requests with one token request, and again after expiry', async () => {
    const clock = createFakeClock(Date.now());
    const middleware = cloudToken({
      ...emulatorCredentials(emulator),
      baseUrl: emulator.apiUrl,
      clock,
    });
    const app = new Koa().use(apps.closeAfterTest(middleware)).use(relay);
    const url = await apps.listen(app);
    const burst = () =>
      Promise.all(Array.from({ length: 300 }, () => fetch(`${url}/`).then((r) => r.status)));

    expect((await burst()).filter((status) => status === 200)).toHaveLength(300);
    expect(emulator.stats.tokenRequests.total).toBe(1);

    const day = 86_400_000;
    emulator.control.advanceTime(day + 60_000);
    await clock.advance(day + 60_000);
    expect((await burst()).filter((status) => status === 200)).toHaveLength(300);
    expect(emulator.stats.tokenRequests.total).toBe(2);
    expect(new Set(emulator.stats.apiRequestLog.map((record) => record.jti)).size).toBe(2);
  });

  it('asks for no token when no handler asks for one', async () => {
    const app = new Koa()
      .use(apps.closeAfterTest(cloudToken(emulatorCredentials(emulator))))
      .use((ctx) => {
        ctx.body = 'ok';
      });
    const url = await apps.listen(app);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(url).then((r) => r.text())),
    );
    expect(answers.every((text) => text === 'ok')).toBe(true);
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  it('puts the accessor on ctx.state under the configured key, and prefetches', async () => {
    const middleware = cloudToken({
      ...emulatorCredentials(emulator),
      stateKey: 'cloud',
      prefetch: true,
    });
    const app = new Koa().use(apps.closeAfterTest(middleware)).use((ctx) => {
      ctx.body = {
        sameAccessor: ctx.state.cloud === getCloudToken(ctx),
        tokenRequestsBeforeHandler: emulator.stats.tokenRequests.issued,
      };
    });
    const url = await apps.listen(app);
    expect(await (await fetch(url)).json()).toEqual({
      sameAccessor: true,
      tokenRequestsBeforeHandler: 1,
    });
  });

  it('answers 503 with Retry-After through Koa, with no secret anywhere', async () => {
    const printed: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    const app = new Koa()
      .use(
        apps.closeAfterTest(
          cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
        ),
      )
      .use(relay);
    const reported: unknown[] = [];
    app.on('error', (error: unknown) => reported.push(error));
    const url = await apps.listen(app);
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });

    const answer = await fetch(url);
    const body = await answer.text();
    await drainCallbacks();

    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('120');
    expect(body).not.toContain(secret);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ code: 'ERR_RATE_LIMITED', expose: false });
    expect(inspect(reported[0], { depth: 10 })).not.toContain(secret);
    expect(JSON.stringify(reported[0])).not.toContain(secret);
    expect(inspect(printed, { depth: 10 })).not.toContain(secret);
  });

  it('prints no secret to stderr through Koa’s default error handler', async () => {
    const printed: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    const app = new Koa()
      .use(
        apps.closeAfterTest(
          cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
        ),
      )
      .use(relay);
    const url = await apps.listen(app);
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const answer = await fetch(url);
    await answer.text();
    await drainCallbacks();
    expect(answer.status).toBe(503);
    expect(printed.length).toBeGreaterThan(0);
    expect(inspect(printed, { depth: 10 })).not.toContain(secret);
  });

  it('gives two tenants their own tokens: 2 × 500 interleaved calls, each with its tenant’s', async () => {
    emulator.control.addClient({ clientId: 'tenant-b', clientSecret: 'tenant-b-secret' });
    const middleware = cloudToken({
      credentials: (ctx: Context) =>
        ctx.get('x-tenant') === 'b'
          ? { tokenUrl: emulator.tokenUrl, clientId: 'tenant-b', clientSecret: 'tenant-b-secret' }
          : emulatorCredentials(emulator),
      maxTenants: 2,
      baseUrl: emulator.apiUrl,
    });
    const app = new Koa().use(apps.closeAfterTest(middleware)).use(relay);
    const url = await apps.listen(app);
    const tenants = Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? 'a' : 'b'));
    const echoes = await Promise.all(
      tenants.map((tenant) =>
        fetch(url, { headers: { 'x-tenant': tenant } }).then(
          async (r) => (await r.json()) as { clientId: string; jti: string },
        ),
      ),
    );
    const expected = { a: 'emulator-client', b: 'tenant-b' } as Record<string, string>;
    expect(echoes.every((echo, index) => echo.clientId === expected[tenants[index] ?? ''])).toBe(
      true,
    );
    const jtisOf = (clientId: string) =>
      new Set(echoes.filter((echo) => echo.clientId === clientId).map((echo) => echo.jti));
    expect(jtisOf('emulator-client').size).toBe(1);
    expect(jtisOf('tenant-b').size).toBe(1);
    // Both tenants fit the pool of 2: no source was evicted and made again.
    expect(emulator.stats.tokenRequests.total).toBe(2);
    expect(middleware.tenants).toBe(2);
  });

  it('keeps the tenant pool within maxTenants', async () => {
    for (const id of ['t1', 't2', 't3']) {
      emulator.control.addClient({ clientId: id, clientSecret: `${id}-secret` });
    }
    const middleware = cloudToken({
      credentials: (ctx: Context) => ({
        tokenUrl: emulator.tokenUrl,
        clientId: ctx.get('x-tenant'),
        clientSecret: `${ctx.get('x-tenant')}-secret`,
      }),
      maxTenants: 2,
      baseUrl: emulator.apiUrl,
    });
    const app = new Koa().use(apps.closeAfterTest(middleware)).use(relay);
    const url = await apps.listen(app);
    const kept: number[] = [];
    for (const tenant of ['t1', 't2', 't3', 't1', 't2', 't3']) {
      const echo = (await (await fetch(url, { headers: { 'x-tenant': tenant } })).json()) as {
        clientId: string;
      };
      expect(echo.clientId).toBe(tenant);
      kept.push(middleware.tenants);
    }
    expect(kept).toEqual([1, 2, 2, 2, 2, 2]);
  });

  it('lets code below a handler reach the accessor through app.currentContext', async () => {
    const app = new Koa({ asyncLocalStorage: true });
    const deepDown = async () => (await getCloudToken(app.currentContext).getToken()).type;
    app.use(apps.closeAfterTest(cloudToken(emulatorCredentials(emulator))));
    app.use(async (ctx) => {
      await new Promise((resolve) => setImmediate(resolve));
      ctx.body = await deepDown();
    });
    const url = await apps.listen(app);
    expect(await (await fetch(url)).text()).toBe('Bearer');
  });

  it('issue 9: client disconnects abort the cloud call and are reported nowhere', async () => {
    emulator.control.setLatency({ apiMs: 30_000 });
    const printed: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    const started = deferred<void>();
    const outcome = deferred<string>();
    const app = new Koa()
      .use(
        apps.closeAfterTest(
          cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
        ),
      )
      .use(async (ctx) => {
        const pending = getCloudToken(ctx).fetch('words/slow');
        started.resolve();
        await pending.catch((error: Error) => {
          outcome.resolve(error.name);
          throw error;
        });
      });
    const reported: unknown[] = [];
    app.on('error', (error: unknown) => reported.push(error));
    const url = await apps.listen(app);
    const client = new AbortController();
    const request = fetch(url, { signal: client.signal }).catch((error: Error) => error.name);
    await started.promise;
    client.abort();
    expect(await request).toBe('AbortError');
    expect(await outcome.promise).toBe('AbortError');
    await drainCallbacks();
    expect(reported).toEqual([]);
    expect(printed).toEqual([]);
  });

  it.each([
    [{ baseURL: 'https://api.example.com/' }, 'baseURL', 'did you mean "baseUrl"?'],
    [{ stateKey: '' }, 'stateKey', 'non-empty'],
    [{ prefetch: 'yes' }, 'prefetch', 'true or false'],
  ])('rejects %j at creation, naming %s', (extra, option, hint) => {
    let thrown: unknown;
    try {
      cloudToken({ ...emulatorCredentials(emulator), ...extra } as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
    expect((thrown as Error).message).toContain(hint);
    expect((thrown as Error).message).not.toContain(secret);
  });

  it('says why a logger next to a source does nothing', () => {
    const source: TokenSource = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    try {
      expect(() => cloudToken({ source, logger: console } as never)).toThrow(/does nothing here/);
    } finally {
      source.close();
    }
  });
});
