import type { EmulatorClient } from '@cloud-token/emulator';
import {
  getAccessToken,
  requestToken,
  resetWhenIdle,
  useEmulator,
  waitFor,
} from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxClockOffsetMs } from '../src/emulator-clock.js';

const cloud = useEmulator({ beforeAll, beforeEach, afterAll }, { reset: 'when-idle' });

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
    cloud.emulator.control.setLatency({ tokenMs: 30_000 });
    const giveUp = new AbortController();
    const delayed = track(requestToken(cloud.emulator, { signal: giveUp.signal }));
    await waitFor(() => cloud.emulator.stats.tokenRequests.total === 1, 'the delayed request');

    cloud.emulator.control.setLatency({ tokenMs: 0 });
    expect((await requestToken(cloud.emulator)).status).toBe(200);

    expect(delayed.settled()).toBe(false);
    expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
    giveUp.abort();
    await delayed.done;
  });

  it('holds API answers back, independently of token answers', async () => {
    const token = await getAccessToken(cloud.emulator);
    cloud.emulator.control.setLatency({ apiMs: 30_000 });
    const giveUp = new AbortController();

    const delayed = track(
      fetch(cloud.emulator.apiUrl, {
        headers: { authorization: `Bearer ${token}` },
        signal: giveUp.signal,
      }),
    );
    expect((await requestToken(cloud.emulator)).status).toBe(200);

    expect(delayed.settled()).toBe(false);
    giveUp.abort();
    await delayed.done;
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
  });

  it('keeps the other latency when only one is given; reset() clears both', async () => {
    cloud.emulator.control.setLatency({ tokenMs: 30_000, apiMs: 30_000 });
    cloud.emulator.control.setLatency({ apiMs: 0 });
    const giveUp = new AbortController();
    const delayed = track(requestToken(cloud.emulator, { signal: giveUp.signal }));
    await waitFor(() => cloud.emulator.stats.tokenRequests.total === 1, 'the delayed request');

    cloud.emulator.control.reset();
    expect((await requestToken(cloud.emulator)).status).toBe(200);

    expect(delayed.settled()).toBe(false);
    giveUp.abort();
    await delayed.done;
  });

  it.each([{ tokenMs: -1 }, { apiMs: Number.NaN }])('rejects %o', (latency) => {
    expect(() => cloud.emulator.control.setLatency(latency)).toThrow(/setLatency/);
  });
});

describe('maxConcurrentTokenRequests', () => {
  it('counts requests in progress at once, from arrival until the connection is done', async () => {
    cloud.emulator.control.failTokenRequests(3, { kind: 'hang' });
    const giveUp = new AbortController();

    const hanging = [1, 2, 3].map(() => requestToken(cloud.emulator, { signal: giveUp.signal }));
    await waitFor(() => cloud.emulator.stats.tokenRequests.faulted === 3, 'three hanging requests');
    expect(cloud.emulator.stats.maxConcurrentTokenRequests).toBe(3);

    giveUp.abort();
    await Promise.allSettled(hanging);
    await resetWhenIdle(cloud.emulator);
    await requestToken(cloud.emulator);
    expect(cloud.emulator.stats.maxConcurrentTokenRequests).toBe(1);
  });

  it('counts requests held back by latency', async () => {
    cloud.emulator.control.setLatency({ tokenMs: 30_000 });
    const giveUp = new AbortController();

    const delayed = [1, 2].map(() => requestToken(cloud.emulator, { signal: giveUp.signal }));
    await waitFor(() => cloud.emulator.stats.tokenRequests.total === 2, 'two delayed requests');

    expect(cloud.emulator.stats.maxConcurrentTokenRequests).toBe(2);
    giveUp.abort();
    await Promise.allSettled(delayed);
  });

  it('stays at 1 for requests one after another', async () => {
    await requestToken(cloud.emulator);
    await requestToken(cloud.emulator);

    expect(cloud.emulator.stats.maxConcurrentTokenRequests).toBe(1);
  });
});

describe('reset', () => {
  it('zeroes the live stats object in place and drops queued faults', async () => {
    const { stats } = cloud.emulator;
    const token = await getAccessToken(cloud.emulator, { auth: 'basic' });
    await fetch(cloud.emulator.apiUrl, { headers: { authorization: `Bearer ${token}` } });
    cloud.emulator.control.failTokenRequests(5, { kind: 'status', status: 500 });
    cloud.emulator.control.failApiRequests(5, { status: 503 });

    cloud.emulator.control.reset();

    expect(cloud.emulator.stats).toBe(stats);
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
    expect((await requestToken(cloud.emulator)).status).toBe(200);
    const api = await fetch(cloud.emulator.apiUrl, {
      headers: { authorization: `Bearer ${token}` },
    });
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
    expect((await requestToken(cloud.emulator, client)).status).toBe(400);

    cloud.emulator.control.addClient(client);

    const response = await requestToken(cloud.emulator, client);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ scope: 'only.this' });
  });

  it('replaces the secret of a known client id (rotation)', async () => {
    cloud.emulator.control.addClient({ clientId: 'rotating', clientSecret: 'old' });
    cloud.emulator.control.addClient({ clientId: 'rotating', clientSecret: 'new' });

    expect(
      (await requestToken(cloud.emulator, { clientId: 'rotating', clientSecret: 'old' })).status,
    ).toBe(400);
    expect(
      (await requestToken(cloud.emulator, { clientId: 'rotating', clientSecret: 'new' })).status,
    ).toBe(200);
  });

  it('rejects a client without id or secret, without echoing the secret', () => {
    expect(() =>
      cloud.emulator.control.addClient({ clientId: '', clientSecret: 'top-secret' }),
    ).toThrow(/clientId/);
    let message = '';
    try {
      cloud.emulator.control.addClient({ clientId: 'x', clientSecret: '' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/clientSecret must be a non-empty string/);
  });
});

describe('advanceTime', () => {
  it.each([-1, Number.POSITIVE_INFINITY])('rejects %o', (ms) => {
    expect(() => cloud.emulator.control.advanceTime(ms)).toThrow(/advanceTime/);
  });

  it('refuses to move the clock past its bound, and keeps it where it was', async () => {
    const tooFar = () => cloud.emulator.control.advanceTime(1e300);
    expect(tooFar).toThrow(RangeError);
    expect(tooFar).toThrow(
      `advanceTime ms must be at most ${maxClockOffsetMs}: the clock runs at most 100 years ahead, and is 0 ms ahead now (got 1e+300)`,
    );
    cloud.emulator.control.advanceTime(maxClockOffsetMs);
    expect(() => cloud.emulator.control.advanceTime(1)).toThrow(RangeError);

    // A century ahead is still a date: tokens are issued and the state answers.
    expect((await requestToken(cloud.emulator)).status).toBe(200);
    expect((await fetch(`${cloud.emulator.controlUrl}/state`)).status).toBe(200);
  });

  it('is undone by reset(): tokens issued before the advance are accepted again', async () => {
    const token = await getAccessToken(cloud.emulator);
    cloud.emulator.control.advanceTime(86_400_000);
    const api = (bearer: string) =>
      fetch(`${cloud.emulator.apiUrl}/words/doc.docx`, {
        headers: { authorization: `Bearer ${bearer}` },
      }).then(async (answer) => {
        await answer.arrayBuffer();
        return answer.status;
      });
    expect(await api(token)).toBe(401);

    cloud.emulator.control.reset();

    expect(await api(token)).toBe(200);
  });
});
