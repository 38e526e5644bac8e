/** How a token request was answered, as the console's timeline groups it. */
export type TokenOutcome = 'issued' | 'rejected' | 'rateLimited' | 'faulted';

/** Token request outcomes during one wall-clock second. */
export interface TimelineBucket {
  /** Epoch milliseconds at the start of the second. */
  at: number;
  issued: number;
  rejected: number;
  rateLimited: number;
  faulted: number;
}

/** How far back the timeline reaches: enough for a console, bounded for a long run. */
export const timelineSeconds = 300;

/**
 * Token request outcomes per second over the last {@link timelineSeconds}.
 * Counted per second rather than per request, so a herd of a million
 * requests costs no more memory than a quiet minute. Wall-clock time, not
 * the emulator's clock: it is for a person watching.
 */
export class TokenTimeline {
  readonly #buckets: TimelineBucket[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  record(outcome: TokenOutcome): void {
    const at = Math.floor(this.#now() / 1000) * 1000;
    let bucket = this.#buckets.at(-1);
    if (bucket === undefined || bucket.at !== at) {
      bucket = { at, issued: 0, rejected: 0, rateLimited: 0, faulted: 0 };
      this.#buckets.push(bucket);
      this.#trim();
    }
    bucket[outcome] += 1;
  }

  /** Copies of the buckets still inside the window, oldest first; seconds without requests are absent. */
  buckets(): TimelineBucket[] {
    this.#trim();
    return this.#buckets.map((bucket) => ({ ...bucket }));
  }

  clear(): void {
    this.#buckets.length = 0;
  }

  #trim(): void {
    const oldest = Math.floor(this.#now() / 1000) * 1000 - (timelineSeconds - 1) * 1000;
    const stale = this.#buckets.findIndex((bucket) => bucket.at >= oldest);
    this.#buckets.splice(0, stale === -1 ? this.#buckets.length : stale);
  }
}
