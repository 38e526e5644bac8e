/**
 * A JWT's first two segments, base64url JSON (`eyJ…`): how an access token
 * would show if it leaked into a log line or an answer.
 *
 * @example
 * ```ts
 * const tokenPrinted = jwtPattern.test(printedForm(error)); // false
 * ```
 */
export const jwtPattern = /eyJ[\w-]+\.eyJ[\w-]+/;
