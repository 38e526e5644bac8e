/**
 * When a token stops being fresh: from `renewAt` on, the token source renews
 * it in the background while it keeps serving it.
 *
 * @example
 * ```ts
 * const renewal: RenewalPolicy = { maxEarlyMs: 300_000, earlyFraction: 0.1, jitterMs: 30_000 };
 * ```
 */
export interface RenewalPolicy {
  /** Renew at most this many milliseconds before expiry. */
  maxEarlyMs: number;
  /** Renew at most this fraction of the lifetime before expiry (0 ≤ fraction < 1). */
  earlyFraction: number;
  /**
   * Renew up to this many milliseconds earlier still, at random, so a fleet
   * that obtained its tokens together does not renew them together. Never
   * more than the early margin itself.
   */
  jitterMs: number;
}

/**
 * When a token stops being usable: from `unusableAt` on, callers wait for a
 * new one rather than send a token that could expire in flight.
 *
 * @example
 * ```ts
 * const unusable: UnusablePolicy = { maxMarginMs: 30_000, marginFraction: 0.05 };
 * ```
 */
export interface UnusablePolicy {
  /** Stop using a token at most this many milliseconds before expiry. */
  maxMarginMs: number;
  /** Stop using a token at most this fraction of its lifetime before expiry (0 ≤ fraction < 1). */
  marginFraction: number;
}

/**
 * The two moments in a token's life the token source acts on, in epoch
 * milliseconds: `obtainedAt ≤ renewAt ≤ unusableAt ≤ expiresAt`.
 *
 * @example
 * ```ts
 * const { renewAt, unusableAt } = renewalWindow(token, policies, Math.random);
 * ```
 */
export interface RenewalWindow {
  /** From here on, the token is renewed in the background while still served. */
  renewAt: number;
  /** From here on, the token is no longer served. */
  unusableAt: number;
}

/**
 * Computes a token's renewal window:
 * `renewAt = expiresAt − min(maxEarlyMs, earlyFraction × lifetime) − jitter` and
 * `unusableAt = expiresAt − min(maxMarginMs, marginFraction × lifetime)`, where
 * `jitter = random() × min(jitterMs, early margin)`. The fractions keep
 * short-lived tokens useful (a 60 s token is renewed 6 s before expiry, not 5 min).
 *
 * @example
 * ```ts
 * const window = renewalWindow(
 *   { obtainedAt: 0, expiresAt: 86_400_000 },
 *   {
 *     renewal: { maxEarlyMs: 300_000, earlyFraction: 0.1, jitterMs: 0 },
 *     unusable: { maxMarginMs: 30_000, marginFraction: 0.05 },
 *   },
 *   Math.random,
 * );
 * window.renewAt; // 86_100_000
 * window.unusableAt; // 86_370_000
 * ```
 */
export function renewalWindow(
  token: { obtainedAt: number; expiresAt: number },
  policies: { renewal: RenewalPolicy; unusable: UnusablePolicy },
  random: () => number,
): RenewalWindow {
  const lifetime = Math.max(0, token.expiresAt - token.obtainedAt);
  const { renewal, unusable } = policies;
  const unusableAt =
    token.expiresAt - Math.min(unusable.maxMarginMs, unusable.marginFraction * lifetime);
  const early = Math.min(renewal.maxEarlyMs, renewal.earlyFraction * lifetime);
  const jitter = random() * Math.min(renewal.jitterMs, early);
  const renewAt = Math.min(
    unusableAt,
    Math.max(token.obtainedAt, token.expiresAt - early - jitter),
  );
  return { renewAt, unusableAt };
}
