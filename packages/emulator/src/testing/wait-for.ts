import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidOptionsError, ownOptions } from '../invalid-options-error.js';

/**
 * How long {@link waitFor} polls.
 *
 * @example
 * ```ts
 * const patient: WaitForOptions = { timeoutMs: 10_000, intervalMs: 25 };
 * ```
 */
export interface WaitForOptions {
  /** Gives up (rejects) after this long; default 5000 ms. */
  timeoutMs?: number;
  /** Polls this often; default 10 ms. */
  intervalMs?: number;
}

/**
 * Polls until `condition` holds, e.g. until the emulator has seen a request
 * that will never be answered. Rejects with "timed out waiting for <what>"
 * after `timeoutMs` instead of hanging the test.
 *
 * @example
 * ```ts
 * await waitFor(() => emulator.stats.tokenRequests.total === 1, 'the hanging token request');
 * ```
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  options: WaitForOptions = {},
): Promise<void> {
  return pollUntil(condition, what, checkWaitForOptions(options, 'waitFor'));
}

/** Polls as {@link waitFor} does, with options already checked. */
export async function pollUntil(
  condition: () => boolean,
  what: string,
  { timeoutMs, intervalMs }: Required<WaitForOptions>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Checks {@link WaitForOptions} for `factory`, filling in the defaults. */
export function checkWaitForOptions(
  options: WaitForOptions,
  factory: string,
): Required<WaitForOptions> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', `${factory} options must be an object`);
  }
  const { timeoutMs = 5000, intervalMs = 10 } = ownOptions(
    options,
    { timeoutMs: true, intervalMs: true },
    factory,
  );
  for (const [name, value] of Object.entries({ timeoutMs, intervalMs })) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidOptionsError(name, `${factory} option "${name}" must be a positive number`);
    }
  }
  return { timeoutMs, intervalMs };
}
