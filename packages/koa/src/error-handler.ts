import { isCloudTokenError } from '@cloud-token/core';
import { createErrorReporter } from '@cloud-token/core/adapter';
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
 * What it answered is reported: with `logger`, every answered error at
 * `error`; without one, each cause once (a wrong secret, a
 * misconfiguration: one report however many requests fail) the way Koa
 * reports errors, on the application's `error` event
 * (`ctx.app.emit('error', error, ctx)`), which Koa prints to stderr unless
 * you listen to it or set `app.silent`. Nothing reported carries a secret
 * or a token.
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
  // Koa's own way: the error and its context on the application's `error` event.
  const report = createErrorReporter<Context>(logger, (error, _line, ctx) =>
    ctx.app.emit('error', error, ctx),
  );
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
        report(error, ctx);
        ctx.status = answer.status;
        ctx.set(answer.headers);
        ctx.body = JSON.stringify(answer.body);
      }
    },
  }.cloudTokenErrorHandler;
}
