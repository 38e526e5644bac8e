import type { Logger } from '../types.js';
import { type CloudTokenError, isCloudTokenError } from './errors.js';
import { safeLogger } from './safe-logger.js';

/**
 * Where an adapter's error answers are reported when the application gave no
 * `logger`: the framework's own error output (Koa's `app.emit('error')`,
 * Nest's `Logger`, `console.error` as Express's default handler does). It
 * gets the error (secret-free by construction), one line for an operator,
 * and what the adapter passed along with the error (Koa's `ctx`).
 *
 * @example
 * ```ts
 * const toConsole: ErrorReportSink = (_error, line) => console.error(line);
 * const toKoa: ErrorReportSink<Context> = (error, _line, ctx) => ctx.app.emit('error', error, ctx);
 * ```
 */
export type ErrorReportSink<C = undefined> = (
  error: CloudTokenError,
  line: string,
  context: C,
) => void;

// Causes come from configuration, not from clients, so few exist; the bound only keeps a
// misbehaving peer from growing the set. Beyond it the oldest is forgotten (and reported again).
const rememberedCauses = 64;

/**
 * What makes two errors the same cause: the code, and what tells failures of
 * one code apart (the option, the OAuth error, the kind of transport failure,
 * the fixed sentence of a usage error). Never the time or a wait, which
 * change with every request.
 */
function causeOf(error: CloudTokenError): string {
  const { option, oauthError, reason, upstreamStatus } = error.toJSON();
  const message =
    error.code === 'ERR_USAGE' || error.code === 'ERR_TOKEN_RESPONSE' ? error.message : '';
  return JSON.stringify([error.code, option, oauthError, reason, upstreamStatus, message]);
}

/**
 * The one line an operator reads: what failed, its code, what the clients
 * got, and that the cause is reported once.
 */
function lineOf(error: CloudTokenError): string {
  return `cloud-token: ${error.message} (${error.code}); answered ${error.status}. Reported once per cause: later requests that fail the same way are not logged again.`;
}

/**
 * The reporting rule of every adapter's error answers (`cloudTokenErrorHandler()`,
 * the NestJS filter): with the application's `logger`, every answered error
 * goes to `logger.error` with its secret-free fields, as asked; without one,
 * a service must still say it is misconfigured or refused, so each cause
 * (a code and what distinguishes it: `ERR_CREDENTIALS_REJECTED`
 * `invalid_client`, `ERR_INVALID_OPTIONS` on `clientSecret`, …) goes once to
 * `fallback`, the framework's own error output, and never once per request.
 * Nothing it reports carries a secret or a token: it reports the error's own
 * message, which never holds one. Errors that are not cloud-token's are
 * ignored (the framework reports those itself).
 *
 * @example
 * ```ts
 * import { createErrorReporter } from '@cloud-token/core/adapter';
 *
 * const report = createErrorReporter(options.logger, (_error, line) => console.error(line));
 * // in the error handler, before answering:
 * report(error, undefined);
 * ```
 */
export function createErrorReporter<C = undefined>(
  logger: Logger | undefined,
  fallback: ErrorReportSink<C>,
): (error: unknown, context: C) => void {
  if (logger !== undefined) {
    const log = safeLogger(logger);
    return (error) => {
      if (isCloudTokenError(error)) {
        log.error('cloud-token error answered as problem details', error.toJSON());
      }
    };
  }
  const reported = new Set<string>();
  return (error, context) => {
    if (!isCloudTokenError(error)) return;
    const cause = causeOf(error);
    if (reported.has(cause)) return;
    if (reported.size >= rememberedCauses) {
      reported.delete(reported.values().next().value as string);
    }
    reported.add(cause);
    try {
      fallback(error, lineOf(error), context);
    } catch {
      // Reporting is a side channel: it must never turn an answer into a crash.
    }
  };
}
