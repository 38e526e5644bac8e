import { type Emulator, type EmulatorClient, startEmulator } from '@cloud-token/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetWhenIdle } from './support/reset-when-idle.js';
import { getAccessToken, requestToken } from './support/token-client.js';
import { waitFor } from './support/wait-for.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => resetWhenIdle(emulator));

describe('setLatency', () => {
  /** Tracks whether a request has settled, without awaiting it. */
  function track(request: Promise<Response>): { settled: () => boolean; done: Promise<unknown> } {
    let settled = false;
    const done = request.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    return { settled: () => settled, done };
  }

  it('holds a token answer back while later requests without latency are answered', async () => {
    emulator.control.setLatency({ tokenMs: 30_000 });
    const giveUp = new AbortController();
    const delayed = track(requestToken(emulator, { signal: giveUp.signal }));
    await waitFor(() => emulator.stats.tokenRequests.total === 1, 'the delayed request');

    emulator.control.setLatency({ tokenMs: 0 });
    expect((await requestToken(emulator)).status).toBe(200);

    expect(delayed.settled()).toBe(false);
    expect(emulator.stats.tokenRequests.issued).toBe(1);
    giveUp.abort();
    await delayed.done;
  });

  it('holds API answers back, independently of token answers', async () => {
    const token = await getAccessToken(emulator);
    emulator.control.setLatency({ apiMs: 30_000 });
    const giveUp = new AbortController();

    const delayed = track(
      fetch(emulator.apiUrl, {
        headers: { authorization: `Bearer ${token}` },
        signal: giveUp.signal,
      }),
    );
    expect((await requestToken(emulator)).status).toBe(200);

    expect(delayed.settled()).toBe(false);
    giveUp.abort();
    await delayed.done;
    expect(emulator.stats.apiRequests.total).toBe(0);
  });

  it('keeps the other latency when only one is given; reset() clears both', async () => {
    emulator.control.setLatency({ tokenMs: 30_000, apiMs: 30_000 });
    emulator.control.setLatency({ apiMs: 0 });
    const giveUp = new AbortController();
    const delayed = track(requestToken(emulator, { signal: giveUp.signal }));
    await waitFor(() => emulator.stats.tokenRequests.total === 1, 'the delayed request');

    emulator.control.reset();
    expect((await requestToken(emulator)).status).toBe(200);

    expect(delayed.settled()).toBe(false);
    giveUp.abort();
    await delayed.done;
  });

  it.each([{ tokenMs: -1 }, { apiMs: Number.NaN }])('rejects %o', (latency) => {
    expect(() => emulator.control.setLatency(latency)).toThrow(/setLatency/);
  });
});

describe('maxConcurrentTokenRequests', () => {
  it('counts requests in progress at once, from arrival until the connection is done', async () => {
    emulator.control.failTokenRequests(3, { kind: 'hang' });
    const giveUp = new AbortController();

    const hanging = [1, 2, 3].map(() => requestToken(emulator, { signal: giveUp.signal }));
    await waitFor(() => emulator.stats.tokenRequests.faulted === 3, 'three hanging requests');
    expect(emulator.stats.maxConcurrentTokenRequests).toBe(3);

    giveUp.abort();
    await Promise.allSettled(hanging);
    await resetWhenIdle(emulator);
    await requestToken(emulator);
    expect(emulator.stats.maxConcurrentTokenRequests).toBe(1);
  });

  it('counts requests held back by latency', async () => {
    emulator.control.setLatency({ tokenMs: 30_000 });
    const giveUp = new AbortController();

    const delayed = [1, 2].map(() => requestToken(emulator, { signal: giveUp.signal }));
    await waitFor(() => emulator.stats.tokenRequests.total === 2, 'two delayed requests');

    expect(emulator.stats.maxConcurrentTokenRequests).toBe(2);
    giveUp.abort();
    await Promise.allSettled(delayed);
  });

  it('stays at 1 for requests one after another', async () => {
    await requestToken(emulator);
    await requestToken(emulator);

    expect(emulator.stats.maxConcurrentTokenRequests).toBe(1);
  });
});

describe('reset', () => {
  it('zeroes the live stats object in place and drops queued faults', async () => {
    const { stats } = emulator;
    const token = await getAccessToken(emulator, { auth: 'basic' });
    await fetch(emulator.apiUrl, { headers: { authorization: `Bearer ${token}` } });
    emulator.control.failTokenRequests(5, { kind: 'status', status: 500 });
    emulator.control.failApiRequests(5, { status: 503 });

    emulator.control.reset();

    expect(emulator.stats).toBe(stats);
    expect(stats).toEqual({
      tokenRequests: {
        total: 0,
        issued: 0,
        rejected: 0,
        rateLimited: 0,
        faulted: 0,
        byAuthMethod: { client_secret_post: 0, client_secret_basic: 0 },
      },
      maxConcurrentTokenRequests: 0,
      apiRequests: { total: 0, byStatus: {} },
      apiRequestLog: [],
      lockouts: 0,
    });
    expect((await requestToken(emulator)).status).toBe(200);
    const api = await fetch(emulator.apiUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
  });
});

describe('addClient', () => {
  it('accepts another client from now on, with its own scope', async () => {
    const client: EmulatorClient = {
      clientId: 'added',
      clientSecret: 'added-secret',
      scope: 'only.this',
    };
    expect((await requestToken(emulator, client)).status).toBe(400);

    emulator.control.addClient(client);

    const response = await requestToken(emulator, client);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ scope: 'only.this' });
  });

  it('replaces the secret of a known client id (rotation)', async () => {
    emulator.control.addClient({ clientId: 'rotating', clientSecret: 'old' });
    emulator.control.addClient({ clientId: 'rotating', clientSecret: 'new' });

    expect(
      (await requestToken(emulator, { clientId: 'rotating', clientSecret: 'old' })).status,
    ).toBe(400);
    expect(
      (await requestToken(emulator, { clientId: 'rotating', clientSecret: 'new' })).status,
    ).toBe(200);
  });

  it('rejects a client without id or secret, without echoing the secret', () => {
    expect(() => emulator.control.addClient({ clientId: '', clientSecret: 'top-secret' })).toThrow(
      /clientId/,
    );
    let message = '';
    try {
      emulator.control.addClient({ clientId: 'x', clientSecret: '' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/clientSecret must be a non-empty string/);
  });
});

describe('advanceTime', () => {
  it.each([-1, Number.POSITIVE_INFINITY])('rejects %o', (ms) => {
    expect(() => emulator.control.advanceTime(ms)).toThrow(/advanceTime/);
  });
});
