import { isCloudTokenError, type TokenSource } from '@cloud-token/core';
import { checkReadiness, toProblemDetails } from '@cloud-token/core/node';
import { createFakeClock, type FakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntilSettled } from '../support/run-until-settled.js';

/*
 * Issue 22, defect 5: every `retryAfterMs` on an error, and so every
 * `Retry-After` an adapter sends (the problem answer of every server adapter,
 * the readiness probe), is the time until the source will really send its
 * next token request: not what the token endpoint said when the failure
 * budget (or another cooldown) holds the source back for longer.
 */

const cloud = useEmulatorSources();
const tokenRequests = () => cloud.emulator.stats.tokenRequests.total;

// No jitter: the backoff between attempts takes no fake time.
const sourceOn = (clock: FakeClock): TokenSource => cloud.source({ clock });

async function refusal(clock: FakeClock, source: TokenSource) {
  const outcome = await runUntilSettled(clock, source.getToken());
  if (outcome.status === 'fulfilled') throw new Error('expected a refusal');
  if (!isCloudTokenError(outcome.reason)) throw outcome.reason;
  return outcome.reason;
}

describe('the Retry-After a source reports is when it will really try again', () => {
  it('two recovered 503s, then a 429 Retry-After: 5: the failure budget’s 58 s, not the 5 s', async () => {
    const clock = createFakeClock();
    const source = sourceOn(clock);
    // Two 503s, recovered by the third attempt: two failures in the budget's minute.
    cloud.emulator.control.failTokenRequests(2, { kind: 'status', status: 503 });
    const first = await runUntilSettled(clock, source.getToken());
    expect(first.status).toBe('fulfilled');
    expect(tokenRequests()).toBe(3);

    // 2 s later the API refuses that token; the renewal meets a 429 Retry-After: 5,
    // the third failure within the minute: no token request before the first one's minute ends.
    await clock.advance(2_000);
    if (first.status === 'fulfilled') source.invalidate(first.value);
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '5' });
    const limited = await refusal(clock, source);
    expect(limited.code).toBe('ERR_RATE_LIMITED');
    expect(limited.retryAfterMs).toBe(58_000);
    expect(limited.headers['retry-after']).toBe('58');
    expect(toProblemDetails(limited)?.headers['retry-after']).toBe('58');
    expect(tokenRequests()).toBe(4);

    // 5 s later the source still does not try, and says so truthfully: 53 s more.
    await clock.advance(5_000);
    const later = await refusal(clock, source);
    expect(later.retryAfterMs).toBe(53_000);
    expect(later.headers['retry-after']).toBe('53');
    const readiness = await checkReadiness(source);
    expect(readiness).toMatchObject({ status: 503, headers: { 'retry-after': '53' } });
    expect(tokenRequests()).toBe(4);

    // One millisecond before the moment it named, still nothing; at that moment, the request.
    await clock.advance(53_000 - 1);
    expect((await refusal(clock, source)).retryAfterMs).toBe(1);
    expect(tokenRequests()).toBe(4);
    await clock.advance(1);
    expect((await runUntilSettled(clock, source.getToken())).status).toBe('fulfilled');
    expect(tokenRequests()).toBe(5);
  });

  it('a 503 Retry-After longer than the retry cap: the source waits it out, and says so', async () => {
    const clock = createFakeClock();
    const source = sourceOn(clock);
    cloud.emulator.control.failTokenRequests(1, { kind: 'status', status: 503, retryAfter: '30' });
    const failed = await refusal(clock, source);
    expect(failed.retryAfterMs).toBe(30_000);
    expect(failed.headers['retry-after']).toBe('30');
    await clock.advance(10_000);
    const waiting = await refusal(clock, source);
    expect(waiting.retryAfterMs).toBe(20_000);
    expect(tokenRequests()).toBe(1);
    await clock.advance(20_000);
    expect((await runUntilSettled(clock, source.getToken())).status).toBe('fulfilled');
    expect(tokenRequests()).toBe(2);
  });
});
