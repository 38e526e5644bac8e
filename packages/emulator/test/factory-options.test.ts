import * as emulatorPackage from '@cloud-token/emulator';
import * as testing from '@cloud-token/emulator/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

/*
 * The emulator's functions that take options reject a misspelt key with a
 * did-you-mean, and read nothing inherited from Object.prototype. The lists
 * are checked against both entries, so a new function has to be placed in one.
 */

const cloud = testing.useEmulator({ beforeAll, beforeEach, afterAll });
const noHooks = { beforeAll: () => {}, beforeEach: () => {}, afterAll: () => {} };

const misspelt: Record<string, [call: () => unknown, key: string, meant: string]> = {
  startEmulator: [() => emulatorPackage.startEmulator({ prot: 0 } as never), 'prot', 'port'],
  useEmulator: [
    () => testing.useEmulator(noHooks, { resett: 'never' } as never),
    'resett',
    'reset',
  ],
  waitFor: [
    () => testing.waitFor(() => true, 'now', { timeoutMS: 5 } as never),
    'timeoutMS',
    'timeoutMs',
  ],
  waitForCounter: [
    () => testing.waitForCounter(cloud.emulator, () => 0, 0, { intervalMS: 5 } as never),
    'intervalMS',
    'intervalMs',
  ],
  resetWhenIdle: [
    () => testing.resetWhenIdle(cloud.emulator, { timeoutMs: 5, intervalsMs: 1 } as never),
    'intervalsMs',
    'intervalMs',
  ],
};
const takesNoOptions: Record<string, string> = {
  InvalidOptionsError: 'an error class',
  basicAuthorization: 'takes a client id and a secret',
  getAccessToken: 'takes a token request as requestToken does',
  requestToken:
    'takes a token request or a whole client record; fields it does not send are ignored',
  emulatorCredentials: 'takes an emulator',
};

it('places every function of both entries in one of the lists', () => {
  const functions = Object.entries({ ...emulatorPackage, ...testing })
    .filter(([, value]) => typeof value === 'function')
    .map(([name]) => name);
  expect(functions.sort()).toEqual(
    [...Object.keys(misspelt), ...Object.keys(takesNoOptions)].sort(),
  );
});

it.each(Object.entries(misspelt))(
  '%s refuses a misspelt key with a did-you-mean',
  async (_name, [call, key, meant]) => {
    const failure = await (async () => call())().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: key });
    expect(String(failure)).toContain(`did you mean "${meant}"`);
  },
);

it('reads nothing inherited from Object.prototype', async () => {
  // Keys only the emulator reads (Node's own servers read `port` and `host` of their options).
  const keys = ['clientId', 'clientSecret', 'clients', 'profile', 'tokenTtlSeconds', 'timeScale'];
  const more = ['requestLogSize', 'controlToken', 'reset', 'emulator', 'timeoutMs', 'intervalMs'];
  // A symbol is a value no check accepts: reading an inherited key would throw.
  for (const key of [...keys, ...more]) {
    Object.defineProperty(Object.prototype, key, { value: Symbol(), configurable: true });
  }
  try {
    const started = await emulatorPackage.startEmulator({});
    await started.close();
    testing.useEmulator(noHooks, {});
    await testing.waitFor(() => true, 'now');
  } finally {
    for (const key of [...keys, ...more]) Reflect.deleteProperty(Object.prototype, key);
  }
});
