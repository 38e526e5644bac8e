import type { FakeClock } from '@cloud-token/core/testing';

/**
 * Keeps running the fake clock's timers that are due now (`advance(0)`) and
 * letting real I/O progress until `condition()` holds, so work that mixes
 * real HTTP (the emulator) with zero-delay fake timers (backoff with
 * `random: () => 0`) runs to the end. Fake time never moves, so no timeout
 * can fire by accident. A condition that never holds ends in the test's
 * own timeout.
 *
 * @example
 * ```ts
 * await runUntil(clock, () => emulator.stats.tokenRequests.total === 4);
 * ```
 */
export async function runUntil(clock: FakeClock, condition: () => boolean): Promise<void> {
  while (!condition()) {
    await clock.advance(0);
    // One real millisecond lets sockets make progress; it measures nothing.
    if (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * {@link runUntil} the promise settles; resolves with its outcome, never rejects.
 *
 * @example
 * ```ts
 * const outcome = await runUntilSettled(clock, source.getToken());
 * expect(outcome.status).toBe('fulfilled');
 * ```
 */
export async function runUntilSettled<T>(
  clock: FakeClock,
  promise: Promise<T>,
): Promise<PromiseSettledResult<T>> {
  let outcome: PromiseSettledResult<T> | undefined;
  promise.then(
    (value) => {
      outcome = { status: 'fulfilled', value };
    },
    (reason: unknown) => {
      outcome = { status: 'rejected', reason };
    },
  );
  await runUntil(clock, () => outcome !== undefined);
  return outcome as PromiseSettledResult<T>;
}
