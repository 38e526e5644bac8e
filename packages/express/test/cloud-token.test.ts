import { useAppsPerTest } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { clientCredentials, cloudToken, createTokenSource } from '@cloud-token/express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expressVersions } from './support/express-versions.js';
import { relayCloudFetch } from './support/relay-cloud-fetch.js';

const secret = DEFAULT_CLIENT_SECRET;

describe.each(expressVersions)('cloudToken() with %s', (_name, express) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  async function serve(options: { prefetch?: boolean; clientSecret?: string } = {}) {
    const middleware = cloudToken({
      ...emulatorCredentials(emulator),
      clientSecret: options.clientSecret ?? secret,
      baseUrl: emulator.apiUrl,
      ...(options.prefetch === undefined ? {} : { prefetch: options.prefetch }),
    });
    const app = express();
    app.use(apps.closeAfterTest(middleware));
    app.get('/words', relayCloudFetch('words/x'));
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    return apps.listen(app);
  }

  it('gives a route fetch for a source that carries its API base, as createAuthorizedFetch(source) would', async () => {
    const source = createTokenSource(
      clientCredentials({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
    );
    const app = express();
    app.use(apps.closeAfterTest(cloudToken({ source })));
    app.get('/words', relayCloudFetch('words/x'));
    const url = await apps.listen(app);
    try {
      expect((await fetch(`${url}/words`)).status).toBe(200);
      expect(emulator.stats.apiRequestLog.map((record) => record.hadAuthorization)).toEqual([true]);
    } finally {
      source.close();
    }
  });

  it('asks for no token when no route asks for one', async () => {
    const url = await serve();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${url}/health`).then((r) => r.text())),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, () => 'ok'));
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });

  describe('with prefetch', () => {
    it('obtains the token before the route runs', async () => {
      const url = await serve({ prefetch: true });
      const answer = await fetch(`${url}/health`);
      expect(await answer.text()).toBe('ok');
      expect(emulator.stats.tokenRequests.issued).toBe(1);
    });

    it('hands token failures to next(err) from the middleware itself', async () => {
      const middleware = apps.closeAfterTest(
        cloudToken({
          ...emulatorCredentials(emulator),
          clientSecret: 'wrong-secret-value',
          prefetch: true,
        }),
      );
      const app = express();
      let routeRan = false;
      // An async route that would leave a rejection unhandled in Express 4: it must never run.
      app.get('/report', middleware, async (_req, res) => {
        routeRan = true;
        res.send('ran');
      });
      const url = await apps.listen(app);
      const answer = await fetch(`${url}/report`);
      const body = await answer.text();
      expect(answer.status).toBe(502);
      expect(body).not.toContain('wrong-secret-value');
      expect(routeRan).toBe(false);
    });
  });
});
