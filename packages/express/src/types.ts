import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorHandlerOptions } from '@cloud-token/core/node';

/**
 * The middleware `cloudToken()` returns: an Express `RequestHandler` (for
 * Express 4 and 5) with a `close()` for shutdown.
 *
 * @example
 * ```ts
 * const middleware: CloudTokenMiddleware = cloudToken(options);
 * app.use(middleware);
 * process.on('SIGTERM', () => middleware.close());
 * ```
 */
export interface CloudTokenMiddleware<Req extends IncomingMessage = IncomingMessage> {
  (req: Req, res: ServerResponse, next: (error?: unknown) => void): void;
  /**
   * Closes the token sources this middleware created (none when it was given
   * a source: that one stays yours). Requests after it fail with `ERR_USAGE`.
   */
  close(): void;
}

/**
 * Options of `cloudTokenErrorHandler()`: the core's `problemType`, and a
 * logger (`error` for answered failures, `debug` for client disconnects).
 *
 * @example
 * ```ts
 * app.use(cloudTokenErrorHandler({
 *   problemType: (code) => `https://docs.example.com/problems/${code.toLowerCase()}`,
 *   logger: console,
 * }));
 * ```
 */
export type CloudTokenErrorHandlerOptions = ErrorHandlerOptions;

/**
 * The Express error handler `cloudTokenErrorHandler()` returns.
 *
 * @example
 * ```ts
 * const handler: CloudTokenErrorHandler = cloudTokenErrorHandler();
 * app.use(handler);
 * ```
 */
export type CloudTokenErrorHandler = (
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;
