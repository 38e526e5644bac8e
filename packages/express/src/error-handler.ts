import { isCloudTokenError } from '@cloud-token/core';
import {
  isClientDisconnect,
  resolveErrorHandlerOptions,
  sendProblem,
  toProblemDetails,
} from '@cloud-token/core/node';
import type { CloudTokenErrorHandler, CloudTokenErrorHandlerOptions } from './types.js';

/**
 * An Express error handler that answers cloud-token errors as RFC 9457
 * problem details (`application/problem+json`: `type`, `title`, `status`,
 * `detail`, `code`) with the error's status (502, 503, 500) and headers
 * (`Retry-After` when the wait is known), through the core's
 * `toProblemDetails` table. The `detail` is a fixed, client-safe sentence
 * per code: it never contains the operator message, a secret or a token.
 * A client that disconnected mid-call is not an error: it is logged at
 * `debug` and goes no further (Express would print its stack). Any other
 * error, or one raised after the response started, goes on with `next(err)`.
 * Mount it after your routes.
 *
 * @example
 * ```ts
 * app.use(cloudToken(options));
 * app.get('/report', reportRoute);
 * app.use(cloudTokenErrorHandler({ logger: console }));
 * // → 503 Retry-After: 120
 * //   { "type": "about:blank", "title": "Service Unavailable", "status": 503,
 * //     "detail": "The cloud API is rate limiting this service; …", "code": "ERR_RATE_LIMITED" }
 * ```
 */
export function cloudTokenErrorHandler(
  options: CloudTokenErrorHandlerOptions = {},
): CloudTokenErrorHandler {
  // Read once: toProblemDetails takes the settings as they are.
  const settings = resolveErrorHandlerOptions(options);
  const { logger } = settings;

  // Four parameters: Express recognises an error handler by its arity.
  return function handleCloudTokenError(error, _req, res, next) {
    if (isClientDisconnect(error)) {
      logger?.debug?.('cloud-token call aborted: the client disconnected');
      return;
    }
    const answer = toProblemDetails(error, settings);
    if (answer === undefined || !isCloudTokenError(error) || res.headersSent) {
      next(error);
      return;
    }
    logger?.error?.('cloud-token error answered as problem details', error.toJSON());
    sendProblem(res, answer);
  };
}
