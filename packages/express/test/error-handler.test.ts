import type { IncomingMessage, ServerResponse } from 'node:http';
import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  CloudTokenError,
  cloudToken,
  cloudTokenErrorHandler,
  RateLimitedError,
} from '@cloud-token/express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expressVersions } from './support/express-versions.js';
import { relayCloudFetch } from './support/relay-cloud-fetch.js';

describe.each(expressVersions)('cloudTokenErrorHandler() with %s', (_name, express) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  async function serve(
    handlerOptions?: Parameters<typeof cloudTokenErrorHandler>[0],
    clientSecret = 'emulator-secret',
  ) {
    const middleware = cloudToken({
      ...emulatorCredentials(emulator),
      clientSecret,
      baseUrl: emulator.apiUrl,
    });
    const app = express();
    app.use(apps.closeAfterTest(middleware));
    app.get('/words', relayCloudFetch('words/x'));
    app.get('/plain-error', () => {
      throw new Error('not ours');
    });
    app.use(cloudTokenErrorHandler(handlerOptions));
    return apps.listen(app);
  }

  it('answers a rate-limited token endpoint as problem+json with Retry-After', async () => {
    const url = await serve();
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const answer = await fetch(`${url}/words`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('120');
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const text = await answer.text();
    expect(text).not.toContain('emulator-secret');
    expect(JSON.parse(text)).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The cloud API is rate limiting this service; try again after the Retry-After delay.',
      code: 'ERR_RATE_LIMITED',
    });
  });

  it('answers rejected credentials as a 502 problem without the secret, logging the details', async () => {
    const logged: Array<Record<string, unknown> | undefined> = [];
    const url = await serve(
      {
        problemType: (code) => `https://docs.example.test/problems/${code.toLowerCase()}`,
        logger: { error: (_message, fields) => logged.push(fields) },
      },
      'wrong-secret-value',
    );
    const answer = await fetch(`${url}/words`);
    const text = await answer.text();
    expect(answer.status).toBe(502);
    expect(text).not.toContain('wrong-secret-value');
    expect(JSON.parse(text)).toMatchObject({
      type: 'https://docs.example.test/problems/err_credentials_rejected',
      title: 'Cloud API credentials rejected',
      status: 502,
      code: 'ERR_CREDENTIALS_REJECTED',
    });
    expect(logged).toEqual([expect.objectContaining({ code: 'ERR_CREDENTIALS_REJECTED' })]);
    expect(JSON.stringify(logged)).not.toContain('wrong-secret-value');
  });

  it('passes other errors on to the next error handler', async () => {
    const url = await serve();
    const answer = await fetch(`${url}/plain-error`);
    await answer.text();
    expect(answer.status).toBe(500);
    expect(answer.headers.get('content-type')).not.toContain('problem+json');
  });
});

describe('cloudTokenErrorHandler() unit', () => {
  function fakeResponse(headersSent: boolean) {
    const written: { status?: number; ended: boolean } = { ended: false };
    const res = {
      headersSent,
      set statusCode(status: number) {
        written.status = status;
      },
      setHeader: () => res,
      end: () => {
        written.ended = true;
      },
    } as unknown as ServerResponse;
    return { res, written };
  }

  it('passes a cloud-token error on when the response has already started', () => {
    const { res, written } = fakeResponse(true);
    const forwarded: unknown[] = [];
    const error = new RateLimitedError(1_000, Date.now() + 1_000);
    cloudTokenErrorHandler()(error, {} as IncomingMessage, res, (next) => forwarded.push(next));
    expect(forwarded).toEqual([error]);
    expect(written.ended).toBe(false);
  });

  it('answers with the status of any cloud-token error', () => {
    const { res, written } = fakeResponse(false);
    const forwarded: unknown[] = [];
    const error = new CloudTokenError('ERR_USAGE', 'mount it first');
    cloudTokenErrorHandler()(error, {} as IncomingMessage, res, (next) => forwarded.push(next));
    expect(forwarded).toEqual([]);
    expect(written).toEqual({ status: 500, ended: true });
  });

  it.each([
    [null, 'options'],
    [{ problemType: 'https://x' }, 'problemType'],
    [{ logger: 'console' }, 'logger'],
  ])('rejects invalid options %o at creation', (options, option) => {
    expect(() => cloudTokenErrorHandler(options as never)).toThrowError(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option }),
    );
  });
});
