import { InvalidOptionsError } from '@cloud-token/emulator';
import { requestToken, useEmulator, waitFor, waitForCounter } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const cloud = useEmulator({ beforeAll, beforeEach, afterAll }, { reset: 'when-idle' });

describe('waitForCounter', () => {
  it('resolves once the counter reaches the value, with the value it has then', async () => {
    cloud.emulator.control.failTokenRequests(5, { kind: 'hang' });
    const giveUp = new AbortController();
    const herd = Array.from({ length: 5 }, () =>
      requestToken(cloud.emulator, { signal: giveUp.signal }).catch(() => undefined),
    );

    const reached = await waitForCounter(cloud.emulator, (stats) => stats.tokenRequests.total, 5);

    expect(reached).toBe(5);
    expect(cloud.emulator.stats.tokenRequests.faulted).toBe(5);
    giveUp.abort();
    await Promise.all(herd);
  });

  it('rejects after timeoutMs, naming the value the counter stopped at', async () => {
    await requestToken(cloud.emulator);

    await expect(
      waitForCounter(cloud.emulator, (stats) => stats.tokenRequests.issued, 2, { timeoutMs: 50 }),
    ).rejects.toThrow('timed out waiting for a counter to reach 2 (it is 1)');
  });

  it.each([{ timeoutMs: 0 }, { intervalMs: -1 }, { every: 5 }])(
    'rejects options %o',
    async (options) => {
      await expect(
        waitForCounter(cloud.emulator, (stats) => stats.lockouts, 1, options as never),
      ).rejects.toThrow(InvalidOptionsError);
    },
  );
});

describe('waitFor', () => {
  it('polls until the condition holds', async () => {
    let polls = 0;
    await waitFor(() => {
      polls += 1;
      return polls === 3;
    }, 'the third poll');

    expect(polls).toBe(3);
  });

  it('rejects naming what it waited for', async () => {
    await expect(waitFor(() => false, 'godot', { timeoutMs: 30 })).rejects.toThrow(
      'timed out waiting for godot',
    );
  });
});
