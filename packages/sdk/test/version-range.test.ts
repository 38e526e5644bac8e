import { describe, expect, it } from 'vitest';
import { formatRange, isVersionIn } from '../src/version-range.js';

const range = { from: '20.10.0', below: '25.0.0' };

describe('isVersionIn', () => {
  it.each(['20.10.0', '20.10.1', '22.9.0', '24.12.0', '24.99.99'])(
    '%s is in >=20.10.0 <25.0.0',
    (version) => {
      expect(isVersionIn(version, range)).toBe(true);
    },
  );

  it.each(['1.0.4', '20.9.9', '25.0.0', '25.1.0', '100.0.0'])('%s is not', (version) => {
    expect(isVersionIn(version, range)).toBe(false);
  });

  it.each(['24.12.0-beta.1', '24.12', 'v24.12.0', '', 'latest'])(
    '%j (a prerelease or not a release) is not',
    (version) => {
      expect(isVersionIn(version, range)).toBe(false);
    },
  );

  it('compares numerically, not as text', () => {
    expect(isVersionIn('20.9.0', { from: '20.10.0', below: '21.0.0' })).toBe(false);
    expect(isVersionIn('20.11.0', { from: '20.10.0', below: '21.0.0' })).toBe(true);
  });
});

it('formatRange writes a peer dependency range', () => {
  expect(formatRange(range)).toBe('>=20.10.0 <25.0.0');
});
