import { InvalidOptionsError } from '../shared/errors.js';
import { readFunctionOption, readOptionsObject } from '../shared/options.js';
import type { Logger } from '../types.js';
import type { ProblemDetailsOptions } from './problem-details.js';

/**
 * Options of every adapter's `cloudTokenErrorHandler()` (and the NestJS
 * filter): the problem `type`s and where the operator-facing message goes.
 *
 * @example
 * ```ts
 * const options: ErrorHandlerOptions = {
 *   problemType: (code) => `https://docs.example.com/problems/${code.toLowerCase()}`,
 *   logger: console,
 * };
 * ```
 */
export interface ErrorHandlerOptions extends ProblemDetailsOptions {
  /**
   * Where the operator-facing message goes (`error`; a client disconnect at
   * `debug`); default: nowhere.
   */
  logger?: Logger;
}

/**
 * Checks error-handler options at creation: an object of known keys, a
 * `problemType` function, a `logger` object (`InvalidOptionsError` naming
 * the option otherwise).
 *
 * @example
 * ```ts
 * import { resolveErrorHandlerOptions } from '@cloud-token/core/node';
 *
 * const { problemType, logger } = resolveErrorHandlerOptions(options);
 * ```
 */
export function resolveErrorHandlerOptions(options: unknown): ErrorHandlerOptions {
  if (options === undefined) return {};
  const given = readOptionsObject(options, 'options', { known: ['problemType', 'logger'] });
  const problemType = readFunctionOption<ErrorHandlerOptions['problemType']>(
    given.problemType,
    'problemType',
    undefined,
  );
  const { logger } = given;
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    throw new InvalidOptionsError('logger', 'must be an object with logging methods');
  }
  return { problemType, logger: logger as Logger | undefined };
}
