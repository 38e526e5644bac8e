import { createHash } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.js';
import type { EmulatorProfile } from './types.js';

/** The credentials a token request named (empty strings when it named none). */
export interface LockoutSubject {
  clientId: string;
  clientSecret: string;
}

/** One subject's lockout state, as the console shows it. */
export interface LockoutState {
  clientId: string;
  /** Failures that still count towards a ban. */
  failures: number;
  failureLimit: number;
  /** How long the ban lasts yet, in the emulator's milliseconds; 0 when not banned. */
  bannedForMs: number;
  /** The `Retry-After` a request would get now, while banned. */
  retryAfter: string | undefined;
}

interface LockoutRule {
  failureLimit: number;
  /** Failures older than this no longer count (real-cloud milliseconds). */
  windowMs: number;
  cooldownMs: number;
  /** Whose failures count together. */
  keyOf(subject: LockoutSubject): string;
  /** The `Retry-After` value, given the remaining cooldown in real-cloud ms. */
  retryAfter(remainingCloudMs: number): string;
  /** Whether a token issued to the subject wipes its failures. */
  forgetFailuresOnSuccess: boolean;
}

const cooldownMs = 10 * 60 * 1000;

const rules: Record<EmulatorProfile, LockoutRule> = {
  // docs.aspose.cloud "Rate limits": every 400 counts for the (id, secret) pair;
  // the fifth bans that pair with `Retry-After: 600`; other credentials pass.
  aspose: {
    failureLimit: 5,
    windowMs: Number.POSITIVE_INFINITY,
    cooldownMs,
    keyOf: ({ clientId, clientSecret }) =>
      // Hashed so that no secret sits in the emulator's memory as a map key.
      createHash('sha256')
        .update(JSON.stringify([clientId, clientSecret]))
        .digest('hex'),
    retryAfter: () => String(cooldownMs / 1000),
    forgetFailuresOnSuccess: true,
  },
  // GroupDocs Cloud: 20 failed requests within a minute per client, then 10 minutes.
  groupdocs: {
    failureLimit: 20,
    windowMs: 60 * 1000,
    cooldownMs,
    keyOf: ({ clientId }) => clientId,
    retryAfter: (remainingCloudMs) => String(Math.max(1, Math.ceil(remainingCloudMs / 1000))),
    forgetFailuresOnSuccess: false,
  },
};

/**
 * Subjects remembered at most, bans aside: beyond it the subject whose last
 * failure is oldest is forgotten (its count starts again). A ban is never
 * forgotten before it ends, so a client locked out stays locked out.
 */
export const rememberedSubjects = 10_000;

/** Some of the subjects with failures or a ban, and how many were left out. */
export interface LockoutSnapshot {
  /** Bans first, then the most recent failures first. */
  states: LockoutState[];
  omitted: number;
}

interface SubjectRecord {
  /** Shown by the console; the secret part of the key never is. */
  clientId: string;
  /** Emulator-clock times of the failures still inside the window. */
  failures: number[];
  bannedUntil: number | undefined;
}

/** The token endpoint's lockout rule for one {@link EmulatorProfile}. */
export class Lockout {
  readonly #rule: LockoutRule;
  readonly #clock: EmulatorClock;
  readonly #onLockout: () => void;
  /** In order of last failure, oldest first. */
  readonly #records = new Map<string, SubjectRecord>();

  constructor(profile: EmulatorProfile, clock: EmulatorClock, onLockout: () => void) {
    this.#rule = rules[profile];
    this.#clock = clock;
    this.#onLockout = onLockout;
  }

  /** The `Retry-After` value while `subject` is banned, else `undefined`. */
  retryAfter(subject: LockoutSubject): string | undefined {
    const record = this.#records.get(this.#rule.keyOf(subject));
    if (record?.bannedUntil === undefined) return undefined;
    const remaining = record.bannedUntil - this.#clock.now();
    if (remaining <= 0) {
      record.bannedUntil = undefined;
      return undefined;
    }
    return this.#rule.retryAfter(remaining / this.#clock.timeScale);
  }

  recordFailure(subject: LockoutSubject): void {
    const key = this.#rule.keyOf(subject);
    const record = this.#records.get(key) ?? {
      clientId: subject.clientId,
      failures: [],
      bannedUntil: undefined,
    };
    // Deleted and set again: the map stays in order of last failure.
    this.#records.delete(key);
    this.#records.set(key, record);
    const now = this.#clock.now();
    if (this.#records.size > rememberedSubjects) this.#forgetOldestUnbanned(now, record);
    const windowStart = now - this.#clock.scale(this.#rule.windowMs);
    record.failures = record.failures.filter((time) => time > windowStart);
    record.failures.push(now);
    if (record.failures.length >= this.#rule.failureLimit) {
      record.failures = [];
      record.bannedUntil = now + this.#clock.scale(this.#rule.cooldownMs);
      this.#onLockout();
    }
  }

  recordSuccess(subject: LockoutSubject): void {
    if (this.#rule.forgetFailuresOnSuccess) this.#records.delete(this.#rule.keyOf(subject));
  }

  /**
   * Up to `limit` subjects with failures or a ban, for the console (bans
   * first, then the latest failures): the client id, failures still
   * counting, and the ban's remaining time on the emulator's clock and as
   * the cloud would announce it; with the number of subjects left out.
   */
  snapshot(limit: number): LockoutSnapshot {
    const now = this.#clock.now();
    const windowStart = now - this.#clock.scale(this.#rule.windowMs);
    const banned: LockoutState[] = [];
    const counting: LockoutState[] = [];
    for (const record of this.#records.values()) {
      const remainingMs = Math.max(0, (record.bannedUntil ?? now) - now);
      const failures = record.failures.filter((time) => time > windowStart).length;
      if (failures === 0 && remainingMs === 0) continue;
      (remainingMs > 0 ? banned : counting).push({
        clientId: record.clientId,
        failures,
        failureLimit: this.#rule.failureLimit,
        bannedForMs: remainingMs,
        retryAfter:
          remainingMs > 0 ? this.#rule.retryAfter(remainingMs / this.#clock.timeScale) : undefined,
      });
    }
    const all = [...banned.reverse(), ...counting.reverse()];
    return { states: all.slice(0, limit), omitted: Math.max(0, all.length - limit) };
  }

  /** Lifts every ban and forgets every failure. */
  clear(): void {
    this.#records.clear();
  }

  /** Forgets the subject whose last failure is oldest, other than `failing`, unless all are banned. */
  #forgetOldestUnbanned(now: number, failing: SubjectRecord): void {
    for (const [key, record] of this.#records) {
      if (record === failing) return;
      if (record.bannedUntil === undefined || record.bannedUntil <= now) {
        this.#records.delete(key);
        return;
      }
    }
  }
}
