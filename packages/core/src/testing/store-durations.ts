import type { GuardRecord, StoredToken } from '../store.js';

/*
 * A store hands out durations measured on its own clock from the moment it
 * answered (see `StoredToken`), so what a test reads back has run down (or
 * aged) by the time that passed since it was written. These helpers take
 * what was read and put the figure the test expects in place of each
 * duration that differs from it by no more than that time (`slackMs`), in
 * the direction time moves it; a duration off by more, or the wrong way,
 * stays as read, so `toEqual` shows it.
 */

/** Room for a store's clock and ours to disagree on how long a test took (their ticks differ). */
export const CLOCK_MARGIN_MS = 5;

/** `expected` when `actual` is what is left of it after at most `slackMs`. */
function left(actual: number, expected: number, slackMs: number): number {
  return actual <= expected && actual >= Math.max(0, expected - slackMs) ? expected : actual;
}

/** `expected` when `actual` is what it has grown to after at most `slackMs`. */
function aged(actual: number, expected: number, slackMs: number): number {
  return actual >= expected && actual <= expected + slackMs ? expected : actual;
}

/** A token read back, its life and age set to the written ones when only time explains the gap. */
export function settledToken(
  actual: StoredToken | undefined,
  expected: StoredToken,
  slackMs: number,
): StoredToken | undefined {
  if (actual === undefined) return undefined;
  return {
    ...actual,
    // A store that cannot tell when within a round trip its clock answered may take the
    // whole round trip off the life it writes (understated, never overstated): twice the time.
    expiresInMs: left(actual.expiresInMs, expected.expiresInMs, 2 * slackMs),
    ...(actual.ageMs !== undefined && { ageMs: aged(actual.ageMs, expected.ageMs ?? 0, slackMs) }),
  };
}

/** A guard record read back, its durations set to the expected ones when only time explains the gap. */
export function settledGuard(
  actual: GuardRecord | undefined,
  expected: GuardRecord,
  slackMs: number,
): GuardRecord | undefined {
  if (actual === undefined) return undefined;
  const since = (value: number | undefined, model: number | undefined) =>
    value === undefined || model === undefined ? value : aged(value, model, slackMs);
  const settled: Record<string, unknown> = {
    ...actual,
    rejectedForMs: left(actual.rejectedForMs, expected.rejectedForMs, slackMs),
    rateLimitedForMs: left(actual.rateLimitedForMs, expected.rateLimitedForMs, slackMs),
    rejectedSinceMs: since(actual.rejectedSinceMs, expected.rejectedSinceMs),
    rateLimitedSinceMs: since(actual.rateLimitedSinceMs, expected.rateLimitedSinceMs),
    failureAgesMs: actual.failureAgesMs.map((age, index) => {
      const model = expected.failureAgesMs[index];
      return model === undefined ? age : aged(age, model, slackMs);
    }),
  };
  // Optional fields stay absent when the store left them out.
  for (const key of ['rejectedSinceMs', 'rateLimitedSinceMs']) {
    if (settled[key] === undefined) delete settled[key];
  }
  return settled as unknown as GuardRecord;
}
