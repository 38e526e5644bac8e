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

  /** How many failures of the window ending at `now` it holds. */
  count(now: number): number {
    this.#forgetBefore(now);
    return this.#failures.length;
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
   * Takes in failures a token store recorded for the same credentials (some
   * of them possibly this budget's own, written there earlier): as a
   * multiset union, each moment counted as often as the side that saw it
   * most often, so nothing is counted twice and nothing is lost.
   */
  merge(failures: readonly number[]): void {
    const local = new Map<number, number>();
    for (const at of this.#failures) local.set(at, (local.get(at) ?? 0) + 1);
    const stored = new Map<number, number>();
    for (const at of failures) stored.set(at, (stored.get(at) ?? 0) + 1);
    let added = false;
    for (const [at, count] of stored) {
      for (let extra = count - (local.get(at) ?? 0); extra > 0; extra--) {
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
