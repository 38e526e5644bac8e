import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { sendRawRequest, useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken, getCloudToken, sendCloudAnswer } from '@cloud-token/express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expressVersions } from './support/express-versions.js';

describe.each(expressVersions)('sendCloudAnswer() with %s', (_name, express) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  async function serve(options: { rateLimitRetries?: number } = {}) {
    const app = express();
    app.use(
      apps.closeAfterTest(
        cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl, ...options }),
      ),
    );
    app.put('/upload', async (req, res, next) => {
      try {
        const answer = await getCloudToken(req).fetch('storage/file/doc.bin', {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream' },
          body: Readable.toWeb(req) as ReadableStream,
          duplex: 'half',
        } as RequestInit);
        await sendCloudAnswer(res, answer);
      } catch (error) {
        next(error);
      }
    });
    app.get('/words', async (req, res, next) => {
      try {
        await sendCloudAnswer(res, await getCloudToken(req).fetch('words/x'));
      } catch (error) {
        next(error);
      }
    });
    return apps.listen(app);
  }

  it('sends the cloud’s binary answer byte for byte, with its status and headers', async () => {
    const url = await serve();
    const body = randomBytes(200 * 1024);
    const answer = await sendRawRequest(`${url}/upload`, {
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
    const url = await serve({ rateLimitRetries: 0 });
    emulator.control.failApiRequests(1, { status: 429, retryAfter: '30' });
    const answer = await sendRawRequest(`${url}/words`);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('30');
  });
});
