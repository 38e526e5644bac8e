import { formatSummaryTable, type TourSteps } from '@cloud-token/demo-kit';
import { describe, expect, it } from 'vitest';

const steps: TourSteps = {
  firstCall: { calls: 100, succeeded: 100, tokenRequests: 1 },
  renewal: { calls: 100, failed: 0, tokenRequests: 1 },
  keyRotation: { calls: 50, rejected: 50, succeeded: 50, tokenRequests: 1 },
  api429: { statuses: [429, 200] },
  token429: {
    kind: 'error',
    code: 'ERR_RATE_LIMITED',
    retryAfterSeconds: 600,
    calls: 21,
    tokenRequests: 1,
  },
  wrongSecret: { calls: 120, outcome: 'ERR_CREDENTIALS_REJECTED', tokenRequests: 1, lockouts: 0 },
};

describe('formatSummaryTable', () => {
  it('lays out a row per step and a column per adapter', () => {
    const { lines, allBehaved } = formatSummaryTable([
      { adapter: 'core', steps },
      { adapter: 'Koa', steps: undefined },
    ]);
    expect(allBehaved).toBe(false);
    expect(lines.slice(0, 6)).toEqual([
      '┌─────────────────────────┬─────────────────────────────┬─────────────────────┐',
      '│ step                    │ core                        │ Koa                 │',
      '├─────────────────────────┼─────────────────────────────┼─────────────────────┤',
      '│ first call              │ ✓ 1 token request           │ ✗ no result         │',
      '│ → 1 token request       │   100/100 ok                │   (the demo failed) │',
      '├─────────────────────────┼─────────────────────────────┼─────────────────────┤',
    ]);
    expect(lines).toHaveLength(1 + 1 + 6 * 3 + 1);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('says whether every cell behaved', () => {
    expect(formatSummaryTable([{ adapter: 'core', steps }]).allBehaved).toBe(true);
    expect(
      formatSummaryTable([
        { adapter: 'core', steps },
        { adapter: 'axios', steps: { ...steps, api429: { statuses: [429] } } },
      ]).allBehaved,
    ).toBe(false);
    expect(formatSummaryTable([]).allBehaved).toBe(false);
  });
});
