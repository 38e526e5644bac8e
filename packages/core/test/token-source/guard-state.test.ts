import { memoryTokenStore } from '@cloud-token/core';
import { readGuardState } from '@cloud-token/core/adapter';
import type { GuardRecord } from '@cloud-token/core/store';
import { createFakeClock } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';

const empty: GuardRecord = { rejectedForMs: 0, rateLimitedForMs: 0, failureAgesMs: [] };

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
    const past = { ...empty, failureAgesMs: [999_999] };
    expect(readGuardState(past, { clock })).toEqual(idle);
  });

  it('says a rejection refuses requests first, with what the endpoint said and until when', () => {
    const clock = createFakeClock(1_000_000);
    const record: GuardRecord = {
      rejectedForMs: 600_000,
      rejection: { oauthError: 'invalid_client', upstreamStatus: 400 },
      rateLimitedForMs: 60_000,
      failureAgesMs: [10_000],
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
    expect(readGuardState({ ...empty, rateLimitedForMs: 30_000 }, { clock }).cooldown).toEqual({
      reason: 'rate-limited',
      until: 1_030_000,
    });
    const spent = { ...empty, failureAgesMs: [30_000, 20_000, 10_000] };
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

  it('caps a wait by the default policy over its whole length, as a token source would', () => {
    const clock = createFakeClock(1_000_000);
    const longAgo = { ...empty, rateLimitedForMs: 3_000_000, rateLimitedSinceMs: 3_500_000 };
    expect(readGuardState(longAgo, { clock }).cooldown).toEqual({
      reason: 'rate-limited',
      until: 1_100_000,
    });
  });

  it('reads what a store holds the way the store wrote it', async () => {
    const clock = createFakeClock(5_000);
    const store = memoryTokenStore({ clock });
    await store.updateGuard('k', { rateLimitedForMs: 60_000, failed: true }, 60_000);
    const state = readGuardState((await store.read('k')).guard, { clock });
    expect(state.cooldown).toEqual({ reason: 'rate-limited', until: 65_000 });
    expect(state.failures.recent).toBe(1);
  });
});
