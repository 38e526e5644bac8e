import type { GuardUpdate } from '../store.js';

/** mulberry32: a small seeded generator, so every run checks the same sequences. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const errors = ['invalid_client', 'invalid_grant', 'unauthorized_client'] as const;
/** Descriptions a store must keep to the letter, however it encodes them. */
const descriptions = [
  '',
  'Invalid client secret',
  'quotes " and \\ backslashes',
  'line\nbreak\ttab',
  'ünïcödé — 認証 🔑',
  '{"looks":"like json"}',
  'nul\u0000byte',
] as const;

/**
 * `count` sequences of 1 to `maxLength` guard updates, each field present or
 * not at random: the inputs on which a store's guard merge must agree with
 * the core's `applyGuardUpdate`. Durations are whole multiples of 10 s, so
 * that two of them are equal or far apart next to the few milliseconds a
 * store's clock moves between two updates; windows are a minute or more, so
 * that no failure of a sequence ages out (the window has tests of its own).
 */
export function guardUpdateSequences(count: number, maxLength: number): GuardUpdate[][] {
  const random = seeded(0x5eed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const duration = (): number => int(1, 60) * 10_000;
  const maybe = <T>(make: () => T): T | undefined => (random() < 0.5 ? make() : undefined);
  const update = (): GuardUpdate => {
    const fields: Record<string, unknown> = {
      failed: maybe(() => random() < 0.5),
      windowMs: maybe(() => int(60_000, 120_000)),
      rejectedForMs: maybe(duration),
      rejection: maybe(() => ({
        oauthError: errors[int(0, errors.length - 1)],
        ...(random() < 0.5 ? { description: descriptions[int(0, descriptions.length - 1)] } : {}),
        ...(random() < 0.5 ? { upstreamStatus: random() < 0.5 ? 400 : 401 } : {}),
      })),
      rateLimitedForMs: maybe(duration),
      clearRejection: maybe(() => random() < 0.5),
    };
    return Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as GuardUpdate;
  };
  return Array.from({ length: count }, () => Array.from({ length: int(1, maxLength) }, update));
}
