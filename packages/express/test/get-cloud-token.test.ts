import type { IncomingMessage } from 'node:http';
import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken, getCloudToken, isCloudTokenError } from '@cloud-token/express';
import type { ErrorRequestHandler } from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expressVersions } from './support/express-versions.js';

describe('getCloudToken(req) without the middleware', () => {
  it('throws ERR_USAGE synchronously, naming the fix', () => {
    let thrown: unknown;
    try {
      getCloudToken({} as IncomingMessage);
    } catch (error) {
      thrown = error;
    }
    expect(isCloudTokenError(thrown, 'ERR_USAGE')).toBe(true);
    expect((thrown as Error).message).toContain('mount cloudToken() before this route');
  });
});

describe.each(expressVersions)('getCloudToken(req) with %s', (_name, express) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  function middleware(extra: { baseUrl?: string } = {}) {
    return apps.closeAfterTest(cloudToken({ ...emulatorCredentials(emulator), ...extra }));
  }

  it('reaches next(err) as ERR_USAGE where the middleware is not mounted', async () => {
    const app = express();
    let forwarded: unknown;
    app.get('/unmounted', (req, res) => {
      res.json(getCloudToken(req));
    });
    const recordError: ErrorRequestHandler = (error, _req, res, _next) => {
      forwarded = error;
      res.sendStatus(500);
    };
    app.use(recordError);
    const url = await apps.listen(app);
    const answer = await fetch(`${url}/unmounted`);
    await answer.text();
    expect(answer.status).toBe(500);
    expect(isCloudTokenError(forwarded, 'ERR_USAGE')).toBe(true);
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  it('gives a token and a destructurable fetch; a caller signal still aborts', async () => {
    const app = express();
    app.use(middleware({ baseUrl: emulator.apiUrl }));
    app.get('/both', async (req, res, next) => {
      try {
        const { getToken, fetch: cloudFetch } = getCloudToken(req);
        const token = await getToken();
        const echoed = (await (await cloudFetch('words/both')).json()) as { jti: string };
        const aborted = await cloudFetch('words/never', { signal: AbortSignal.abort() }).then(
          () => 'sent',
          (error: Error) => error.name,
        );
        res.json({ type: token.type, jti: echoed.jti, aborted });
      } catch (error) {
        next(error);
      }
    });
    const url = await apps.listen(app);
    const body = (await (await fetch(`${url}/both`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'Bearer', aborted: 'AbortError' });
    expect(typeof body.jti).toBe('string');
    expect(emulator.stats.tokenRequests.total).toBe(1);
    expect(emulator.stats.apiRequestLog.map((record) => record.url)).toEqual(['/v4.0/words/both']);
  });

  it('rejects fetch with ERR_USAGE when no baseUrl or allowedOrigins was given', async () => {
    const app = express();
    app.use(middleware());
    app.get('/no-policy', async (req, res) => {
      const outcome = await getCloudToken(req)
        .fetch(`${emulator.apiUrl}/words/x`)
        .then(
          () => 'sent',
          (error: unknown) => (isCloudTokenError(error) ? error.code : 'other'),
        );
      res.send(outcome);
    });
    const url = await apps.listen(app);
    expect(await (await fetch(`${url}/no-policy`)).text()).toBe('ERR_USAGE');
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it("leaves another library's req.cloudToken alone and still finds the accessor", async () => {
    const app = express();
    app.use((req, _res, next) => {
      (req as { cloudToken?: unknown }).cloudToken = 'another library';
      next();
    });
    app.use(middleware({ baseUrl: emulator.apiUrl }));
    app.get('/taken', async (req, res, next) => {
      try {
        const answer = await getCloudToken(req).fetch('words/taken');
        res.json({ name: (req as { cloudToken?: unknown }).cloudToken, status: answer.status });
      } catch (error) {
        next(error);
      }
    });
    const url = await apps.listen(app);
    expect(await (await fetch(`${url}/taken`)).json()).toEqual({
      name: 'another library',
      status: 200,
    });
    expect(emulator.stats.apiRequestLog.map((record) => record.url)).toEqual(['/v4.0/words/taken']);
  });

  it('lets an inner mount replace an outer one, under the name and for getCloudToken', async () => {
    const outer = middleware({ baseUrl: emulator.apiUrl });
    const inner = middleware({ baseUrl: emulator.apiUrl });
    const app = express();
    let seenByOuter: unknown;
    app.use(outer, (req, _res, next) => {
      seenByOuter = getCloudToken(req);
      next();
    });
    app.get('/nested', inner, (req, res) => {
      const named = (req as { cloudToken?: unknown }).cloudToken;
      res.json({ replaced: named !== seenByOuter, same: named === getCloudToken(req) });
    });
    const url = await apps.listen(app);
    expect(await (await fetch(`${url}/nested`)).json()).toEqual({ replaced: true, same: true });
  });
});
