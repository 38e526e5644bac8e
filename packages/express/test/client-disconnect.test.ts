import type { Emulator } from '@cloud-token/emulator';
import { cloudToken, getCloudToken } from '@cloud-token/express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCredentials } from '../../emulator/test/support/emulator-credentials.js';
import { useEmulator } from '../../emulator/test/support/use-emulator.js';
import { useAppsPerTest } from './support/apps-per-test.js';
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
  useEmulator((running) => {
    emulator = running;
  });
  const apps = useAppsPerTest();
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
