import type { Emulator } from '@cloud-token/emulator';
import { expect } from 'vitest';

/**
 * What every adapter's readiness handler must answer, probed over HTTP at
 * `url` against `emulator`: on a cold start 200 after one token request, then
 * 200 from the cached token without another.
 */
export async function expectReadyAfterColdStart(url: string, emulator: Emulator): Promise<void> {
  const first = await fetch(url);
  expect(first.status).toBe(200);
  expect(first.headers.get('content-type')).toMatch(/^application\/json/);
  expect(first.headers.get('cache-control')).toBe('no-store');
  const body = (await first.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ ready: true, store: 'local' });
  expect(Date.parse(String(body.expiresAt))).toBeGreaterThan(Date.now());
  expect((await fetch(url)).status).toBe(200);
  expect(emulator.stats.tokenRequests.total).toBe(1);
}

/**
 * While the token endpoint answers 429 `Retry-After: 120`: 503 with
 * `Retry-After`, the first probe naming the error and the next the cooldown,
 * and no token request after the first.
 */
export async function expectNotReadyWhileThrottled(url: string, emulator: Emulator): Promise<void> {
  emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
  for (const reason of ['ERR_RATE_LIMITED', 'rate-limited']) {
    const answer = await fetch(url);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toMatch(/^1[12]\d$/);
    expect(await answer.json()).toEqual({ ready: false, reason, store: 'local' });
  }
  expect(emulator.stats.tokenRequests.total).toBe(1);
}

/** With a wrong secret: 503 naming the rejection, without echoing the secret. */
export async function expectNotReadyWhenRejected(url: string, secret: string): Promise<void> {
  const answer = await fetch(url);
  expect(answer.status).toBe(503);
  const text = await answer.text();
  expect(JSON.parse(text)).toMatchObject({ ready: false, reason: 'ERR_CREDENTIALS_REJECTED' });
  expect(text).not.toContain(secret);
}
