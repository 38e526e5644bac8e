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

  advance(ms: number): void {
    this.#offsetMs += ms;
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
