import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls until `condition` holds, e.g. until the emulator has seen a request
 * that will never be answered. Fails the test after `attempts` polls instead
 * of hanging.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  attempts = 500,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}
