import type { Logger } from '../types.js';

/**
 * A {@link Logger} with every method present, always called console-style
 * (`message, fields`).
 *
 * @example
 * ```ts
 * const log: CompleteLogger = safeLogger({ warn: console.warn });
 * log.debug('ignored quietly'); // no debug method given: nothing happens
 * ```
 */
export type CompleteLogger = Required<Logger>;

type Level = keyof Logger;
type Fields = Record<string, unknown>;
type Emit = (level: Level, message: string, fields: Fields | undefined) => void;

const levels: readonly Level[] = ['debug', 'info', 'warn', 'error'];

/** Marks a logger made by {@link fieldsFirstLogger}, so it is never wrapped twice. */
const fieldsFirst = Symbol.for('@cloud-token/core.fields-first-logger');

/**
 * Wraps a logger whose methods take `(fields, message)` — pino's and
 * bunyan's shape — so cloud-token can use it. pino and bunyan loggers are
 * recognised without it (pino by `bindings()`, bunyan by `addStream()`); use
 * it for another logger of that shape.
 *
 * @example
 * ```ts
 * import { createTokenSource, fieldsFirstLogger } from '@cloud-token/core';
 *
 * createTokenSource(grant, { logger: fieldsFirstLogger(myStructuredLogger) });
 * ```
 */
export function fieldsFirstLogger(
  logger: {
    [L in Level]?: (fields: Fields, message: string) => void;
  },
): Logger {
  const wrapped: Logger & { [fieldsFirst]?: true } = { [fieldsFirst]: true };
  for (const level of levels) {
    const method = logger[level];
    if (typeof method !== 'function') continue;
    wrapped[level] = (message, fields) => method.call(logger, fields ?? {}, message);
  }
  return wrapped;
}

/** pino (`bindings()`) and bunyan (`addStream()`) take `(fields, message)`. */
function takesFieldsFirst(logger: object): boolean {
  const candidate = logger as { bindings?: unknown; addStream?: unknown };
  return typeof candidate.bindings === 'function' || typeof candidate.addStream === 'function';
}

/**
 * What a log line carries: no `undefined` fields, and durations (`…Ms`)
 * rounded to whole milliseconds.
 */
function tidy(fields: Fields | undefined): Fields | undefined {
  if (fields === undefined) return undefined;
  const tidied: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    tidied[key] = typeof value === 'number' && key.endsWith('Ms') ? Math.round(value) : value;
  }
  return tidied;
}

/**
 * Wraps an injected logger so every level can be called unconditionally, in
 * the logger's own argument order, and a logger that throws never breaks a
 * token request: logging is a side channel, and an exception from it must
 * not turn a good token into a failed call.
 *
 * @example
 * ```ts
 * const log = safeLogger(options.logger);
 * log.info('token obtained', { client, expiresAt });
 * ```
 */
export function safeLogger(logger: Logger | undefined): CompleteLogger {
  let emit: Emit | undefined;
  if (logger !== undefined) {
    const target = logger as Record<Level, ((...args: unknown[]) => void) | undefined>;
    emit =
      takesFieldsFirst(logger) && !(fieldsFirst in logger)
        ? (level, message, fields) => target[level]?.call(logger, fields ?? {}, message)
        : (level, message, fields) =>
            fields === undefined
              ? target[level]?.call(logger, message)
              : target[level]?.call(logger, message, fields);
  }
  const entries = levels.map((level) => [
    level,
    (message: string, fields?: Fields): void => {
      if (emit === undefined) return;
      try {
        emit(level, message, tidy(fields));
      } catch {
        // Deliberately ignored: see above.
      }
    },
  ]);
  return Object.fromEntries(entries) as CompleteLogger;
}
