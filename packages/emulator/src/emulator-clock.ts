/**
 * How far `advanceTime` may move the clock ahead of real time, in all:
 * 100 years (of 365 days). Far enough for any token lifetime a test sets,
 * and far inside the largest `Date`, so the clock always makes a date.
 */
export const maxClockOffsetMs = 100 * 365 * 24 * 60 * 60 * 1000;

/**
 * The emulator's notion of time: real time plus whatever `advanceTime` added.
 * Durations of the real cloud (lockout window, cooldown, token lifetime) are
 * multiplied by `timeScale` before they are enforced, so a test can live
 * through a 10-minute cooldown in 600 ms, or skip it with `advance`.
 */
export class EmulatorClock {
  readonly timeScale: number;
  #offsetMs = 0;

  constructor(timeScale: number) {
    this.timeScale = timeScale;
  }

  /** Epoch milliseconds on the emulator's clock. */
  now(): number {
    return Date.now() + this.#offsetMs;
  }

  /** How far `advance` has moved the clock ahead of real time. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Back to real time. */
  rewind(): void {
    this.#offsetMs = 0;
  }

  /** How long a real-cloud duration lasts on this clock. */
  scale(cloudMs: number): number {
    return cloudMs * this.timeScale;
  }

  /** What the real cloud would announce for a wait that lasts `ms` here. */
  toCloudSeconds(ms: number): number {
    return Math.ceil(ms / this.timeScale / 1000);
  }
}
