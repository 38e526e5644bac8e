import type { AccessToken } from '../shared/access-token.js';

/**
 * How long (60 s) 401-driven renewals stop for a token source once
 * renewing did not help {@link UNAUTHORIZED_RENEWAL_STRIKES} times in a
 * row: each token obtained after a refusal was refused too. During that
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
 * How many renewals in a row (2) must fail before 401-driven renewals
 * pause, once the API has accepted a token of the source; before that, one
 * is enough. A source whose tokens were accepted knows the API takes them:
 * a renewal refused there is more likely one that a key rotation killed
 * between its signing and its first use (a rotation landing while the
 * token was being written to a shared store) than an API that refuses
 * every token, and one more renewal helps. A source never accepted has no
 * such evidence: an API that refuses everything from the start costs it
 * two token requests, then the pause ({@link UNAUTHORIZED_RENEWAL_PAUSE_MS}).
 *
 * @example
 * ```ts
 * console.log(`the pause starts after ${UNAUTHORIZED_RENEWAL_STRIKES} renewals refused in a row`);
 * ```
 */
export const UNAUTHORIZED_RENEWAL_STRIKES = 2;

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
  /** Renewals in a row that were refused too, since a token was last accepted. */
  strikes: number;
  /** Whether the API ever accepted a token of this source (then a pause takes two strikes). */
  accepted: boolean;
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
  return {
    rejected: undefined,
    rejectedAt: 0,
    rejectedWallAt: 0,
    strikes: 0,
    accepted: false,
    pausedUntil: 0,
  };
}

/**
 * What to do about a refused token:
 * - `invalidate`: renew it (invalidate and replay);
 * - `renew-again`: a renewal did not help, but fewer than
 *   {@link UNAUTHORIZED_RENEWAL_STRIKES} times in a row: renew once more
 *   (the key may have rotated again), and the call may replay once more;
 * - `paused`: renewals after refusals are paused: give the refusal back;
 * - `pause`: renewals did not help, as many times in a row as it takes:
 *   the pause starts now (give it back, and say so once).
 */
export type RefusalVerdict = 'invalidate' | 'renew-again' | 'paused' | 'pause';

/**
 * Which send of its call a refused token carried:
 * - `first`: the call's first send, or a replay that carried a stale token
 *   (obtained before the call's first refusal: an older token a shared
 *   store still held), which says nothing of a renewal;
 * - `replay`: a replay with the token obtained for it;
 * - `unrenewed`: a replay with the very token the call saw refused first
 *   (the source renewed nothing).
 */
export type RefusedSend = 'first' | 'replay' | 'unrenewed';

/**
 * Records that `token` was refused at `now` (steady) / `wallNow` (wall
 * clock) and says what to do. A renewal did not help when a call's replay
 * was refused, or when the refused token was obtained (by this process or,
 * through a shared store, by another) after the refusal of another token
 * moments ago ({@link UNAUTHORIZED_RENEWAL_PAUSE_MS}), with no token
 * accepted since. A token whose refusal was already noted (a storm of calls
 * carrying it) counts once. After {@link UNAUTHORIZED_RENEWAL_STRIKES}
 * such renewals in a row (one, while the API never accepted a token of the
 * source) the pause opens. A refused token obtained before
 * that refusal was stale (an older token a store still held): renewing it
 * can still help.
 *
 * @example
 * ```ts
 * const verdict = noteRefusal(rejections, token, 'first', steadyNow(clock), clock.now());
 * if (verdict === 'invalidate' || verdict === 'renew-again') source.invalidate(token);
 * ```
 */
export function noteRefusal(
  rejections: TokenRejections,
  token: AccessToken,
  send: RefusedSend,
  now: number,
  wallNow: number,
): RefusalVerdict {
  if (now < rejections.pausedUntil) return 'paused';
  const { rejected } = rejections;
  const recent =
    rejected !== undefined && now - rejections.rejectedAt < UNAUTHORIZED_RENEWAL_PAUSE_MS;
  // The same token refused again (a storm of calls carrying it) keeps the moment of its first refusal.
  const noted = rejected?.value === token.value;
  const renewalFailed =
    send === 'unrenewed' ||
    (!noted && (send === 'replay' || (recent && token.obtainedAt >= rejections.rejectedWallAt)));
  const strikes = rejections.accepted ? UNAUTHORIZED_RENEWAL_STRIKES : 1;
  if (renewalFailed && rejections.strikes + 1 >= strikes) {
    rejections.pausedUntil = now + UNAUTHORIZED_RENEWAL_PAUSE_MS;
    rejections.rejected = undefined;
    rejections.strikes = 0;
    return 'pause';
  }
  if (renewalFailed) rejections.strikes += 1;
  else if (!recent) rejections.strikes = 0;
  if (!noted) {
    rejections.rejected = token;
    rejections.rejectedAt = now;
    rejections.rejectedWallAt = wallNow;
  }
  return renewalFailed ? 'renew-again' : 'invalidate';
}
