import { isCloudTokenError } from '@cloud-token/core';
import { createErrorReporter } from '@cloud-token/core/adapter';
import {
  type ErrorHandlerOptions,
  isClientDisconnect,
  resolveErrorHandlerOptions,
  toProblemDetails,
} from '@cloud-token/core/node';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers cloud-token errors as problem+json with `Retry-After`; throws any
 * other on. Reports (the core's `createErrorReporter`) every answered error to
 * `logger`, or each cause once to `request.log` (pino, fields first). No secret.
 * @example
 * ```ts
 * app.setErrorHandler(cloudTokenErrorHandler({ logger: console })); // with errorHandler: false
 * ```
 */
export function cloudTokenErrorHandler(
  options?: ErrorHandlerOptions,
): (error: unknown, request: FastifyRequest, reply: FastifyReply) => void {
  const settings = resolveErrorHandlerOptions(options);
  const report = createErrorReporter<FastifyRequest>(settings.logger, (error, line, request) =>
    request.log.error(error.toJSON(), line),
  );
  return function cloudTokenErrorHandler(error, request, reply) {
    if (isClientDisconnect(error)) {
      (settings.logger ?? request.log).debug?.('cloud-token call aborted: the client disconnected');
      return void reply.hijack();
    }
    const answer = toProblemDetails(error, settings);
    if (answer === undefined || !isCloudTokenError(error)) throw error;
    report(error, request);
    if (reply.raw.headersSent) return void reply.hijack(); // a cloud body broke off
    reply.code(answer.status).headers(answer.headers).send(JSON.stringify(answer.body));
  };
}
