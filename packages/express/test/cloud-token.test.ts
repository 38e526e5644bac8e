import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { cloudToken, getCloudToken } from '@cloud-token/express';
import type { NextFunction, Request, Response } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expressVersions, type RunningApp, startApp } from './support/start-app.js';

const secret = 'emulator-secret';

/** An Express 4-safe route: it hands its own failures to next(). */
async function wordsRoute(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const answer = await getCloudToken(req).fetch('words/x');
    res.status(answer.status).json(await answer.json());
  } catch (error) {
    next(error);
  }
}

describe.each(expressVersions)('cloudToken() with %s', (_name, express) => {
  let emulator: Emulator;
  let running: RunningApp | undefined;
  let closeMiddleware: (() => void) | undefined;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    closeMiddleware?.();
    closeMiddleware = undefined;
    await running?.close();
    running = undefined;
    emulator.control.reset();
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function serve(options: { prefetch?: boolean; clientSecret?: string } = {}) {
    const middleware = cloudToken({
      tokenUrl: emulator.tokenUrl,
      clientId: 'emulator-client',
      clientSecret: options.clientSecret ?? secret,
      baseUrl: emulator.apiUrl,
      ...(options.prefetch === undefined ? {} : { prefetch: options.prefetch }),
    });
    closeMiddleware = middleware.close;
    const app = express();
    app.use(middleware);
    app.get('/words', wordsRoute);
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    running = await startApp(app);
    return running.url;
  }

  it('serves 300 concurrent requests with one token request', async () => {
    const url = await serve();
    const answers = await Promise.all(
      Array.from({ length: 300 }, () => fetch(`${url}/words`).then(async (r) => r.status)),
    );
    expect(answers.filter((status) => status === 200)).toHaveLength(300);
    expect(emulator.stats.tokenRequests.total).toBe(1);
    expect(emulator.stats.apiRequests.total).toBe(300);
    const tokens = new Set(emulator.stats.apiRequestLog.map((record) => record.jti));
    expect(tokens.size).toBe(1);
    expect(emulator.stats.apiRequestLog.every((record) => record.url === '/v4.0/words/x')).toBe(
      true,
    );
  });

  it('asks for no token when no route asks for one', async () => {
    const url = await serve();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${url}/health`).then((r) => r.text())),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, () => 'ok'));
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  it('answers 502 without the secret when the credentials are rejected', async () => {
    const url = await serve({ clientSecret: 'wrong-secret-value' });
    const answer = await fetch(`${url}/words`);
    const body = await answer.text();
    expect(answer.status).toBe(502);
    expect(body).not.toContain('wrong-secret-value');
    expect(body).not.toContain(secret);
    expect(emulator.stats.tokenRequests.rejected).toBe(1);
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it('answers 503 with Retry-After when the token endpoint rate limits', async () => {
    const url = await serve();
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const answer = await fetch(`${url}/words`);
    const body = await answer.text();
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('120');
    expect(body).not.toContain(secret);
    // The cooldown holds every later caller back without another token request.
    const again = await fetch(`${url}/words`);
    await again.text();
    expect(again.status).toBe(503);
    expect(emulator.stats.tokenRequests.total).toBe(1);
  });

  describe('with prefetch', () => {
    it('obtains the token before the route runs', async () => {
      const url = await serve({ prefetch: true });
      const answer = await fetch(`${url}/health`);
      expect(await answer.text()).toBe('ok');
      expect(emulator.stats.tokenRequests.issued).toBe(1);
    });

    it('hands token failures to next(err) from the middleware itself', async () => {
      const middleware = cloudToken({
        tokenUrl: emulator.tokenUrl,
        clientId: 'emulator-client',
        clientSecret: 'wrong-secret-value',
        prefetch: true,
      });
      closeMiddleware = middleware.close;
      const app = express();
      let routeRan = false;
      // An async route that would leave a rejection unhandled in Express 4: it must never run.
      app.get('/report', middleware, async (_req, res) => {
        routeRan = true;
        res.send('ran');
      });
      running = await startApp(app);
      const answer = await fetch(`${running.url}/report`);
      const body = await answer.text();
      expect(answer.status).toBe(502);
      expect(body).not.toContain('wrong-secret-value');
      expect(routeRan).toBe(false);
    });
  });
});
