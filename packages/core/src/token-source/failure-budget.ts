/**
 * How many failed token requests a source may make in a rolling window.
 *
 * @example
 * ```ts
 * const budget: FailureBudgetPolicy = { maxFailures: 3, windowMs: 60_000 };
 * ```
 */
export interface FailureBudgetPolicy {
  /** Failed token requests allowed within one window. */
  maxFailures: number;
  /** The rolling window's length. */
  windowMs: number;
}

/**
 * Counts failed token requests in a rolling window and says when the next
 * request may go out. It keeps a source below the servers' lockout thresholds
 * (Aspose: 5 failures; GroupDocs: 20 a minute) whatever goes wrong. It holds
 * two kinds of failure: those a token store holds for the credentials (the
 * whole fleet's, replaced by every answer of the store) and this source's
 * own that no store answer has included yet (its store was failing).
 *
 * @example
 * ```ts
 * const budget = new FailureBudget({ maxFailures: 3, windowMs: 60_000 });
 * budget.recordFailure(clock.now());
 * if (!budget.allows(clock.now())) console.log('next attempt at', budget.nextAttemptAt(clock.now()));
 * ```
 */
export class FailureBudget {
  readonly #policy: FailureBudgetPolicy;
  /** The failures the store last said it holds, oldest first. */
  #stored: readonly number[] = [];
  /** This source's failures no store answer has included yet, oldest first. */
  readonly #own: number[] = [];

  constructor(policy: FailureBudgetPolicy) {
    this.#policy = policy;
  }

  /** Counts one failed token request made at `now`, as this source's own. */
  recordFailure(now: number): void {
    const windowStart = now - this.#policy.windowMs;
    while (this.#own.length > 0 && (this.#own[0] ?? now) <= windowStart) this.#own.shift();
    this.#own.push(now);
  }

  /**
   * Takes the failures a store holds (moments on this budget's clock) in
   * place of those it held before. `includesOwn`: the answer came after this
   * source's own failures were written (an update's answer), so they are in
   * it and are not counted again.
   */
  replaceStored(failures: readonly number[], includesOwn: boolean): void {
    this.#stored = [...failures].sort((a, b) => a - b);
    if (includesOwn) this.#own.length = 0;
  }

  /** Whether another token request may go out at `now`. */
  allows(now: number): boolean {
    return this.count(now) < this.#policy.maxFailures;
  }

  /** How many failures of the window ending at `now` it holds. Allocates nothing. */
  count(now: number): number {
    const windowStart = now - this.#policy.windowMs;
    let count = 0;
    for (const at of this.#stored) if (at > windowStart) count += 1;
    for (const at of this.#own) if (at > windowStart) count += 1;
    return count;
  }

  /** When the next token request may go out: `now` if it may go out now. */
  nextAttemptAt(now: number): number {
    const recent = this.#recent(now);
    const excess = recent.length - this.#policy.maxFailures;
    if (excess < 0) return now;
    // The window must shed enough failures to leave room for one more.
    return (recent[excess] ?? now) + this.#policy.windowMs;
  }

  /** The failures of the window ending at `now`, oldest first. */
  #recent(now: number): number[] {
    const windowStart = now - this.#policy.windowMs;
    return [...this.#stored, ...this.#own].filter((at) => at > windowStart).sort((a, b) => a - b);
  }
}
