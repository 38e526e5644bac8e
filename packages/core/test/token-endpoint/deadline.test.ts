import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { isCloudTokenError, type TokenRequestError } from '../../src/shared/errors.js';
import { runTokenAttempt, runWithDeadline } from '../../src/token-endpoint/deadline.js';

const timeout = new Error('timed out');

function listenerCount(signal: AbortSignal): () => number {
  let count = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (...args: Parameters<typeof add>) => {
    count += 1;
    add(...args);
  };
  signal.removeEventListener = (...args: Parameters<typeof remove>) => {
    count -= 1;
    remove(...args);
  };
  return () => count;
}

describe('runWithDeadline', () => {
  it('resolves with the task, leaving no timer or listener', async () => {
    const clock = createFakeClock();
    const caller = new AbortController();
    const listeners = listenerCount(caller.signal);
    const value = await runWithDeadline(async () => 42, {
      clock,
      timeoutMs: 100,
      signal: caller.signal,
      onTimeout: () => timeout,
    });
    expect(value).toBe(42);
    expect(clock.pending()).toBe(0);
    expect(listeners()).toBe(0);
  });

  it('rejects with the task error, leaving no timer', async () => {
    const clock = createFakeClock();
    await expect(
      runWithDeadline(() => Promise.reject(new Error('boom')), {
        clock,
        timeoutMs: 100,
        onTimeout: () => timeout,
      }),
    ).rejects.toThrow('boom');
    expect(clock.pending()).toBe(0);
  });

  it('turns a synchronous throw into a rejection, leaving no timer', async () => {
    const clock = createFakeClock();
    const task = (): Promise<never> => {
      throw new Error('sync');
    };
    await expect(
      runWithDeadline(task, { clock, timeoutMs: 100, onTimeout: () => timeout }),
    ).rejects.toThrow('sync');
    expect(clock.pending()).toBe(0);
  });

  it('rejects with onTimeout() when the task ignores its signal, and aborts the task signal', async () => {
    const clock = createFakeClock();
    let taskSignal: AbortSignal | undefined;
    const running = runWithDeadline(
      (signal) => {
        taskSignal = signal;
        return new Promise<never>(() => undefined);
      },
      { clock, timeoutMs: 100, onTimeout: () => timeout },
    );
    const outcome = running.catch((error: unknown) => error);
    await clock.advance(99);
    expect(taskSignal?.aborted).toBe(false);
    await clock.advance(1);
    expect(await outcome).toBe(timeout);
    expect(taskSignal?.reason).toBe(timeout);
    expect(clock.pending()).toBe(0);
  });

  it("rejects with the caller's reason when the caller aborts, leaving no timer or listener", async () => {
    const clock = createFakeClock();
    const caller = new AbortController();
    const listeners = listenerCount(caller.signal);
    const running = runWithDeadline(() => new Promise<never>(() => undefined), {
      clock,
      timeoutMs: 100,
      signal: caller.signal,
      onTimeout: () => timeout,
    });
    const reason = new Error('caller gave up');
    caller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(clock.pending()).toBe(0);
    expect(listeners()).toBe(0);
  });

  it('does not start the task when the signal is already aborted', async () => {
    const clock = createFakeClock();
    let started = false;
    const reason = new Error('already');
    await expect(
      runWithDeadline(
        async () => {
          started = true;
        },
        { clock, timeoutMs: 100, signal: AbortSignal.abort(reason), onTimeout: () => timeout },
      ),
    ).rejects.toBe(reason);
    expect(started).toBe(false);
    expect(clock.pending()).toBe(0);
  });
});

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
