import { type Clock, steadyNow } from '../shared/clock.js';
import { clockRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { safeLogger } from '../shared/safe-logger.js';
import { EndpointGuard, type GuardCooldown } from './endpoint-guard.js';
import { FailureBudget, type FailureBudgetPolicy } from './failure-budget.js';
import { DEFAULT_TOKEN_SOURCE_OPTIONS, tokenSourceSchema } from './token-source-options.js';
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
  /**
   * The failure budget the record is judged by, as `createTokenSource()`
   * takes it; default the token source's default (3 per 60 s).
   */
  failureBudget?: Partial<FailureBudgetPolicy>;
  /** Time; default `systemClock`. */
  clock?: Clock;
}

/** The schema of {@link GuardStateOptions}: the token source's own rule for the failure budget. */
export const guardStateSchema = optionsSchema<GuardStateOptions>()({
  failureBudget: tokenSourceSchema.rules.failureBudget,
  clock: clockRule,
});

/**
 * Reads a credential's guard record (from `store.read(key).guard`) the way a
 * token source made now would: a rejection or a 429 cooldown still in
 * force, a spent failure budget, and which of them refuses token requests.
 * For tools that show a fleet's state (`cloud-token guard status`) without
 * making a token source and without sending any request. Options are read
 * through their schema: an unknown key is refused (`ERR_INVALID_OPTIONS`).
 *
 * @example
 * ```ts
 * import { readGuardState } from '@cloud-token/core/store';
 *
 * const { guard } = await store.read(grant.storeKey);
 * const state = readGuardState(guard);
 * state.cooldown; // { reason: 'rejected', until: 1767225600000 }
 * state.failures; // { recent: 1, max: 3, windowMs: 60000 }
 * ```
 */
export function readGuardState(
  record: GuardRecord | undefined,
  options?: GuardStateOptions,
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
  guard.merge(record);
  const budget = new FailureBudget(failureBudget);
  budget.merge(record?.failures ?? []);
  const steady = steadyNow(clock);
  // Stored deadlines are steady milliseconds; shown as the wall-clock moment they stand for.
  const wall = (until: number): number => clock.now() + (until - steady);
  const cooldown = guard.cooldown(steady);
  const rejectedUntil = record?.rejectedUntil ?? 0;
  const rateLimitedUntil = record?.rateLimitedUntil ?? 0;
  return {
    cooldown:
      cooldown === undefined ? undefined : { reason: cooldown.reason, until: wall(cooldown.until) },
    rejection:
      rejectedUntil > steady
        ? { oauthError: 'invalid_client', ...record?.rejection, until: wall(rejectedUntil) }
        : undefined,
    rateLimitedUntil: rateLimitedUntil > steady ? wall(rateLimitedUntil) : undefined,
    failures: {
      recent: budget.count(steady),
      max: failureBudget.maxFailures,
      windowMs: failureBudget.windowMs,
    },
  };
}
