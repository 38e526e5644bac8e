import { inspect } from 'node:util';

/**
 * A value as a log would print it: `util.inspect` ten levels deep, then
 * `JSON.stringify`. A tour searches it for a secret or a token that leaked.
 *
 * @example
 * ```ts
 * const secretPrinted = printedForm(error).includes(clientSecret); // false
 * ```
 */
export function printedForm(value: unknown): string {
  return `${inspect(value, { depth: 10 })}\n${JSON.stringify(value)}`;
}
