import type { CompleteLogger } from './safe-logger.js';

/**
 * The logger of each token source made by `createTokenSource`, for the
 * code that calls the API on its behalf (the call tracker): a replay or a
 * wait is logged where the application configured its logger, without a
 * second logger option. Weak, so a source leaves memory as usual.
 */
const logs = new WeakMap<object, CompleteLogger>();

/**
 * Records `source`'s logger.
 *
 * @example
 * ```ts
 * registerSourceLog(source, log);
 * ```
 */
export function registerSourceLog(source: object, log: CompleteLogger): void {
  logs.set(source, log);
}

/**
 * The logger of `source`, when `createTokenSource` made it.
 *
 * @example
 * ```ts
 * sourceLog(source)?.debug('replaying the call with a renewed token', { client });
 * ```
 */
export function sourceLog(source: object): CompleteLogger | undefined {
  return logs.get(source);
}
