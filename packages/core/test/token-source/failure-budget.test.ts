import { describe, expect, it } from 'vitest';
import { FailureBudget } from '../../src/token-source/failure-budget.js';

describe('FailureBudget', () => {
  it('allows maxFailures failures per rolling window, then says when the next attempt may go', () => {
    const budget = new FailureBudget({ maxFailures: 3, windowMs: 60_000 });
    budget.recordFailure(0);
    budget.recordFailure(10_000);
    expect(budget.allows(10_000)).toBe(true);
    expect(budget.nextAttemptAt(10_000)).toBe(10_000);
    budget.recordFailure(20_000);

    expect(budget.allows(20_000)).toBe(false);
    expect(budget.nextAttemptAt(20_000)).toBe(60_000);
    expect(budget.allows(59_999)).toBe(false);
    expect(budget.allows(60_000)).toBe(true);
  });

  it('rolls: failures older than the window stop counting one by one', () => {
    const budget = new FailureBudget({ maxFailures: 2, windowMs: 1_000 });
    budget.recordFailure(0);
    budget.recordFailure(500);
    expect(budget.nextAttemptAt(600)).toBe(1_000);
    budget.recordFailure(1_000);
    expect(budget.allows(1_000)).toBe(false);
    expect(budget.nextAttemptAt(1_000)).toBe(1_500);
    expect(budget.allows(1_500)).toBe(true);
  });

  it('counts what the store holds and its own failures the store has not included yet', () => {
    const budget = new FailureBudget({ maxFailures: 3, windowMs: 60_000 });
    budget.recordFailure(1_000);
    // A read: the store holds another process's failure, not this one's.
    budget.replaceStored([500], false);
    expect(budget.count(1_000)).toBe(2);
    // The answer to this budget's own update: the store now holds both.
    budget.replaceStored([500, 1_000], true);
    expect(budget.count(1_000)).toBe(2);
    budget.replaceStored([500, 1_000, 2_000], false);
    expect(budget.allows(2_000)).toBe(false);
    expect(budget.nextAttemptAt(2_000)).toBe(60_500);
    // The store dropped them (a cleared record): so does the budget.
    budget.replaceStored([], false);
    expect(budget.allows(2_000)).toBe(true);
  });

  it('counts the failures of the window ending now', () => {
    const budget = new FailureBudget({ maxFailures: 3, windowMs: 1_000 });
    expect(budget.count(0)).toBe(0);
    budget.recordFailure(0);
    budget.replaceStored([500, 500], false);
    expect(budget.count(600)).toBe(3);
    expect(budget.count(1_000)).toBe(2);
    expect(budget.count(1_500)).toBe(0);
  });
});
