import { memoryTokenStore } from '@cloud-token/core';
import { invalidOptionOf, runTokenStoreConformance, thrownBy } from '@cloud-token/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { titleRecorder } from '../support/title-recorder.js';

const store = memoryTokenStore();
const createStore = () => store;
const atRest = { readRecord: async () => '', copyRecord: async () => {} };

describe('runTokenStoreConformance options', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).subscribe;
  });

  it('registers the encryption tests only when asked, and the wake-up test unless told there is none', () => {
    const plain = titleRecorder();
    runTokenStoreConformance(plain.runner, { name: 'plain', createStore });
    const encrypted = titleRecorder();
    runTokenStoreConformance(encrypted.runner, { name: 'sealed', createStore, encryption: atRest });
    const silent = titleRecorder();
    runTokenStoreConformance(silent.runner, { name: 'silent', createStore, subscribe: false });
    expect(encrypted.titles.length - plain.titles.length).toBe(2);
    expect(plain.titles.length - silent.titles.length).toBe(1);
  });

  it.each([
    [{ createStore }, 'name'],
    [{ name: 'x' }, 'createStore'],
    [{ name: 'x', createStore: store }, 'createStore'],
    [{ name: 'x', createStore, closeStore: true }, 'closeStore'],
    [{ name: 'x', createStore, subscribe: 'yes' }, 'subscribe'],
    [{ name: 'x', createStore, tokenGraceMs: -1 }, 'tokenGraceMs'],
    [
      { name: 'x', createStore, encryption: { readRecord: atRest.readRecord } },
      'encryption.copyRecord',
    ],
    [{ name: 'x', createStore, faults: {} }, 'faults.fail'],
    [{ name: 'x', createStore, createStores: createStore }, 'createStores'],
  ])('refuses %o, naming %s', (options, option) => {
    expect(
      invalidOptionOf(() => runTokenStoreConformance(titleRecorder().runner, options as never)),
    ).toBe(option);
  });

  it('says which key a misspelt one was meant to be', () => {
    const error = thrownBy(() =>
      runTokenStoreConformance(titleRecorder().runner, {
        name: 'x',
        createStore,
        tokenGraceMS: 1,
      } as never),
    );
    expect(String(error)).toContain('did you mean "tokenGraceMs"?');
  });

  it('reads own properties only: an inherited value changes nothing', () => {
    const clean = titleRecorder();
    runTokenStoreConformance(clean.runner, { name: 'clean', createStore });
    (Object.prototype as Record<string, unknown>).subscribe = false;
    const polluted = titleRecorder();
    runTokenStoreConformance(polluted.runner, { name: 'polluted', createStore });
    expect(polluted.titles).toEqual(clean.titles);
  });
});
