import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Emulator } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { type Clock, systemClock } from '../index.js';
import {
  type RecordingUpstream,
  startRecordingUpstream,
  type UpstreamRequest,
} from './recording-upstream.js';
import type { ConformanceMountSetup, MountedApp } from './server-adapter-conformance.js';
import type { TestApi } from './test-api.js';

/** What one test changes of the setup its app is mounted with. */
export interface MountOverrides {
  readonly baseUrl?: string;
  readonly proxyTarget?: string;
  /** A wrong secret, to see how rejected credentials are answered. */
  readonly clientSecret?: string;
}

/** The suite's cloud, a fresh client for every test, and what each test starts. */
export interface AdapterFixture {
  /** Started once for the suite, reset before each test. */
  readonly emulator: Emulator;
  /** The client of the current test: new for each test, so no token, cooldown or rejection outlives it. */
  readonly clientId: string;
  /** Its secret. */
  readonly clientSecret: string;
  /** Mounts the adapter with the current test's client; the app is closed when the test ends. */
  mount(overrides?: MountOverrides): Promise<MountedApp>;
  /** Starts a recording upstream, closed when the test ends. */
  upstream(
    answer: (request: UpstreamRequest, response: ServerResponse) => void,
  ): Promise<RecordingUpstream>;
}

/**
 * The system clock, except that its timers keep the process alive (`unref`
 * ignored): handed to the adapter, every timer it leaves behind shows up in
 * `process.getActiveResourcesInfo()`.
 */
export const keepAliveClock: Clock = {
  ...systemClock,
  setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms),
};

/** Registers the hooks of the suite's fixture with `test`. */
export function useAdapterFixture(
  test: TestApi,
  mount: (setup: ConformanceMountSetup) => Promise<MountedApp>,
): AdapterFixture {
  const cloud = useEmulator(test);
  let clientId = '';
  let clientSecret = '';
  const cleanups: (() => Promise<void>)[] = [];

  test.beforeEach(() => {
    clientId = `conformance-client-${randomUUID()}`;
    clientSecret = `conformance-secret-${randomUUID()}`;
    cloud.emulator.control.addClient({ clientId, clientSecret });
  });
  test.afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  return {
    get emulator() {
      return cloud.emulator;
    },
    get clientId() {
      return clientId;
    },
    get clientSecret() {
      return clientSecret;
    },
    async mount(overrides = {}) {
      const { emulator } = cloud;
      const app = await mount({
        credentials: {
          tokenUrl: emulator.tokenUrl,
          clientId,
          clientSecret: overrides.clientSecret ?? clientSecret,
        },
        baseUrl: overrides.baseUrl ?? emulator.apiUrl,
        proxyTarget: overrides.proxyTarget ?? emulator.apiUrl,
        clock: keepAliveClock,
      });
      cleanups.push(() => app.close());
      return app;
    },
    async upstream(answer) {
      const upstream = await startRecordingUpstream(answer);
      cleanups.push(() => upstream.close());
      return upstream;
    },
  };
}
