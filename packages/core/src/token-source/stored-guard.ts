import type { GuardRecord, GuardUpdate } from './token-store.js';

/**
 * A credential's guard state as a store keeps it: every moment on the
 * store's own clock (epoch-like milliseconds of that clock; 0 means "not
 * set"). A reader never sees it: {@link readStoredGuard} turns it into the
 * durations of a {@link GuardRecord}.
 *
 * @example
 * ```ts
 * const state: StoredGuard = applyGuardUpdate(undefined, { failed: true, windowMs: 60_000 }, now);
 * ```
 */
export interface StoredGuard {
  readonly rejectedFrom: number;
  readonly rejectedUntil: number;
  readonly rejection?: GuardRecord['rejection'];
  readonly rejections: number;
  readonly rateLimitedFrom: number;
  readonly rateLimitedUntil: number;
  /** When each failed token request of the window happened, oldest first. */
  readonly failures: readonly number[];
}

// The most failure moments kept per credential: more than any budget needs.
const MAX_FAILURES_KEPT = 64;

const emptyGuard: StoredGuard = Object.freeze({
  rejectedFrom: 0,
  rejectedUntil: 0,
  rejections: 0,
  rateLimitedFrom: 0,
  rateLimitedUntil: 0,
  failures: Object.freeze([]) as readonly number[],
});

/**
 * Applies one {@link GuardUpdate} at the store's moment `now`, by the rules
 * every store follows (the memory store through this function, the Redis
 * store's script the same way): `clearRejection` first (the rejection, its
 * deadline and its count go); a failure is appended (those `windowMs` old or
 * older dropped, at most 64 kept); a deadline only moves later, and when it
 * does its start is `now`; a rejection counts one more. For a store of your
 * own that keeps the state in one record and updates it atomically.
 *
 * @example
 * ```ts
 * import { applyGuardUpdate, readStoredGuard } from '@cloud-token/core/adapter';
 *
 * const next = applyGuardUpdate(current, update, now);
 * return readStoredGuard(next, now);
 * ```
 */
export function applyGuardUpdate(
  state: StoredGuard | undefined,
  update: GuardUpdate,
  now: number,
): StoredGuard {
  let { rejectedFrom, rejectedUntil, rejection, rejections } = state ?? emptyGuard;
  let { rateLimitedFrom, rateLimitedUntil, failures } = state ?? emptyGuard;
  if (update.clearRejection === true) {
    rejectedFrom = 0;
    rejectedUntil = 0;
    rejection = undefined;
    rejections = 0;
  }
  if (update.failed === true) {
    const windowMs = update.windowMs ?? Number.POSITIVE_INFINITY;
    const kept = failures.filter((at) => now - at < windowMs);
    kept.push(now);
    kept.sort((a, b) => a - b);
    failures = Object.freeze(kept.slice(-MAX_FAILURES_KEPT));
  }
  if (update.rejectedForMs !== undefined && update.rejectedForMs > 0) {
    rejections += 1;
    rejection = update.rejection ?? rejection;
    const until = now + update.rejectedForMs;
    if (until > rejectedUntil) {
      rejectedUntil = until;
      rejectedFrom = now;
    }
  }
  if (update.rateLimitedForMs !== undefined && update.rateLimitedForMs > 0) {
    const until = now + update.rateLimitedForMs;
    if (until > rateLimitedUntil) {
      rateLimitedUntil = until;
      rateLimitedFrom = now;
    }
  }
  return Object.freeze({
    rejectedFrom,
    rejectedUntil,
    ...(rejection === undefined ? {} : { rejection }),
    rejections,
    rateLimitedFrom,
    rateLimitedUntil,
    failures,
  });
}

/**
 * What a reader gets at the store's moment `now`: how long each deadline
 * lasts yet and has lasted so far (0 and absent once it has passed), and how
 * old each failure is.
 *
 * @example
 * ```ts
 * const record: GuardRecord = readStoredGuard(state, now);
 * ```
 */
export function readStoredGuard(state: StoredGuard, now: number): GuardRecord {
  const rejected = state.rejectedUntil > now;
  const rateLimited = state.rateLimitedUntil > now;
  return Object.freeze({
    rejectedForMs: rejected ? state.rejectedUntil - now : 0,
    ...(rejected && { rejectedSinceMs: Math.max(0, now - state.rejectedFrom) }),
    ...(state.rejection !== undefined && { rejection: state.rejection }),
    rejections: state.rejections,
    rateLimitedForMs: rateLimited ? state.rateLimitedUntil - now : 0,
    ...(rateLimited && { rateLimitedSinceMs: Math.max(0, now - state.rateLimitedFrom) }),
    failureAgesMs: Object.freeze(state.failures.map((at) => Math.max(0, now - at))),
  });
}
