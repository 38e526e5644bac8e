import type { Emulator } from '@cloud-token/emulator';
import { afterAll, beforeAll } from 'vitest';
import { startTourEmulator } from '../tour-emulator.js';

/**
 * Starts the tour emulator before the tests of the calling file or `describe`
 * block, and closes it after them: each file counts its own requests.
 *
 * @returns a getter for the running emulator, to call inside a test
 * @example
 * ```ts
 * const emulator = useTourEmulator();
 * it('serves a herd with one token request', async () => {
 *   await runEmulatorTour(emulator(), output);
 *   expect(emulator().stats.tokenRequests.total).toBe(1);
 * });
 * ```
 */
export function useTourEmulator(): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startTourEmulator();
  });
  afterAll(() => emulator?.close());
  return () => {
    if (!emulator) throw new Error('The tour emulator starts in beforeAll: read it inside a test.');
    return emulator;
  };
}
