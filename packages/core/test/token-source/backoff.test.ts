import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/token-source/backoff.js';

const policy = { baseDelayMs: 200, maxDelayMs: 5_000 };

describe('backoffDelay', () => {
  it('doubles the ceiling with every retry up to the cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 10].map((retry) => backoffDelay(retry, policy, () => 1));
    expect(ceilings).toEqual([200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
  });

  it('applies full jitter: a random share of the ceiling, down to zero', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, policy, () => 0.25)).toBe(200);
  });
});
