import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { runWithDeadline } from '../../src/shared/deadline.js';

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

  it('swallows the late rejection of a task that ignored its signal', async () => {
    const clock = createFakeClock();
    let fail: (error: Error) => void = () => undefined;
    const running = runWithDeadline(
      () =>
        new Promise<never>((_, reject) => {
          fail = reject;
        }),
      { clock, timeoutMs: 100, onTimeout: () => timeout },
    );
    const outcome = running.catch((error: unknown) => error);
    await clock.advance(100);
    expect(await outcome).toBe(timeout);
    // Would fail the run as an unhandled rejection if nobody listened any more.
    fail(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending()).toBe(0);
  });
});
