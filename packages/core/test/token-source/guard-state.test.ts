import { memoryTokenStore } from '@cloud-token/core';
import { type GuardRecord, readGuardState } from '@cloud-token/core/store';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';

const empty: GuardRecord = { rejectedUntil: 0, rateLimitedUntil: 0, failures: [] };

describe('readGuardState', () => {
  it('reads nothing in force from no record, or from one whose deadlines have passed', () => {
    const clock = createFakeClock(1_000_000);
    const idle = {
      cooldown: undefined,
      rejection: undefined,
      rateLimitedUntil: undefined,
      failures: { recent: 0, max: 3, windowMs: 60_000 },
    };
    expect(readGuardState(undefined, { clock })).toEqual(idle);
    const past = { ...empty, rejectedUntil: 999_999, rateLimitedUntil: 999_000, failures: [1] };
    expect(readGuardState(past, { clock })).toEqual(idle);
  });

  it('says a rejection refuses requests first, with what the endpoint said and until when', () => {
    const clock = createFakeClock(1_000_000);
    const record: GuardRecord = {
      rejectedUntil: 1_600_000,
      rejection: { oauthError: 'invalid_client', upstreamStatus: 400 },
      rateLimitedUntil: 1_060_000,
      failures: [990_000],
    };
    expect(readGuardState(record, { clock })).toEqual({
      cooldown: { reason: 'rejected', until: 1_600_000 },
      rejection: { oauthError: 'invalid_client', upstreamStatus: 400, until: 1_600_000 },
      rateLimitedUntil: 1_060_000,
      failures: { recent: 1, max: 3, windowMs: 60_000 },
    });
  });

  it('says a 429 cooldown, then a spent failure budget, refuses requests', () => {
    const clock = createFakeClock(1_000_000);
    expect(readGuardState({ ...empty, rateLimitedUntil: 1_030_000 }, { clock }).cooldown).toEqual({
      reason: 'rate-limited',
      until: 1_030_000,
    });
    const spent = { ...empty, failures: [970_000, 980_000, 990_000] };
    expect(readGuardState(spent, { clock })).toMatchObject({
      cooldown: { reason: 'failure-budget', until: 1_030_000 },
      failures: { recent: 3, max: 3 },
    });
    const policy = { maxFailures: 5, windowMs: 60_000 };
    expect(readGuardState(spent, { clock, failureBudget: policy })).toMatchObject({
      cooldown: undefined,
      failures: { recent: 3, max: 5 },
    });
  });

  it('reads what a store holds the way the store wrote it', async () => {
    const clock = createFakeClock(5_000);
    const store = memoryTokenStore({ clock });
    await store.updateGuard('k', { rateLimitedUntil: 65_000, failureAt: 5_000 }, 60_000);
    const state = readGuardState((await store.read('k')).guard, { clock });
    expect(state.cooldown).toEqual({ reason: 'rate-limited', until: 65_000 });
    expect(state.failures.recent).toBe(1);
  });
});
