import type { Logger } from '../types.js';

/**
 * A {@link Logger} with every method present.
 *
 * @example
 * ```ts
 * const log: CompleteLogger = safeLogger({ warn: console.warn });
 * log.debug('ignored quietly'); // no debug method given: nothing happens
 * ```
 */
export type CompleteLogger = Required<Logger>;

type Level = keyof Logger;

const levels: readonly Level[] = ['debug', 'info', 'warn', 'error'];

/**
 * Wraps an injected logger so every level can be called unconditionally and a
 * logger that throws never breaks a token request: logging is a side channel,
 * and an exception from it must not turn a good token into a failed call.
 *
 * @example
 * ```ts
 * const log = safeLogger(options.logger);
 * log.info('token obtained', { identity, expiresAt });
 * ```
 */
export function safeLogger(logger: Logger | undefined): CompleteLogger {
  const entries = levels.map((level) => [
    level,
    (message: string, fields?: Record<string, unknown>): void => {
      try {
        logger?.[level]?.(message, fields);
      } catch {
        // Deliberately ignored: see above.
      }
    },
  ]);
  return Object.fromEntries(entries) as CompleteLogger;
}
