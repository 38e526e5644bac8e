import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { sendRawRequest, useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken, getCloudToken, sendCloudAnswer } from '@cloud-token/koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

describe.each(koaVersions)('sendCloudAnswer() with %s', (_name, Koa) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  it('sends the cloud’s binary answer byte for byte, with its status and safe headers', async () => {
    const app = new Koa()
      .use(
        apps.closeAfterTest(
          cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
        ),
      )
      .use(async (ctx) => {
        const answer = await getCloudToken(ctx).fetch('storage/file/doc.bin', {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream' },
          body: Readable.toWeb(ctx.req) as ReadableStream,
          duplex: 'half',
        } as RequestInit);
        await sendCloudAnswer(ctx, answer);
      });
    const url = await apps.listen(app);
    const body = randomBytes(200 * 1024);
    const answer = await sendRawRequest(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['x-emulator-jti']).toBeDefined();
    expect(answer.body.equals(body)).toBe(true);
  });

  it('passes a 429 on with its Retry-After', async () => {
    const app = new Koa()
      .use(
        apps.closeAfterTest(
          cloudToken({
            ...emulatorCredentials(emulator),
            baseUrl: emulator.apiUrl,
            rateLimitRetries: 0,
          }),
        ),
      )
      .use(async (ctx) => {
        await sendCloudAnswer(ctx, await getCloudToken(ctx).fetch('words/x'));
      });
    const url = await apps.listen(app);
    emulator.control.failApiRequests(1, { status: 429, retryAfter: '30' });
    const answer = await sendRawRequest(url);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('30');
  });
});
