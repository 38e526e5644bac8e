import { inspect } from 'node:util';
import { misroutedPreset, statusesOf, useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  cloudToken,
  cloudTokenErrorHandler,
  getCloudToken,
  isCloudTokenError,
  sendCloudAnswer,
} from '@cloud-token/koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

const wrongSecret = 'wr0ng-s3cret-value';

describe.each(koaVersions)('cloudTokenErrorHandler() without a logger, %s', (_name, Koa) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  /** An app that answers every request with the cloud's statistics, and what its `error` event got. */
  async function serve(options: Parameters<typeof cloudToken>[0], listen = true) {
    const app = new Koa()
      .use(cloudTokenErrorHandler())
      .use(apps.closeAfterTest(cloudToken(options)))
      .use(async (ctx) => {
        await sendCloudAnswer(ctx, await getCloudToken(ctx).fetch('words/report.docx/statistics'));
      });
    const reported: { error: unknown; path: unknown }[] = [];
    if (listen) {
      app.on('error', (error: unknown, ctx: { path?: unknown }) =>
        reported.push({ error, path: ctx?.path }),
      );
    }
    return { url: `${await apps.listen(app)}/words`, reported };
  }

  it("says once, on the app's error event, that the credentials are refused: 100 requests, no secret", async () => {
    const { url, reported } = await serve({
      ...emulatorCredentials(emulator),
      clientSecret: wrongSecret,
      baseUrl: emulator.apiUrl,
    });
    expect(new Set(await statusesOf(url, 100))).toEqual(new Set([502]));
    expect(reported).toEqual([
      { error: expect.objectContaining({ code: 'ERR_CREDENTIALS_REJECTED' }), path: '/words' },
    ]);
    const shown = inspect(reported, { depth: Infinity });
    expect(shown).toContain('invalid_client');
    expect(shown).not.toContain(wrongSecret);
  });

  it('is printed once by Koa itself when nobody listens', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { url } = await serve(
        { ...emulatorCredentials(emulator), clientSecret: wrongSecret, baseUrl: emulator.apiUrl },
        false,
      );
      expect(new Set(await statusesOf(url, 20))).toEqual(new Set([502]));
      const output = printed.mock.calls.map((call) => String(call[0]));
      expect(output).toEqual([expect.stringContaining('CredentialsRejectedError')]);
      expect(output[0]).toContain('invalid_client');
      expect(output[0]).not.toContain(wrongSecret);
    } finally {
      printed.mockRestore();
    }
  });

  it('says once that a preset without a versioned baseUrl misroutes every call, naming the baseUrl to use', async () => {
    const { options, sent } = misroutedPreset(wrongSecret);
    const { url, reported } = await serve(options);
    expect(new Set(await statusesOf(url, 100))).toEqual(new Set([500]));
    expect(reported).toHaveLength(1);
    const [{ error } = { error: undefined }] = reported;
    expect(isCloudTokenError(error, 'ERR_USAGE')).toBe(true);
    expect((error as Error).message).toContain('https://api.aspose.cloud/v4.0/');
    expect(sent).toEqual([]);
  });

  it("says once that a tenant's credentials are misconfigured", async () => {
    const { url, reported } = await serve({
      credentials: () => ({ ...emulatorCredentials(emulator), clientSecret: '' }),
      baseUrl: emulator.apiUrl,
    });
    expect(new Set(await statusesOf(url, 100))).toEqual(new Set([500]));
    expect(reported).toEqual([
      {
        error: expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'clientSecret' }),
        path: '/words',
      },
    ]);
  });
});
