import type { Emulator } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** The client the tests' processes use: a secret no other text contains, so finding it in output means a leak. */
export const CLIENT_ID = 'cli-test-client';
export const CLIENT_SECRET = 'cli-test-secret-7f3a9c1d';

/** The emulator of a test file, and the environment a `cloud-token` process needs to use it. */
export interface CliCloud {
  readonly emulator: Emulator;
  /** `CLOUD_TOKEN_URL`, `CLOUD_TOKEN_CLIENT_ID` and `CLOUD_TOKEN_CLIENT_SECRET` for the emulator, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/** One emulator per test file (reset before each test) with the tests' client registered. */
export function useCliCloud(): CliCloud {
  const fixture = useEmulator(
    { beforeAll, beforeEach, afterAll },
    { emulator: { clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] } },
  );
  return {
    get emulator() {
      return fixture.emulator;
    },
    env(extra = {}) {
      return {
        CLOUD_TOKEN_URL: fixture.emulator.tokenUrl,
        CLOUD_TOKEN_CLIENT_ID: CLIENT_ID,
        CLOUD_TOKEN_CLIENT_SECRET: CLIENT_SECRET,
        ...extra,
      };
    },
  };
}
