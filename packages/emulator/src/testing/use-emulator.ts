import { InvalidOptionsError, ownOptions } from '../invalid-options-error.js';
import { startEmulator } from '../start-emulator.js';
import type { Emulator, EmulatorOptions } from '../types.js';
import { type EmulatorCredentials, emulatorCredentials } from './emulator-credentials.js';
import { resetWhenIdle } from './reset-when-idle.js';

/** A hook registrar: vitest's, jest's or mocha's `beforeAll` and friends. */
type Hook = (run: () => Promise<void> | void) => unknown;

/**
 * The lifecycle hooks of your test runner. Pass vitest's or jest's as they
 * are; with `node:test`, pass `{ beforeAll: before, beforeEach, afterAll: after }`.
 * The emulator package depends on no test runner.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, beforeEach } from 'vitest';
 * const hooks: TestHooks = { beforeAll, beforeEach, afterAll };
 * ```
 */
export interface TestHooks {
  beforeAll: Hook;
  beforeEach: Hook;
  afterAll: Hook;
}

/**
 * Options of {@link useEmulator}.
 *
 * @example
 * ```ts
 * useEmulator(hooks, { emulator: { profile: 'groupdocs', timeScale: 0.001 }, reset: 'when-idle' });
 * ```
 */
export interface UseEmulatorOptions {
  /** Options of `startEmulator`. */
  emulator?: EmulatorOptions;
  /**
   * Before each test: `'always'` (default) calls `control.reset()`;
   * `'when-idle'` waits first until requests an earlier test abandoned have
   * ended (see `resetWhenIdle`); `'never'` leaves the state as it is.
   */
  reset?: 'always' | 'when-idle' | 'never';
}

/**
 * The emulator of a test file, as {@link useEmulator} hands it out.
 *
 * @example
 * ```ts
 * const cloud: EmulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
 * it('counts', () => expect(cloud.emulator.stats.tokenRequests.total).toBe(0));
 * ```
 */
export interface EmulatorFixture {
  /** The running emulator; throws when read before `beforeAll` ran or after `afterAll`. */
  readonly emulator: Emulator;
  /** Its default client's credentials (`emulatorCredentials(emulator)`). */
  readonly credentials: EmulatorCredentials;
}

const resets = ['always', 'when-idle', 'never'] as const;

/**
 * Gives the enclosing test file or `describe` one emulator: started before
 * its first test, reset before each test (counters, faults, latency,
 * lockouts), closed after its last test. Options are checked at once; a bad
 * one or an unknown key throws an `InvalidOptionsError`.
 *
 * @example
 * ```ts
 * import { useEmulator } from '@cloud-token/emulator/testing';
 * import { clientCredentials, createTokenSource } from '@cloud-token/core';
 * import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
 *
 * const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
 *
 * it('asks for one token', async () => {
 *   const source = createTokenSource(clientCredentials(cloud.credentials));
 *   await source.getToken();
 *   expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
 * });
 * ```
 */
export function useEmulator(hooks: TestHooks, options: UseEmulatorOptions = {}): EmulatorFixture {
  if (typeof hooks !== 'object' || hooks === null) {
    throw new InvalidOptionsError(
      'hooks',
      'useEmulator hooks must be { beforeAll, beforeEach, afterAll }',
    );
  }
  for (const name of ['beforeAll', 'beforeEach', 'afterAll'] as const) {
    if (typeof hooks[name] !== 'function') {
      throw new InvalidOptionsError(name, `useEmulator hooks.${name} must be a function`);
    }
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'useEmulator options must be an object');
  }
  const { emulator: emulatorOptions, reset = 'always' } = ownOptions(
    options,
    { emulator: true, reset: true },
    'useEmulator',
  );
  if (!resets.includes(reset)) {
    throw new InvalidOptionsError(
      'reset',
      `useEmulator option "reset" must be one of ${resets.join(', ')}`,
    );
  }
  if (
    emulatorOptions !== undefined &&
    (typeof emulatorOptions !== 'object' || emulatorOptions === null)
  ) {
    throw new InvalidOptionsError('emulator', 'useEmulator option "emulator" must be an object');
  }

  let running: Emulator | undefined;
  const current = (): Emulator => {
    if (running === undefined) {
      throw new Error(
        'useEmulator: the emulator runs from beforeAll to afterAll; read it inside a test or hook',
      );
    }
    return running;
  };
  hooks.beforeAll(async () => {
    running = await startEmulator(emulatorOptions);
  });
  hooks.beforeEach(async () => {
    if (running === undefined || reset === 'never') return;
    if (reset === 'when-idle') await resetWhenIdle(running);
    else running.control.reset();
  });
  hooks.afterAll(async () => {
    const closing = running;
    running = undefined;
    await closing?.close();
  });
  return {
    get emulator() {
      return current();
    },
    get credentials() {
      return emulatorCredentials(current());
    },
  };
}
