import type { Clock } from '../shared/clock.js';
import { clockRule } from '../shared/option-rules.js';
import { keysBelongTo, optionsSchema } from '../shared/options-schema.js';
import { cloudTokenSchema } from '../token-source/resolve-token-source.js';
import { type CallPolicyOptions, callPolicySchema } from './call-policy.js';

/**
 * The options of an `attach…(client, sourceOrOptions, options)` function
 * that puts the core's call policy on a client of its own kind (an axios
 * instance, an official SDK's API client): where the token may go and how
 * 401, 429 and 503 answers are handled, plus the clock that times
 * `Retry-After` waits.
 *
 * @example
 * ```ts
 * const options: AttachOptions = { baseUrl: 'https://api.aspose.cloud/v4.0/', maxRetryAfterMs: 5_000 };
 * ```
 */
export interface AttachOptions extends CallPolicyOptions {
  /** Time and timers for `Retry-After` waits; default `systemClock`. */
  clock?: Clock;
}

/**
 * The schema of {@link AttachOptions} for the function named `factory`: the
 * call policy's table and `clock`; a token-source key given here is refused
 * with where it belongs (the second argument).
 *
 * @example
 * ```ts
 * import { attachOptionsSchema, callPolicyOf } from '@cloud-token/core/adapter';
 *
 * const schema = attachOptionsSchema('attachCloudToken');
 * const settings = schema.read(options);
 * const policy = callPolicyOf(settings, settings.clock);
 * ```
 */
export function attachOptionsSchema(factory: string) {
  return optionsSchema<AttachOptions>()(
    { ...callPolicySchema.rules, clock: clockRule },
    {
      elsewhere: keysBelongTo(
        cloudTokenSchema.keys,
        `it belongs to the token source options, the second argument of ${factory}()`,
      ),
    },
  );
}
