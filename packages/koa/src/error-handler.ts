import { isCloudTokenError } from '@cloud-token/core';
import {
  type ErrorHandlerOptions,
  isClientDisconnect,
  resolveErrorHandlerOptions,
  toProblemDetails,
} from '@cloud-token/core/node';
import type { Context, Middleware, Next } from 'koa';

/**
 * Answers cloud-token errors thrown below it as RFC 9457 problem+json with
 * their status and headers, through the core's client-safe table; logs a
 * client disconnect at `debug` only; rethrows any other error. Mount it first.
 *
 * @example
 * ```ts
 * app.use(cloudTokenErrorHandler({ logger: console }));
 * app.use(cloudToken(options));
 * ```
 */
export function cloudTokenErrorHandler(options?: ErrorHandlerOptions): Middleware {
  // Read once: toProblemDetails takes the settings as they are.
  const settings = resolveErrorHandlerOptions(options);
  const { logger } = settings;
  return {
    async cloudTokenErrorHandler(ctx: Context, next: Next): Promise<void> {
      try {
        await next();
      } catch (error) {
        if (isClientDisconnect(error)) {
          logger?.debug?.('cloud-token call aborted: the client disconnected');
          ctx.respond = false;
          return;
        }
        const answer = toProblemDetails(error, settings);
        if (answer === undefined || !isCloudTokenError(error) || ctx.headerSent) throw error;
        logger?.error?.('cloud-token error answered as problem details', error.toJSON());
        ctx.status = answer.status;
        ctx.set(answer.headers);
        ctx.body = JSON.stringify(answer.body);
      }
    },
  }.cloudTokenErrorHandler;
}
