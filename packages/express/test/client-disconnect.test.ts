import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  createTokenSource,
  getCloudToken,
  type TokenSource,
} from '@cloud-token/express';
import type { ErrorRequestHandler } from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { expressVersions } from './support/express-versions.js';

/** A promise with its resolve function, to hear from inside a route. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

// Far longer than the test: if the abort did not reach the upstream call, it would still be waiting.
const upstreamLatencyMs = 30_000;

describe.each(expressVersions)('client disconnect with %s', (_name, express) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  async function serve(use: (call: ReturnType<typeof getCloudToken>) => Promise<unknown>) {
    const middleware = apps.closeAfterTest(
      cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
    );
    const started = deferred<void>();
    const outcome = deferred<string>();
    const app = express();
    app.use(middleware);
    app.get('/slow', (req, res) => {
      const pending = use(getCloudToken(req));
      started.resolve();
      pending.then(
        () => {
          outcome.resolve('completed');
          res.send('done');
        },
        (error: Error) => outcome.resolve(error.name),
      );
    });
    const url = await apps.listen(app);
    return { url, started: started.promise, outcome: outcome.promise };
  }

  async function disconnectDuring(url: string, started: Promise<void>): Promise<void> {
    const client = new AbortController();
    const request = fetch(`${url}/slow`, { signal: client.signal }).catch(
      (error: Error) => error.name,
    );
    await started;
    client.abort();
    expect(await request).toBe('AbortError');
  }

  it('aborts an in-flight fetch when the client disconnects', async () => {
    emulator.control.setLatency({ apiMs: upstreamLatencyMs });
    const { url, started, outcome } = await serve((call) => call.fetch('words/slow'));
    await disconnectDuring(url, started);
    expect(await outcome).toBe('AbortError');
    expect(unhandled).toEqual([]);
  });

  it('aborts a getToken() waiting for the token endpoint', async () => {
    emulator.control.setLatency({ tokenMs: upstreamLatencyMs });
    const { url, started, outcome } = await serve((call) => call.getToken());
    await disconnectDuring(url, started);
    expect(await outcome).toBe('AbortError');
    expect(unhandled).toEqual([]);
  });

  it('leaves a call that finishes before the client leaves alone', async () => {
    const { url, outcome } = await serve((call) => call.fetch('words/fast'));
    const answer = await fetch(`${url}/slow`);
    expect(await answer.text()).toBe('done');
    expect(await outcome).toBe('completed');
    expect(emulator.stats.apiRequests.byStatus[200]).toBe(1);
  });
});

/** Lets queued callbacks run (Express defers its error logging with setImmediate). */
async function drainCallbacks(): Promise<void> {
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe.each(expressVersions)(
  'issue 9: client disconnects are noise with %s',
  (_name, express) => {
    let emulator: Emulator;
    const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
    beforeAll(() => {
      emulator = emulatorFixture.emulator;
    });
    const apps = useAppsPerTest({ afterEach });
    let printed: unknown[][] = [];
    afterEach(() => {
      vi.restoreAllMocks();
    });

    /** A production app (Express prints every error reaching its final handler there). */
    function productionApp() {
      printed = [];
      vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        printed.push(args);
      });
      const app = express();
      app.set('env', 'production');
      return app;
    }

    async function leaveDuring(url: string, started: Promise<unknown>): Promise<void> {
      const client = new AbortController();
      const request = fetch(url, { signal: client.signal }).catch((error: Error) => error.name);
      await started;
      client.abort();
      expect(await request).toBe('AbortError');
    }

    it('issue 9: client disconnects mid-call are logged at debug by cloudTokenErrorHandler, never printed', async () => {
      emulator.control.setLatency({ apiMs: upstreamLatencyMs });
      const started = deferred<void>();
      const forwarded = deferred<void>();
      const debug: string[] = [];
      const app = productionApp();
      app.use(
        apps.closeAfterTest(
          cloudToken({ ...emulatorCredentials(emulator), baseUrl: emulator.apiUrl }),
        ),
      );
      app.get('/slow', async (req, res, next) => {
        try {
          const pending = getCloudToken(req).fetch('words/slow');
          started.resolve();
          await pending;
          res.send('done');
        } catch (error) {
          next(error);
          forwarded.resolve();
        }
      });
      app.use(cloudTokenErrorHandler({ logger: { debug: (message) => debug.push(message) } }));
      const url = await apps.listen(app);
      await leaveDuring(`${url}/slow`, started.promise);
      await forwarded.promise;
      await drainCallbacks();
      expect(debug).toEqual(['cloud-token call aborted: the client disconnected']);
      expect(printed).toEqual([]);
    });

    it('issue 9: client disconnects during a prefetch never reach Express', async () => {
      emulator.control.setLatency({ tokenMs: upstreamLatencyMs });
      const real = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
      const asked = deferred<{ settled: Promise<unknown> }>();
      const source = {
        getToken: (options?: Parameters<TokenSource['getToken']>[0]) => {
          const pending = real.getToken(options);
          asked.resolve({ settled: pending.catch(() => undefined) });
          return pending;
        },
        invalidate: (token: Parameters<TokenSource['invalidate']>[0]) => real.invalidate(token),
        close: () => real.close(),
      } as TokenSource;
      const reached: unknown[] = [];
      const app = productionApp();
      app.use(apps.closeAfterTest(cloudToken({ source, prefetch: true })));
      app.get('/report', (_req, res) => {
        res.send('ran');
      });
      const recordError: ErrorRequestHandler = (error, _req, _res, next) => {
        reached.push(error);
        next(error);
      };
      app.use(recordError);
      const url = await apps.listen(app);
      try {
        await leaveDuring(`${url}/report`, asked.promise);
        await await asked.promise;
        await drainCallbacks();
        expect(reached).toEqual([]);
        expect(printed).toEqual([]);
      } finally {
        real.close();
      }
    });
  },
);
