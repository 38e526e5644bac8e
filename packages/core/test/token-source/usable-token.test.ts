import { createAuthorizedFetch } from '@cloud-token/core';
import { usableToken } from '@cloud-token/core/adapter';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { createCountingTokenSource } from '../support/counting-token-source.js';
import { useEmulatorSources } from '../support/emulator-sources.js';

const DAY = 86_400_000;
/** With `random: () => 0` and the default policies, for the emulator's one-day tokens. */
const RENEW_AFTER = DAY - 300_000;
const UNUSABLE_AFTER = DAY - 30_000;

const cloud = useEmulatorSources();
const tokenRequests = (): number => cloud.emulator.stats.tokenRequests.total;

describe('usableToken', () => {
  it('is the cached token while getToken() would serve it, and never asks for one itself', async () => {
    const clock = createFakeClock();
    const source = cloud.source({ clock });
    expect(usableToken(source)).toBeUndefined();
    expect(tokenRequests()).toBe(0);

    const token = await source.getToken();
    expect(usableToken(source)).toBe(token);
    await clock.advance(RENEW_AFTER - 1);
    expect(usableToken(source)).toBe(token);
    expect(tokenRequests()).toBe(1);
    expect(clock.pending()).toBe(0);

    await clock.advance(UNUSABLE_AFTER - RENEW_AFTER + 1);
    expect(usableToken(source)).toBeUndefined();
  });

  it('inside the renewal window serves the current token and starts exactly one background renewal', async () => {
    const clock = createFakeClock();
    const source = cloud.source({ clock });
    const old = await source.getToken();
    cloud.emulator.control.setLatency({ tokenMs: 200 });
    await clock.advance(RENEW_AFTER);

    const during = Array.from({ length: 1_000 }, () => usableToken(source));
    expect(new Set(during)).toEqual(new Set([old]));
    await vi.waitFor(() => expect(usableToken(source)?.value).not.toBe(old.value));
    expect(tokenRequests()).toBe(2);
  });

  it('is undefined once the source is closed, so the call goes on to getToken() and its error', async () => {
    const source = cloud.source();
    await source.getToken();
    source.close();
    expect(usableToken(source)).toBeUndefined();
    await expect(source.getToken()).rejects.toMatchObject({ code: 'ERR_USAGE' });
  });

  it('is undefined for a token source of your own: only its getToken() can tell', async () => {
    const own = createCountingTokenSource();
    await own.getToken();
    expect(usableToken(own)).toBeUndefined();
  });

  it('lets the authorized fetch carry the current token in the renewal window while one renewal runs', async () => {
    const clock = createFakeClock();
    const source = cloud.source({ clock });
    const api = createAuthorizedFetch(source, { baseUrl: cloud.emulator.apiUrl });
    const old = await source.getToken();
    cloud.emulator.control.setLatency({ tokenMs: 200 });
    await clock.advance(RENEW_AFTER);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api('words/doc.docx/statistics')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(source.peek()).toBe(old);
    await vi.waitFor(() => expect(source.peek()?.value).not.toBe(old.value));
    expect(tokenRequests()).toBe(2);
  });
});
