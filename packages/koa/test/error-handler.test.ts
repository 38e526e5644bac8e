import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken, cloudTokenErrorHandler, getCloudToken } from '@cloud-token/koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

describe.each(koaVersions)('cloudTokenErrorHandler() with %s', (_name, Koa) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  async function serve(handlerOptions?: Parameters<typeof cloudTokenErrorHandler>[0]) {
    const app = new Koa()
      .use(cloudTokenErrorHandler(handlerOptions))
      .use(
        apps.closeAfterTest(
          cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
        ),
      )
      .use(async (ctx) => {
        if (ctx.path === '/plain-error') throw new Error('not ours');
        ctx.body = await (await getCloudToken(ctx).fetch('words/x')).json();
      });
    const reported: unknown[] = [];
    app.on('error', (error: unknown) => reported.push(error));
    return { url: await apps.listen(app), reported };
  }

  it('answers a rate-limited token endpoint as problem+json with Retry-After', async () => {
    const logged: unknown[] = [];
    const { url } = await serve({ logger: { error: (_message, fields) => logged.push(fields) } });
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const answer = await fetch(`${url}/words`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('120');
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await answer.json()).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The cloud API is rate limiting this service; try again after the Retry-After delay.',
      code: 'ERR_RATE_LIMITED',
    });
    expect(logged).toEqual([expect.objectContaining({ code: 'ERR_RATE_LIMITED' })]);
  });

  it('uses the application’s problem types', async () => {
    const { url } = await serve({ problemType: (code) => `https://example.com/problems/${code}` });
    emulator.control.failTokenRequests(1, { kind: 'oauth-error', error: 'invalid_client' });
    const answer = await fetch(`${url}/words`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({
      type: 'https://example.com/problems/ERR_CREDENTIALS_REJECTED',
      title: 'Cloud API credentials rejected',
    });
  });

  it('leaves any other error to Koa', async () => {
    const { url, reported } = await serve();
    const answer = await fetch(`${url}/plain-error`);
    expect(answer.status).toBe(500);
    expect(await answer.text()).toBe('Internal Server Error');
    expect(reported).toEqual([expect.objectContaining({ message: 'not ours' })]);
  });

  it.each([
    [null, 'options'],
    [{ problemType: 'https://x' }, 'problemType'],
    [{ logger: 'console' }, 'logger'],
    [{ loger: console }, 'loger'],
  ])('rejects invalid options %o at creation', (options, option) => {
    expect(() => cloudTokenErrorHandler(options as never)).toThrowError(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option }),
    );
  });
});
