import { loggerRule } from '../shared/option-rules.js';
import { optionsSchema, type ReadOptions } from '../shared/options-schema.js';
import type { Logger } from '../types.js';
import { type ProblemDetailsOptions, problemDetailsSchema } from './problem-details.js';

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
 * The schema of {@link ErrorHandlerOptions}: the problem table's
 * `problemType` and the `logger`.
 *
 * @example
 * ```ts
 * errorHandlerSchema.read({ problemTYpe: () => '' }); // throws: … did you mean "problemType"?
 * ```
 */
export const errorHandlerSchema = optionsSchema<ErrorHandlerOptions>()({
  ...problemDetailsSchema.rules,
  logger: loggerRule,
});

/**
 * Checks error-handler options at creation: an object of known keys, a
 * `problemType` function, a `logger` object (`InvalidOptionsError` naming
 * the option otherwise). What it returns, `toProblemDetails` takes without
 * reading it again.
 *
 * @example
 * ```ts
 * import { resolveErrorHandlerOptions } from '@cloud-token/core/node';
 *
 * const { problemType, logger } = resolveErrorHandlerOptions(options);
 * ```
 */
export function resolveErrorHandlerOptions(options: unknown): ErrorHandlerSettings {
  return errorHandlerSchema.read(options);
}

/**
 * {@link ErrorHandlerOptions} as read: what `toProblemDetails` takes without
 * reading it again.
 *
 * @example
 * ```ts
 * const settings: ErrorHandlerSettings = resolveErrorHandlerOptions({ logger: console });
 * const answer = toProblemDetails(error, settings);
 * ```
 */
export type ErrorHandlerSettings = ReadOptions<typeof errorHandlerSchema.rules>;
