import type { CloudTokenAccessor, ErrorHandlerOptions } from '@cloud-token/core/adapter';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * The Hono environment `cloudToken()` adds: `c.var.cloudToken`, typed.
 *
 * @example
 * ```ts
 * const app = new Hono<CloudTokenEnv>();
 * app.get('/stats', async (c) => c.var.cloudToken.fetch('words/doc.docx/statistics'));
 * ```
 */
export interface CloudTokenEnv {
  Variables: { cloudToken: CloudTokenAccessor };
}

/**
 * The middleware `cloudToken()` returns, with a `close()` for shutdown.
 *
 * @example
 * ```ts
 * const middleware: CloudTokenMiddleware = cloudToken(options);
 * app.use(middleware);
 * process.on('SIGTERM', () => middleware.close());
 * ```
 */
export type CloudTokenMiddleware = MiddlewareHandler<CloudTokenEnv> & {
  /** Closes the token sources this middleware made (a source passed in stays yours). */
  close(): void;
};

/**
 * The route handler `cloudTokenProxy()` returns, with a `close()` for shutdown.
 *
 * @example
 * ```ts
 * const proxy: CloudTokenProxy = cloudTokenProxy({ target, source });
 * app.all('/cloud/*', proxy);
 * ```
 */
export type CloudTokenProxy = ((c: Context) => Promise<Response>) & {
  /** Closes the token source the proxy made from credentials; a source passed in stays yours. */
  close(): void;
};

/**
 * Options of `cloudTokenErrorHandler()`: the core's `problemType`, and a
 * logger (`error` for answered failures, `debug` for client disconnects).
 *
 * @example
 * ```ts
 * app.onError(cloudTokenErrorHandler({ logger: console }));
 * ```
 */
export type CloudTokenErrorHandlerOptions = ErrorHandlerOptions;
