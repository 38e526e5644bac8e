import { useAppsPerTest } from '@cloud-token/core/testing';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  clientCredentials,
  cloudTokenReadiness,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

describe.each(koaVersions)('cloudTokenReadiness() with %s', (_name, Koa) => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const apps = useAppsPerTest({ afterEach });
  const sources: TokenSource[] = [];
  afterEach(() => {
    for (const source of sources.splice(0)) source.close();
  });

  function source(): TokenSource {
    const made = createTokenSource(clientCredentials(emulatorCredentials(cloud.emulator)));
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

  it('answers through Koa: middleware mounted before the handler still runs', async () => {
    // What it answers: the server-adapter conformance suite (cloud-token.conformance.test.ts).
    const answer = await fetch(await serve(source()));
    await answer.arrayBuffer();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-outer')).toBe('seen');
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
