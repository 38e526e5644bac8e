import {
  type AccessToken,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { emulatorCredentials } from '@cloud-token/emulator/testing';
import { describe, expect, it, vi } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { requestScopedRuntime } from '../support/request-scoped-runtime.js';

const cloud = useEmulatorSources();
const HERD = 50;

/** Short timeouts, so that the stall budget (timeout + backoff cap + 3 store timeouts + 1 s) is 3.4 s. */
const quick: TokenSourceOptions = {
  timeoutMs: 2_000,
  retry: { attempts: 1, baseDelayMs: 50, maxDelayMs: 100 },
  storeTimeoutMs: 100,
};

function sourceOn(runtime: ReturnType<typeof requestScopedRuntime>, options = quick): TokenSource {
  const source = createTokenSource(clientCredentials(emulatorCredentials(cloud.emulator)), {
    ...options,
    clock: runtime.clock,
    fetch: runtime.fetch,
  });
  cloud.opened.push(source);
  return source;
}

/** Resolves once the emulator has received `count` token requests. */
async function tokenRequestsReached(count: number): Promise<void> {
  await vi.waitFor(() => {
    expect(cloud.emulator.stats.tokenRequests.total).toBeGreaterThanOrEqual(count);
  });
}

describe('createTokenSource with a request context (Cloudflare Workers)', () => {
  it(`sends one token request for a herd of ${HERD} requests; the one that started it hands it to waitUntil`, async () => {
    const runtime = requestScopedRuntime();
    const source = sourceOn(runtime);
    const requests = Array.from({ length: HERD }, () =>
      runtime.request((context) => source.getToken({ context })),
    );
    const tokens = await Promise.all(requests.map((request) => request.result));
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(requests.map((request) => request.waitUntilCalls)).toEqual([
      1,
      ...Array.from({ length: HERD - 1 }, () => 0),
    ]);
  });

  it('serves every other request when the request that started the token request is cancelled: waitUntil keeps it alive, 1 token request', async () => {
    const runtime = requestScopedRuntime();
    const source = sourceOn(runtime);
    cloud.emulator.control.setLatency({ tokenMs: 400 });
    const starter = runtime.request((context) => source.getToken({ context }));
    await tokenRequestsReached(1);
    const waiters = Array.from({ length: HERD }, () =>
      runtime.request((context) => source.getToken({ context })),
    );
    starter.cancel();
    const tokens = await Promise.all(waiters.map((waiter) => waiter.result));
    expect(tokens).toHaveLength(HERD);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it('serves every other request when the starter gave no waitUntil and was cancelled: their own deadline starts one new token request, 0 hung, and the log says why', async () => {
    const runtime = requestScopedRuntime();
    const warnings: string[] = [];
    const source = sourceOn(runtime, {
      ...quick,
      logger: { warn: (message) => void warnings.push(message) },
    });
    cloud.emulator.control.setLatency({ tokenMs: 400 });
    // The starter calls without a context (say, code of its own outside the middleware).
    const starter = runtime.request(() => source.getToken());
    await tokenRequestsReached(1);
    const waiters = Array.from({ length: HERD }, () =>
      runtime.request((context) => source.getToken({ context })),
    );
    starter.cancel();
    const settled = await Promise.allSettled(waiters.map((waiter) => waiter.result));
    expect(settled.map((outcome) => outcome.status)).toEqual(
      Array.from({ length: HERD }, () => 'fulfilled'),
    );
    const values = new Set(
      settled.map((outcome) => (outcome as PromiseFulfilledResult<AccessToken>).value.value),
    );
    expect(values.size).toBe(1);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(2);
    expect(warnings.filter((message) => message.includes('took no step'))).toHaveLength(1);
  });

  it('waits on, without a second token request, while the shared one keeps taking steps (a retry after a timeout)', async () => {
    const runtime = requestScopedRuntime();
    const source = sourceOn(runtime, {
      timeoutMs: 300,
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 50 },
      storeTimeoutMs: 50,
    });
    // Two attempts time out before the third succeeds: longer than the stall budget (300 + 50 +
    // 150 + 1000 = 1.5 s) in all, but each attempt is a step, so nobody gives up on it.
    cloud.emulator.control.failTokenRequests(2, { kind: 'hang' });
    const waiters = Array.from({ length: 10 }, () =>
      runtime.request((context) => source.getToken({ context })),
    );
    const tokens = await Promise.all(waiters.map((waiter) => waiter.result));
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(3);
  });

  it('renews in the background under waitUntil when a request finds the renewal window open', async () => {
    const runtime = requestScopedRuntime();
    // A first token that lives a minute, its renewal window open 6 ms after it is issued.
    cloud.emulator.control.failTokenRequests(1, { kind: 'bad-expires-in', value: 60 });
    const source = sourceOn(runtime, {
      ...quick,
      renewal: { maxEarlyMs: 60_000, earlyFraction: 0.9999, jitterMs: 0 },
    });
    await runtime.request((context) => source.getToken({ context })).result;
    await vi.waitFor(() => expect(source.status?.().renewAt).toBeLessThan(Date.now()));
    const later = runtime.request((context) => source.getToken({ context }));
    await later.result;
    expect(later.waitUntilCalls).toBe(1);
    await tokenRequestsReached(2);
  });

  it('refuses a call with a context on a keepWarm source (ERR_USAGE): its timer would die with the request', async () => {
    const runtime = requestScopedRuntime();
    const source = sourceOn(runtime, { ...quick, keepWarm: true });
    await expect(
      runtime.request((context) => source.getToken({ context })).result,
    ).rejects.toMatchObject({ code: 'ERR_USAGE', message: expect.stringContaining('keepWarm') });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
  });

  it('makes no controller, timer or random value when created (what a Workers module scope refuses)', () => {
    const refused = (what: string) => () => {
      throw new Error(`${what} at module scope`);
    };
    const saved = {
      AbortController: globalThis.AbortController,
      setTimeout: globalThis.setTimeout,
      getRandomValues: globalThis.crypto.getRandomValues,
      randomUUID: globalThis.crypto.randomUUID,
    };
    Object.assign(globalThis, {
      AbortController: refused('new AbortController()'),
      setTimeout: refused('setTimeout()'),
    });
    Object.assign(globalThis.crypto, {
      getRandomValues: refused('crypto.getRandomValues()'),
      randomUUID: refused('crypto.randomUUID()'),
    });
    try {
      const source = createTokenSource(clientCredentials(emulatorCredentials(cloud.emulator)));
      cloud.opened.push(source);
      createAuthorizedFetch(source, { baseUrl: cloud.emulator.apiUrl });
    } finally {
      Object.assign(globalThis, {
        AbortController: saved.AbortController,
        setTimeout: saved.setTimeout,
      });
      Object.assign(globalThis.crypto, {
        getRandomValues: saved.getRandomValues,
        randomUUID: saved.randomUUID,
      });
    }
  });
});
