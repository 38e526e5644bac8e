import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/shared/clock.js';

describe('createFakeClock', () => {
  it('moves only when advanced, running due timers in due order, ties in setting order', async () => {
    const clock = createFakeClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push('late'), 301);
    expect(clock.now()).toBe(1_000);
    expect(clock.pending()).toBe(4);

    await clock.advance(300);

    expect(fired).toEqual(['a@1100', 'b@1200', 'c@1200']);
    expect(clock.now()).toBe(1_300);
    expect(clock.pending()).toBe(1);
  });

  it('runs timers set by timers and by promise reactions when they fall due within the span', async () => {
    const clock = createFakeClock(0);
    const fired: number[] = [];
    const chained = (async () => {
      await sleep(100, clock);
      fired.push(clock.now());
      await sleep(100, clock);
      fired.push(clock.now());
    })();

    await clock.advance(250);
    await chained;

    expect(fired).toEqual([100, 200]);
    expect(clock.pending()).toBe(0);
  });

  it('forgets cleared timers and treats negative delays as zero', async () => {
    const clock = createFakeClock(0);
    let ran = 0;
    const handle = clock.setTimeout(() => {
      ran += 1;
    }, 10);
    clock.clearTimeout(handle);
    clock.clearTimeout(handle);
    clock.setTimeout(() => {
      ran += 10;
    }, -5);
    expect(clock.pending()).toBe(1);

    await clock.advance(0);

    expect(ran).toBe(10);
    expect(clock.pending()).toBe(0);
  });

  it('rejects a negative advance', async () => {
    await expect(createFakeClock().advance(-1)).rejects.toThrow(RangeError);
  });

  it('steps its wall clock without moving monotonic time or timers', async () => {
    const clock = createFakeClock(1_000_000);
    let firedAt: number | undefined;
    clock.setTimeout(() => {
      firedAt = clock.monotonic?.();
    }, 100);
    clock.stepWall(-3_600_000);
    expect(clock.now()).toBe(1_000_000 - 3_600_000);
    expect(clock.monotonic?.()).toBe(1_000_000);
    await clock.advance(100);
    expect(firedAt).toBe(1_000_100);
    expect(clock.now()).toBe(1_000_100 - 3_600_000);
  });
});
