import {
  clientCredentials,
  createTokenSource,
  type TokenSource,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** The emulator of a test file, and the token sources its tests open. */
export interface EmulatorSources {
  /** Started once for the file, reset before each test. */
  readonly emulator: Emulator;
  /** Push every source a test opens: each is closed after the test. */
  readonly opened: TokenSource[];
  /**
   * A source for the emulator's client (or another `clientSecret`), without
   * jitter (`random: () => 0`) unless `options` say otherwise; closed after the test.
   */
  source(options?: TokenSourceOptions & { clientSecret?: string }): TokenSource;
}

/**
 * Starts the emulator for the enclosing file and closes, after each test,
 * every token source the test pushed on `opened` or made with `source()`.
 *
 * @example
 * ```ts
 * const cloud = useEmulatorSources();
 * cloud.opened.push(createTokenSource(clientCredentials(emulatorCredentials(cloud.emulator))));
 * const wrong = cloud.source({ clientSecret: 'wrong-secret', clock });
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
    source(options = {}) {
      const { clientSecret = DEFAULT_CLIENT_SECRET, ...rest } = options;
      const grant = clientCredentials({
        tokenUrl: fixture.emulator.tokenUrl,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret,
      });
      const made = createTokenSource(grant, { random: () => 0, ...rest });
      opened.push(made);
      return made;
    },
  };
}
