import { InvalidOptionsError } from '@cloud-token/emulator';
import {
  requestToken,
  type TestHooks,
  type UseEmulatorOptions,
  useEmulator,
} from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

describe('useEmulator', () => {
  const cloud = useEmulator(
    { beforeAll, beforeEach, afterAll },
    {
      emulator: {
        profile: 'groupdocs',
        clientId: 'fixture-client',
        clientSecret: 'fixture-secret',
      },
    },
  );

  it('starts the emulator with the given options and hands out its credentials', async () => {
    expect(cloud.credentials).toEqual({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: 'emulator-client',
      clientSecret: 'emulator-secret',
    });
    const answer = await requestToken(cloud.emulator, {
      clientId: 'fixture-client',
      clientSecret: 'fixture-secret',
    });
    expect(answer.status).toBe(200);
    expect(cloud.emulator.stats.tokenRequests.issued).toBe(1);
  });

  it('resets the counters before each test', () => {
    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
  });
});

describe('useEmulator lifecycle', () => {
  /** Hooks that record what was registered, to run them by hand. */
  function recordingHooks() {
    const registered: Record<keyof TestHooks, (() => Promise<void> | void)[]> = {
      beforeAll: [],
      beforeEach: [],
      afterAll: [],
    };
    const hooks: TestHooks = {
      beforeAll: (run) => registered.beforeAll.push(run),
      beforeEach: (run) => registered.beforeEach.push(run),
      afterAll: (run) => registered.afterAll.push(run),
    };
    const runAll = async (name: keyof TestHooks) => {
      for (const run of registered[name]) await run();
    };
    return { hooks, runAll };
  }

  it('throws a clear error when the emulator is read outside its lifetime, and closes it after all', async () => {
    const { hooks, runAll } = recordingHooks();
    const fixture = useEmulator(hooks, { reset: 'never' });

    expect(() => fixture.emulator).toThrow(/beforeAll to afterAll/);
    await runAll('beforeAll');
    const { tokenUrl } = fixture.emulator;
    await requestToken(fixture.emulator);
    await runAll('beforeEach');
    expect(fixture.emulator.stats.tokenRequests.total).toBe(1);
    await runAll('afterAll');

    expect(() => fixture.emulator).toThrow(/beforeAll to afterAll/);
    await expect(fetch(tokenUrl, { method: 'POST' })).rejects.toThrow(TypeError);
  });

  it.each<[unknown, UseEmulatorOptions | undefined, string]>([
    [{ beforeAll, beforeEach }, undefined, 'afterAll'],
    [null, undefined, 'hooks'],
    [{ beforeAll, beforeEach, afterAll }, { reset: 'sometimes' as never }, 'reset'],
    [{ beforeAll, beforeEach, afterAll }, { emulatorOptions: {} } as never, 'emulatorOptions'],
    [{ beforeAll, beforeEach, afterAll }, { emulator: 5 as never }, 'emulator'],
  ])('rejects bad hooks or options at once (%#), naming %s', (hooks, options, option) => {
    const create = () => useEmulator(hooks as TestHooks, options);

    expect(create).toThrow(InvalidOptionsError);
    expect(create).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option }));
  });
});
