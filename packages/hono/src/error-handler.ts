import { isCloudTokenError } from '@cloud-token/core';
import { resolveErrorHandlerOptions, toProblemDetails } from '@cloud-token/core/adapter';
import type { ErrorHandler } from 'hono';
import type { CloudTokenErrorHandlerOptions } from './types.js';

/**
 * An `app.onError` handler answering cloud-token errors as RFC 9457 problem
 * details with the error's status (502, 503, 500) and `Retry-After`; the
 * `detail` is a fixed sentence per code, never a secret or a token. A client
 * that left is logged at `debug` (an empty 499 nobody reads). Other errors get
 * Hono's answer: an `HTTPException`'s response, or a plain 500.
 *
 * @example
 * ```ts
 * app.onError(cloudTokenErrorHandler({ logger: console }));
 * // → 503 Retry-After: 120, { "type": "about:blank", "status": 503, "code": "ERR_RATE_LIMITED", … }
 * ```
 */
export function cloudTokenErrorHandler(options: CloudTokenErrorHandlerOptions = {}): ErrorHandler {
  // Read once: toProblemDetails takes the settings as they are.
  const settings = resolveErrorHandlerOptions(options);
  const { logger } = settings;
  return (error, c) => {
    if (c.req.raw.signal.aborted) {
      logger?.debug?.('cloud-token call aborted: the client disconnected');
      return new Response(null, { status: 499 });
    }
    const answer = toProblemDetails(error, settings);
    if (answer !== undefined && isCloudTokenError(error)) {
      logger?.error?.('cloud-token error answered as problem details', error.toJSON());
      return Response.json(answer.body, { status: answer.status, headers: answer.headers });
    }
    if ('getResponse' in error && typeof error.getResponse === 'function') {
      return error.getResponse() as Response;
    }
    logger?.error?.('unhandled error', { message: error.message });
    return new Response('Internal Server Error', { status: 500 });
  };
}
