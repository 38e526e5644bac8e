import { type Emulator, type EmulatorOptions, startEmulator } from '@cloud-token/emulator';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * Gives the enclosing test file or `describe` one emulator: started before
 * its first test and handed to `started`, reset before each test (counters,
 * faults, latency, lockouts), closed after its last test.
 *
 * @example
 * ```ts
 * let emulator: Emulator;
 * useEmulator((running) => {
 *   emulator = running;
 * });
 * ```
 */
export function useEmulator(
  started: (emulator: Emulator) => void,
  options?: EmulatorOptions,
): void {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
    started(emulator);
  });
  beforeEach(() => {
    emulator?.control.reset();
  });
  afterAll(async () => {
    await emulator?.close();
  });
}
