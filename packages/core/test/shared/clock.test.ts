import { systemClock } from '@cloud-token/core';
import { steadyNow } from '@cloud-token/core/store';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';

describe('systemClock', () => {
  it('issue 9 item 1: its timers keep the process alive unless created as housekeeping ({ unref: true })', () => {
    const awaited = systemClock.setTimeout(() => {}, 60_000) as NodeJS.Timeout;
    const housekeeping = systemClock.setTimeout(() => {}, 60_000, {
      unref: true,
    }) as NodeJS.Timeout;
    try {
      expect(awaited.hasRef()).toBe(true);
      expect(housekeeping.hasRef()).toBe(false);
    } finally {
      systemClock.clearTimeout(awaited);
      systemClock.clearTimeout(housekeeping);
    }
  });

  it('has a monotonic reading', () => {
    const first = systemClock.monotonic?.() ?? Number.NaN;
    expect(Number.isFinite(first)).toBe(true);
    expect((systemClock.monotonic?.() ?? 0) >= first).toBe(true);
  });
});

describe('steadyNow', () => {
  it('issue 9 item 11: follows the monotonic reading, not wall-clock steps, and starts at the wall time', async () => {
    const clock = createFakeClock();
    const start = steadyNow(clock);
    expect(start).toBe(clock.now());
    clock.stepWall(-3_600_000);
    expect(steadyNow(clock)).toBe(start);
    await clock.advance(1_000);
    expect(steadyNow(clock)).toBe(start + 1_000);
  });

  it('is the wall time for a clock without monotonic()', () => {
    let now = 5;
    const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    expect(steadyNow(clock)).toBe(5);
    now = 1;
    expect(steadyNow(clock)).toBe(1);
  });
});
