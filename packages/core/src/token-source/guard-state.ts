import { type Clock, steadyNow } from '../shared/clock.js';
import { clockRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { safeLogger } from '../shared/safe-logger.js';
import { EndpointGuard, type GuardCooldown } from './endpoint-guard.js';
import {
  DEFAULT_TOKEN_SOURCE_OPTIONS,
  type TokenSourcePolicies,
  tokenSourceSchema,
} from './token-source-options.js';
import type { GuardRecord } from './token-store.js';

/**
 * What a stored {@link GuardRecord} means now, read by the same rules a
 * token source applies to it: whether token requests are refused and why,
 * the rejection in force, the 429 cooldown, and how much of the failure
 * budget is spent. Times are epoch milliseconds; nothing secret.
 *
 * @example
 * ```ts
 * const state: GuardState = readGuardState((await store.read(grant.storeKey)).guard);
 * if (state.cooldown) console.log(`no token request before ${new Date(state.cooldown.until).toISOString()}: ${state.cooldown.reason}`);
 * ```
 */
export interface GuardState {
  /** Why and until when a token source refuses to send a token request now, if it does. */
  readonly cooldown:
    | { readonly reason: GuardCooldown['reason']; readonly until: number }
    | undefined;
  /** The recorded rejection while it is in force: what the token endpoint said, and until when. */
  readonly rejection:
    | (NonNullable<GuardRecord['rejection']> & { readonly until: number })
    | undefined;
  /** Until when a 429 from the token endpoint stops every token request, if it still does. */
  readonly rateLimitedUntil: number | undefined;
  /** Failed token requests within the budget's window, and the budget itself. */
  readonly failures: { readonly recent: number; readonly max: number; readonly windowMs: number };
}

/**
 * Options of {@link readGuardState}.
 *
 * @example
 * ```ts
 * readGuardState(record, { failureBudget: { maxFailures: 3, windowMs: 60_000 } });
 * ```
 */
export interface GuardStateOptions {
  /** The failure budget the record is judged by; default the token source's default. */
  failureBudget?: TokenSourcePolicies['failureBudget'];
  /** Time; default `systemClock`. */
  clock?: Clock;
}

/**
 * The schema of {@link GuardStateOptions}: the token source's rules for the
 * same keys.
 *
 * @example
 * ```ts
 * guardStateSchema.read({ failurebudget: {} }); // throws: … did you mean "failureBudget"?
 * ```
 */
export const guardStateSchema = optionsSchema<GuardStateOptions>()({
  failureBudget: tokenSourceSchema.rules.failureBudget,
  clock: clockRule,
});

/**
 * Reads a credential's guard record (from `store.read(key).guard`) the way a
 * token source made now would: a rejection or a 429 cooldown still in
 * force, a spent failure budget, and which of them refuses token requests.
 * For tools that show a fleet's state (`cloud-token guard status`) without
 * making a token source and without sending any request.
 *
 * @example
 * ```ts
 * import { readGuardState } from '@cloud-token/core/adapter';
 *
 * const { guard } = await store.read(grant.storeKey);
 * const state = readGuardState(guard);
 * state.cooldown; // { reason: 'rejected', until: 1767225600000 }
 * state.failures; // { recent: 1, max: 3, windowMs: 60000 }
 * ```
 */
export function readGuardState(
  record: GuardRecord | undefined,
  options: GuardStateOptions = {},
): GuardState {
  const { clock, failureBudget } = guardStateSchema.read(options);
  const policies = { ...DEFAULT_TOKEN_SOURCE_OPTIONS, failureBudget };
  const guard = new EndpointGuard({
    client: 'guard state',
    clock,
    log: safeLogger(undefined),
    random: () => 0,
    policies,
  });
  guard.adopt(record, false);
  const steady = steadyNow(clock);
  const now = clock.now();
  // A store hands out durations; shown as the wall-clock moments they end at.
  const cooldown = guard.cooldown(steady);
  const rejectedForMs = record?.rejectedForMs ?? 0;
  const rateLimitedForMs = record?.rateLimitedForMs ?? 0;
  return {
    cooldown:
      cooldown === undefined
        ? undefined
        : { reason: cooldown.reason, until: now + (cooldown.until - steady) },
    rejection:
      rejectedForMs > 0
        ? { oauthError: 'invalid_client', ...record?.rejection, until: now + rejectedForMs }
        : undefined,
    rateLimitedUntil: rateLimitedForMs > 0 ? now + rateLimitedForMs : undefined,
    failures: {
      recent: (record?.failureAgesMs ?? []).filter((age) => age < failureBudget.windowMs).length,
      max: failureBudget.maxFailures,
      windowMs: failureBudget.windowMs,
    },
  };
}
