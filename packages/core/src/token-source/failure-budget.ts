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
 * (Aspose: 5 failures; GroupDocs: 20 a minute) whatever goes wrong.
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
  /** When each failure of the current window happened, oldest first. */
  readonly #failures: number[] = [];

  constructor(policy: FailureBudgetPolicy) {
    this.#policy = policy;
  }

  /** Counts one failed token request made at `now`. */
  recordFailure(now: number): void {
    this.#forgetBefore(now);
    this.#failures.push(now);
  }

  /** Whether another token request may go out at `now`. */
  allows(now: number): boolean {
    this.#forgetBefore(now);
    return this.#failures.length < this.#policy.maxFailures;
  }

  /** When the next token request may go out: `now` if it may go out now. */
  nextAttemptAt(now: number): number {
    if (this.allows(now)) return now;
    const excess = this.#failures.length - this.#policy.maxFailures;
    // The window must shed enough failures to leave room for one more.
    const freeing = this.#failures[excess] ?? now;
    return freeing + this.#policy.windowMs;
  }

  /**
   * Adds failures another holder of the same credentials recorded (from a
   * token store), skipping those already counted.
   */
  merge(failures: readonly number[]): void {
    let added = false;
    for (const at of failures) {
      if (!this.#failures.includes(at)) {
        this.#failures.push(at);
        added = true;
      }
    }
    if (added) this.#failures.sort((a, b) => a - b);
  }

  #forgetBefore(now: number): void {
    const windowStart = now - this.#policy.windowMs;
    let expired = 0;
    while (expired < this.#failures.length && (this.#failures[expired] ?? now) <= windowStart) {
      expired += 1;
    }
    if (expired > 0) this.#failures.splice(0, expired);
  }
}
