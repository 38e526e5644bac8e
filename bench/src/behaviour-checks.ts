/**
 * Behavioural expectations a benchmark verifies along the way (how many
 * token requests reached the emulator, how many lockouts, which error codes).
 * Timing is never checked; a broken count makes the run exit non-zero.
 */
export class BehaviourChecks {
  readonly #failures: string[] = [];

  /** Records `message` as a failure unless `holds`. */
  expect(holds: boolean, message: string): void {
    if (!holds) this.#failures.push(message);
  }

  /** Every expectation that did not hold, in order. */
  get failures(): readonly string[] {
    return this.#failures;
  }
}
