import type { AccessToken } from '../shared/access-token.js';

/**
 * How long (60 s) 401-driven renewals stop for a token source once one did
 * not help: the token obtained after a refusal was refused too. During that
 * while a refusal is given back as it is, with no token request and no
 * replay; the source's own renewals (before expiry) go on as usual.
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
 * Internal to the call tracker.
 */
export interface TokenRejections {
  /** The last token a refusal invalidated, until a later token is accepted. */
  rejected: AccessToken | undefined;
  /** When (steady clock time, see `steadyNow`) `rejected` was refused. */
  rejectedAt: number;
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
  return { rejected: undefined, rejectedAt: 0, pausedUntil: 0 };
}

/**
 * Records that a refusal did or did not come after a renewal that was meant
 * to cure it, and says whether the refused `token` should be invalidated.
 * A renewal did not help when the refused token was obtained for a replay
 * (`replayed`), or when another token was refused moments ago
 * ({@link UNAUTHORIZED_RENEWAL_PAUSE_MS}) and no token was accepted since:
 * then the pause opens and nothing is invalidated.
 *
 * @example
 * ```ts
 * if (noteRefusal(rejections, token, replays > 0, steadyNow(clock))) source.invalidate(token);
 * ```
 */
export function noteRefusal(
  rejections: TokenRejections,
  token: AccessToken,
  replayed: boolean,
  now: number,
): boolean {
  if (now < rejections.pausedUntil) return false;
  const renewalFailed =
    replayed ||
    (rejections.rejected !== undefined &&
      rejections.rejected.value !== token.value &&
      now - rejections.rejectedAt < UNAUTHORIZED_RENEWAL_PAUSE_MS);
  if (renewalFailed) {
    rejections.pausedUntil = now + UNAUTHORIZED_RENEWAL_PAUSE_MS;
    rejections.rejected = undefined;
    return false;
  }
  rejections.rejected = token;
  rejections.rejectedAt = now;
  return true;
}
