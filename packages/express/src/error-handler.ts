import { STATUS_CODES } from 'node:http';
import {
  type CloudTokenError,
  type CloudTokenErrorCode,
  InvalidOptionsError,
  isCloudTokenError,
} from '@cloud-token/core';
import type { CloudTokenErrorHandler, CloudTokenErrorHandlerOptions } from './types.js';

/** What a client of the application may learn about each failure: nothing secret, nothing internal. */
const problems: Record<CloudTokenErrorCode, { title: string; detail: string }> = {
  ERR_RATE_LIMITED: {
    title: 'Cloud API rate limited',
    detail: 'The cloud API is rate limiting this service; try again after the Retry-After delay.',
  },
  ERR_TOKEN_REQUEST: {
    title: 'Cloud API token unavailable',
    detail: 'This service could not obtain an access token for the cloud API.',
  },
  ERR_API_REQUEST: {
    title: 'Cloud API unreachable',
    detail: 'This service could not reach the cloud API.',
  },
  ERR_TOKEN_RESPONSE: {
    title: 'Cloud API answered wrongly',
    detail: "The cloud API's token endpoint gave an unusable answer.",
  },
  ERR_CREDENTIALS_REJECTED: {
    title: 'Cloud API credentials rejected',
    detail: "The cloud API rejected this service's credentials.",
  },
  ERR_INVALID_OPTIONS: {
    title: 'Service misconfigured',
    detail: 'This service is misconfigured for the cloud API.',
  },
  ERR_USAGE: {
    title: 'Service misconfigured',
    detail: 'This service is misconfigured for the cloud API.',
  },
};

// A newer copy of the core (ESM next to CJS) may raise a code this table does not know yet.
const unknownProblem = { title: 'Cloud API failure', detail: 'A call to the cloud API failed.' };

/**
 * An Express error handler that answers cloud-token errors as RFC 9457
 * problem details (`application/problem+json`: `type`, `title`, `status`,
 * `detail`, `code`) with the error's status (502, 503, 500) and headers
 * (`Retry-After` when the wait is known). The `detail` is a fixed,
 * client-safe sentence per code: it never contains the operator message, a
 * secret or a token. Any other error, or one raised after the response
 * started, goes on with `next(err)`. Mount it after your routes.
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
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an object');
  }
  const { problemType, logger } = options;
  if (problemType !== undefined && typeof problemType !== 'function') {
    throw new InvalidOptionsError('problemType', 'must be a function of the error code');
  }
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    throw new InvalidOptionsError('logger', 'must be an object with logging methods');
  }

  function problemOf(error: CloudTokenError): Record<string, unknown> {
    const { title, detail } = problems[error.code] ?? unknownProblem;
    return problemType === undefined
      ? {
          type: 'about:blank',
          title: STATUS_CODES[error.status],
          status: error.status,
          detail,
          code: error.code,
        }
      : { type: problemType(error.code), title, status: error.status, detail, code: error.code };
  }

  // Four parameters: Express recognises an error handler by its arity.
  return function handleCloudTokenError(error, _req, res, next) {
    if (!isCloudTokenError(error) || res.headersSent) {
      next(error);
      return;
    }
    logger?.error?.('cloud-token error answered as problem details', error.toJSON());
    const body = JSON.stringify(problemOf(error));
    res.statusCode = error.status;
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.setHeader('content-type', 'application/problem+json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
  };
}
