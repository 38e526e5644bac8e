import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { isCloudTokenError, type TokenRequestError } from '../../src/shared/errors.js';
import { runTokenAttempt } from '../../src/token-endpoint/run-token-attempt.js';

describe('runTokenAttempt', () => {
  it('resolves with the attempt, leaving no timer', async () => {
    const clock = createFakeClock();
    const value = await runTokenAttempt(async () => 'token', { clock, timeoutMs: 100 }, 'Nobody');
    expect(value).toBe('token');
    expect(clock.pending()).toBe(0);
  });

  it('rejects a slow attempt with a timeout TokenRequestError naming who did not answer', async () => {
    const clock = createFakeClock();
    let attemptSignal: AbortSignal | undefined;
    const attempt = runTokenAttempt(
      (signal) => {
        attemptSignal = signal;
        return new Promise<never>(() => undefined);
      },
      { clock, timeoutMs: 250 },
      'The token endpoint at https://id.example.test/connect/token',
    );
    const outcome = attempt.catch((error: unknown) => error);
    await clock.advance(250);
    const error = (await outcome) as TokenRequestError;
    expect(isCloudTokenError(error, 'ERR_TOKEN_REQUEST')).toBe(true);
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(
      'The token endpoint at https://id.example.test/connect/token did not answer within 250 ms',
    );
    expect(attemptSignal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    const clock = createFakeClock();
    const caller = new AbortController();
    const attempt = runTokenAttempt(
      () => new Promise<never>(() => undefined),
      { clock, timeoutMs: 250, signal: caller.signal },
      'The external token provider',
    );
    const reason = new Error('caller gave up');
    caller.abort(reason);
    await expect(attempt).rejects.toBe(reason);
    expect(clock.pending()).toBe(0);
  });
});
