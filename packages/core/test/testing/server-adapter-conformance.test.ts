import { invalidOptionOf, runServerAdapterConformance, thrownBy } from '@cloud-token/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { titleRecorder } from '../support/title-recorder.js';

const mount = async () => ({ url: 'http://127.0.0.1:9', close: async () => {} });

describe('runServerAdapterConformance options', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).proxy;
  });

  it('registers the proxy and readiness tests unless told the app has neither', () => {
    const all = titleRecorder();
    runServerAdapterConformance(all.runner, { name: 'all', mount });
    const bare = titleRecorder();
    runServerAdapterConformance(bare.runner, {
      name: 'bare',
      mount,
      proxy: false,
      readiness: false,
    });
    expect(all.titles.length).toBeGreaterThan(bare.titles.length);
    expect(all.titles).toEqual(expect.arrayContaining(bare.titles));
    expect(bare.titles.some((title) => title.includes('proxy'))).toBe(false);
  });

  it('has the proxy check of a client that leaves reset its connection when told so', () => {
    const closes = titleRecorder();
    runServerAdapterConformance(closes.runner, { name: 'closes', mount });
    const resets = titleRecorder();
    runServerAdapterConformance(resets.runner, { name: 'resets', mount, clientLeaves: 'reset' });
    const leaving = (titles: string[]) =>
      titles.filter((title) => title.includes('upstream request'));
    expect(leaving(closes.titles)).toEqual([
      expect.stringContaining('stops the upstream request when the client leaves'),
    ]);
    expect(leaving(resets.titles)).toEqual([
      expect.stringContaining('stops the upstream request when the client resets its connection'),
    ]);
    expect(resets.titles).toHaveLength(closes.titles.length);
  });

  it.each([
    [{ mount }, 'name'],
    [{ name: '', mount }, 'name'],
    [{ name: 'x' }, 'mount'],
    [{ name: 'x', mount: 'http://127.0.0.1' }, 'mount'],
    [{ name: 'x', mount, proxy: 'no' }, 'proxy'],
    [{ name: 'x', mount, clientLeaves: 'abort' }, 'clientLeaves'],
    [{ name: 'x', mount, readyness: false }, 'readyness'],
  ])('refuses %o, naming %s', (options, option) => {
    expect(
      invalidOptionOf(() => runServerAdapterConformance(titleRecorder().runner, options as never)),
    ).toBe(option);
  });

  it('says which key a misspelt one was meant to be', () => {
    const error = thrownBy(() =>
      runServerAdapterConformance(titleRecorder().runner, {
        name: 'x',
        mount,
        readyness: false,
      } as never),
    );
    expect(String(error)).toContain('did you mean "readiness"?');
  });

  it('reads own properties only: an inherited value changes nothing', () => {
    const clean = titleRecorder();
    runServerAdapterConformance(clean.runner, { name: 'clean', mount });
    (Object.prototype as Record<string, unknown>).proxy = false;
    const polluted = titleRecorder();
    runServerAdapterConformance(polluted.runner, { name: 'polluted', mount });
    expect(polluted.titles).toEqual(clean.titles);
  });
});
