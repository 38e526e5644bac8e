import type { AccessToken } from '../shared/access-token.js';

/**
 * How long (60 s) 401-driven renewals stop for a token source once one did
 * not help: a token obtained after a refusal was refused too. During that
 * while a refusal is given back as it is, with no token request and no
 * replay; the source's own renewals (before expiry) go on as usual, and
 * `status().unauthorizedUntil` and the readiness probe say so.
 *
 * @example
 * ```ts
 * console.log(`401s answered as they are for ${UNAUTHORIZED_RENEWAL_PAUSE_MS / 1000} s`);
 * ```
 */
export const UNAUTHORIZED_RENEWAL_PAUSE_MS = 60_000;

/**
 * What the calls of one token source remember about refused tokens, shared
 * by every adapter on that source (authorized fetch, axios, the proxy).
 * Internal to the call tracker (and read by `status()`).
 */
export interface TokenRejections {
  /** The last token a refusal invalidated, until a later token is accepted. */
  rejected: AccessToken | undefined;
  /** When (steady clock time, see `steadyNow`) `rejected` was refused. */
  rejectedAt: number;
  /** The same moment on the wall clock: a token obtained after it is a renewal that followed it. */
  rejectedWallAt: number;
  /** Until when (steady clock time) refusals renew nothing: a wall-clock step does not stretch it. */
  pausedUntil: number;
}

/**
 * A fresh record of refused tokens: nothing refused, no pause. Each token
 * source holds one (see `sourceState`), shared by every adapter on it.
 *
 * @example
 * ```ts
 * const rejections = createTokenRejections();
 * if (steadyNow(clock) < rejections.pausedUntil) return response;
 * ```
 */
export function createTokenRejections(): TokenRejections {
  return { rejected: undefined, rejectedAt: 0, rejectedWallAt: 0, pausedUntil: 0 };
}

/**
 * What to do about a refused token:
 * - `invalidate`: renew it (invalidate and replay);
 * - `paused`: renewals after refusals are paused: give the refusal back;
 * - `pause`: a renewal did not help: the pause starts now (give it back, and
 *   say so once).
 */
export type RefusalVerdict = 'invalidate' | 'paused' | 'pause';

/**
 * Records that `token` was refused at `now` (steady) / `wallNow` (wall
 * clock) and says what to do. A renewal did not help when the call's replay
 * was refused (`replayed`: the token it got for the replay, not a stale one,
 * was refused too), or when the refused token was obtained (by this process
 * or, through a shared store, by another) after the refusal of another token
 * moments ago ({@link UNAUTHORIZED_RENEWAL_PAUSE_MS}), with no token
 * accepted since: then the pause opens. A refused token obtained before that
 * refusal was stale (an older token a store still held): renewing it can
 * still help.
 *
 * @example
 * ```ts
 * if (noteRefusal(rejections, token, false, steadyNow(clock), clock.now()) === 'invalidate') source.invalidate(token);
 * ```
 */
export function noteRefusal(
  rejections: TokenRejections,
  token: AccessToken,
  replayed: boolean,
  now: number,
  wallNow: number,
): RefusalVerdict {
  if (now < rejections.pausedUntil) return 'paused';
  const { rejected } = rejections;
  const renewalFailed =
    replayed ||
    (rejected !== undefined &&
      rejected.value !== token.value &&
      now - rejections.rejectedAt < UNAUTHORIZED_RENEWAL_PAUSE_MS &&
      token.obtainedAt >= rejections.rejectedWallAt);
  if (renewalFailed) {
    rejections.pausedUntil = now + UNAUTHORIZED_RENEWAL_PAUSE_MS;
    rejections.rejected = undefined;
    return 'pause';
  }
  // The same token refused again (a storm of calls carrying it) keeps the moment of its first refusal.
  if (rejected?.value !== token.value) {
    rejections.rejected = token;
    rejections.rejectedAt = now;
    rejections.rejectedWallAt = wallNow;
  }
  return 'invalidate';
}
