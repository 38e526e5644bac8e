import { describe, expect, it } from 'vitest';
import { renewalWindow } from '../../src/token-source/renewal-window.js';

const policies = {
  renewal: { maxEarlyMs: 300_000, earlyFraction: 0.1, jitterMs: 30_000 },
  unusable: { maxMarginMs: 30_000, marginFraction: 0.05 },
};
const DAY = 86_400_000;

describe('renewalWindow', () => {
  it('caps the margins for long-lived tokens: renew 5 min early, unusable 30 s early', () => {
    const window = renewalWindow({ obtainedAt: 0, expiresAt: DAY }, policies, () => 0);
    expect(window).toEqual({ renewAt: DAY - 300_000, unusableAt: DAY - 30_000 });
  });

  it('uses the fractions for short-lived tokens', () => {
    const window = renewalWindow({ obtainedAt: 1_000, expiresAt: 61_000 }, policies, () => 0);
    expect(window).toEqual({ renewAt: 61_000 - 6_000, unusableAt: 61_000 - 3_000 });
  });

  it('renews up to jitterMs earlier at random', () => {
    const early = renewalWindow({ obtainedAt: 0, expiresAt: DAY }, policies, () => 0.999_999);
    const middle = renewalWindow({ obtainedAt: 0, expiresAt: DAY }, policies, () => 0.5);
    expect(middle.renewAt).toBe(DAY - 300_000 - 15_000);
    expect(early.renewAt).toBeGreaterThan(DAY - 330_000);
    expect(early.renewAt).toBeLessThan(DAY - 329_000);
    expect(early.unusableAt).toBe(DAY - 30_000);
  });

  it('never jitters by more than the early margin, so short tokens are not renewed at once', () => {
    const window = renewalWindow({ obtainedAt: 0, expiresAt: 10_000 }, policies, () => 0.5);
    expect(window.renewAt).toBe(10_000 - 1_000 - 500);
  });

  it('keeps obtainedAt ≤ renewAt ≤ unusableAt ≤ expiresAt whatever the policies', () => {
    const odd = {
      renewal: { maxEarlyMs: 0, earlyFraction: 0, jitterMs: 0 },
      unusable: { maxMarginMs: 60_000, marginFraction: 0.9 },
    };
    const inverted = renewalWindow({ obtainedAt: 0, expiresAt: 10_000 }, odd, () => 0);
    expect(inverted).toEqual({ renewAt: 1_000, unusableAt: 1_000 });

    const expired = renewalWindow({ obtainedAt: 5_000, expiresAt: 4_000 }, policies, () => 0.5);
    expect(expired).toEqual({ renewAt: 4_000, unusableAt: 4_000 });
  });
});
