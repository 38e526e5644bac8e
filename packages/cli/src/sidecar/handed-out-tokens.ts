import { createHash } from 'node:crypto';
import type { Clock } from '@cloud-token/core';

/** The most tokens remembered: a renewal adds one, so a few cover every token still alive. */
const MAX_REMEMBERED = 16;

/**
 * The tokens the token facade handed out, remembered by their SHA-256 until
 * they expire, so that with a local client secret the API proxy can accept
 * `Authorization: Bearer <a token the facade gave>` as proof that the caller
 * authenticated (the way an unmodified SDK calls the API after asking the
 * facade for a token). Bounded; never holds a token's value. Expiry is read
 * on the sidecar's clock.
 */
export interface HandedOutTokens {
  remember(value: string, expiresAt: number): void;
  /** Whether `value` is a token the facade handed out and that has not expired. */
  includes(value: string): boolean;
}

export function handedOutTokens(clock: Clock): HandedOutTokens {
  const known = new Map<string, number>();
  const hash = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
  return {
    remember(value, expiresAt) {
      const key = hash(value);
      known.delete(key);
      known.set(key, expiresAt);
      const now = clock.now();
      for (const [entry, until] of known) {
        if (until <= now || known.size > MAX_REMEMBERED) known.delete(entry);
      }
    },
    includes(value) {
      const until = known.get(hash(value));
      return until !== undefined && until > clock.now();
    },
  };
}
