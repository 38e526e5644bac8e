import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from '../support/run-script.js';

describe('systemClock timers in a script that holds no other handle', () => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const env = (): Record<string, string> => ({
    TOKEN_URL: emulator.tokenUrl,
    API_URL: emulator.apiUrl,
    CLIENT_ID: DEFAULT_CLIENT_ID,
    CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
  });

  it('issue 9 item 1: a first token request answered 503 is retried after the backoff and the script runs to its end', async () => {
    emulator.control.failTokenRequests(1, { kind: 'status', status: 503 });
    const outcome = await runScript('token-after-503.ts', env());
    expect(outcome.stdout, outcome.stderr).toBe('got a Bearer token\n');
    expect(outcome.code).toBe(0);
    expect(emulator.stats.tokenRequests.total).toBe(2);
    expect(emulator.stats.tokenRequests.issued).toBe(1);
  }, 30_000);

  it('issue 9 item 1: an API call answered 429 Retry-After: 1 is retried after the wait and the script runs to its end', async () => {
    emulator.control.failApiRequests(1, { status: 429, retryAfter: '1' });
    const outcome = await runScript('fetch-after-429.ts', env());
    expect(outcome.stdout, outcome.stderr).toBe('answered 200\n');
    expect(outcome.code).toBe(0);
    expect(emulator.stats.apiRequests.byStatus[429]).toBe(1);
    expect(emulator.stats.apiRequests.byStatus[200]).toBe(1);
  }, 30_000);
});
