import { describe, expect, it } from 'vitest';
import { TokenTimeline, timelineSeconds } from '../src/token-timeline.js';

describe('TokenTimeline', () => {
  it('counts outcomes per wall-clock second', () => {
    let now = 1_000_000_250;
    const timeline = new TokenTimeline(() => now);
    timeline.record('issued');
    timeline.record('issued');
    timeline.record('rejected');
    now += 1000;
    timeline.record('rateLimited');
    timeline.record('faulted');

    expect(timeline.buckets()).toEqual([
      { at: 1_000_000_000, issued: 2, rejected: 1, rateLimited: 0, faulted: 0 },
      { at: 1_000_001_000, issued: 0, rejected: 0, rateLimited: 1, faulted: 1 },
    ]);
  });

  it(`forgets seconds older than ${timelineSeconds} s, so it stays bounded`, () => {
    let now = 0;
    const timeline = new TokenTimeline(() => now);
    for (let second = 0; second < timelineSeconds * 3; second += 1) {
      now = second * 1000;
      timeline.record('issued');
    }

    const buckets = timeline.buckets();
    expect(buckets).toHaveLength(timelineSeconds);
    expect(buckets[0]?.at).toBe(timelineSeconds * 2 * 1000);
    now += timelineSeconds * 1000;
    expect(timeline.buckets()).toEqual([]);
  });
});
