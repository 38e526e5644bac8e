import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  clientCredentials,
  cloudTokenReadiness,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectNotReadyWhenRejected,
  expectNotReadyWhileThrottled,
  expectReadyAfterColdStart,
} from '../../core/test/support/readiness-probes.js';
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
    await expectReadyAfterColdStart(url, cloud.emulator);
    // Koa answers it: middleware mounted before the handler still runs.
    expect((await fetch(url)).headers.get('x-outer')).toBe('seen');
  });

  it('answers 503 with Retry-After while the token endpoint is rate limited, sending no more requests', async () => {
    await expectNotReadyWhileThrottled(await serve(source()), cloud.emulator);
  });

  it('answers 503 for rejected credentials without echoing the secret', async () => {
    await expectNotReadyWhenRejected(await serve(source('wr0ng-s3cret')), 'wr0ng-s3cret');
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
