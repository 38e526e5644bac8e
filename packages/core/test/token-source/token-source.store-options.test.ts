import {
  clientCredentials,
  createTokenSource,
  type InvalidOptionsError,
  memoryTokenStore,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { thrownBy } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';

const grant = clientCredentials({
  tokenUrl: 'http://127.0.0.1:1/connect/token',
  clientId: 'id',
  clientSecret: 'secret-never-echoed',
});

function optionOf(options: unknown): string | undefined {
  const error = thrownBy(() =>
    createTokenSource(grant, options as TokenSourceOptions),
  ) as InvalidOptionsError;
  expect(error.code).toBe('ERR_INVALID_OPTIONS');
  expect(error.message).not.toContain('secret-never-echoed');
  return error.option;
}

describe('createTokenSource: store, storeTimeoutMs, keepWarm and clock.monotonic options', () => {
  const store = memoryTokenStore();

  it.each([
    [{ store: 'redis://127.0.0.1' }, 'store'],
    [{ store: null }, 'store'],
    [{ store: { ...store, read: undefined } }, 'store.read'],
    [{ store: { ...store, writeToken: 1 } }, 'store.writeToken'],
    [{ store: { ...store, acquireLock: undefined } }, 'store.acquireLock'],
    [{ store: { ...store, releaseLock: undefined } }, 'store.releaseLock'],
    [{ store: { ...store, updateGuard: undefined } }, 'store.updateGuard'],
    [{ store: { ...store, subscribe: 'yes' } }, 'store.subscribe'],
    [{ store: { ...store, shared: 'no' } }, 'store.shared'],
    [{ storeTimeoutMs: 0 }, 'storeTimeoutMs'],
    [{ storeTimeoutMs: '100' }, 'storeTimeoutMs'],
    [{ storeTimeoutMs: Number.POSITIVE_INFINITY }, 'storeTimeoutMs'],
    [{ keepWarm: 'true' }, 'keepWarm'],
    [{ keepWarm: 1 }, 'keepWarm'],
    [{ clock: { now: Date.now, setTimeout, clearTimeout, monotonic: 5 } }, 'clock.monotonic'],
  ])('rejects %o at creation, naming %s', (options, option) => {
    expect(optionOf(options)).toBe(option);
  });

  it('accepts a store, a store timeout, keepWarm and a monotonic clock', () => {
    const source = createTokenSource(grant, {
      store,
      storeTimeoutMs: 250,
      keepWarm: true,
      clock: {
        now: () => Date.now(),
        monotonic: () => performance.now(),
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      },
    });
    expect(source.status?.().store).toBe('local');
    source.close();
  });

  it('rejects bad memory store options, naming them', () => {
    expect(thrownBy(() => memoryTokenStore({ maxEntries: 0 }))).toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      option: 'maxEntries',
    });
    expect(thrownBy(() => memoryTokenStore({ clock: {} as never }))).toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      option: 'clock',
    });
  });
});
