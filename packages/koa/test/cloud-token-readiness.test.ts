import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  clientCredentials,
  cloudTokenReadiness,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useKoaApps } from './support/koa-apps.js';
import { koaVersions } from './support/koa-versions.js';

describe.each(koaVersions)('cloudTokenReadiness() with %s', (_name, Koa) => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const apps = useKoaApps();
  const sources: TokenSource[] = [];
  afterEach(() => {
    for (const source of sources.splice(0)) source.close();
  });

  function source(clientSecret = DEFAULT_CLIENT_SECRET): TokenSource {
    const grant = clientCredentials({ ...emulatorCredentials(cloud.emulator), clientSecret });
    const made = createTokenSource(grant, { retry: { attempts: 1 } });
    sources.push(made);
    return made;
  }

  /** A Koa app answering probes at /readyz, through middleware mounted before it. */
  async function serve(target: TokenSource): Promise<string> {
    const app = new Koa();
    app.use(async (ctx, next) => {
      await next();
      ctx.set('x-outer', 'seen');
    });
    const readiness = cloudTokenReadiness(target, { timeoutMs: 2_000 });
    app.use((ctx, next) => (ctx.path === '/readyz' ? readiness(ctx, next) : next()));
    return `${await apps.listen(app)}/readyz`;
  }

  it('answers 200 on a cold start after one token request, then from the cached token', async () => {
    const url = await serve(source());
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    // Koa answers it: middleware mounted before the handler still runs.
    expect(first.headers.get('x-outer')).toBe('seen');
    const body = (await first.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ready: true, store: 'local' });
    expect(Date.parse(String(body.expiresAt))).toBeGreaterThan(Date.now());
    expect((await fetch(url)).status).toBe(200);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it('answers 503 with Retry-After while the token endpoint is rate limited, sending no more requests', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const url = await serve(source());
    for (const reason of ['ERR_RATE_LIMITED', 'rate-limited']) {
      const answer = await fetch(url);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toMatch(/^1[12]\d$/);
      expect(await answer.json()).toEqual({ ready: false, reason, store: 'local' });
    }
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it('answers 503 for rejected credentials without echoing the secret', async () => {
    const answer = await fetch(await serve(source('wr0ng-s3cret')));
    expect(answer.status).toBe(503);
    const text = await answer.text();
    expect(JSON.parse(text)).toMatchObject({ ready: false, reason: 'ERR_CREDENTIALS_REJECTED' });
    expect(text).not.toContain('wr0ng-s3cret');
  });

  it('checks its arguments when it is created', () => {
    expect(() => cloudTokenReadiness(source(), { timeoutMS: 5 } as never)).toThrowError(
      expect.objectContaining({
        code: 'ERR_INVALID_OPTIONS',
        message: expect.stringContaining('"timeoutMs"'),
      }),
    );
    expect(() => cloudTokenReadiness(undefined as never)).toThrowError(
      expect.objectContaining({
        code: 'ERR_INVALID_OPTIONS',
        message: expect.stringContaining('source'),
      }),
    );
  });
});
