import type { Emulator, EmulatorOptions } from '@cloud-token/emulator';
import { useEmulator as useFixture } from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * The older shape of `useEmulator` that other packages' suites still call:
 * the emulator is handed to `started`. New code imports `useEmulator` from
 * `@cloud-token/emulator/testing`.
 */
export function useEmulator(
  started: (emulator: Emulator) => void,
  options?: EmulatorOptions,
): void {
  const fixture = useFixture(
    { beforeAll, beforeEach, afterAll },
    options === undefined ? {} : { emulator: options },
  );
  // Registered after the fixture's own beforeAll, so it runs once the emulator listens.
  beforeAll(() => {
    started(fixture.emulator);
  });
}
