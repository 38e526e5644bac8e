import type { TokenSource } from '@cloud-token/core';
import type { Emulator } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** The emulator of a test file, and the token sources its tests open. */
export interface EmulatorSources {
  /** Started once for the file, reset before each test. */
  readonly emulator: Emulator;
  /** Push every source a test opens: each is closed after the test. */
  readonly opened: TokenSource[];
}

/**
 * Starts the emulator for the enclosing file and closes, after each test,
 * every token source the test pushed on `opened`.
 *
 * @example
 * ```ts
 * const cloud = useEmulatorSources();
 * cloud.opened.push(createTokenSource(clientCredentials(emulatorCredentials(cloud.emulator))));
 * ```
 */
export function useEmulatorSources(): EmulatorSources {
  const fixture = useEmulator({ beforeAll, beforeEach, afterAll });
  const opened: TokenSource[] = [];
  afterEach(() => {
    for (const source of opened.splice(0)) source.close();
  });
  return {
    get emulator() {
      return fixture.emulator;
    },
    opened,
  };
}
