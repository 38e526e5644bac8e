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
 * Answers cloud-token errors as problem+json with `Retry-After` (the core's
 * `toProblemDetails`); throws any other error on. Reported by the core's
 * `createErrorReporter`: with `logger`, every answered error; without one,
 * each cause once on `request.log` (Fastify's pino, fields first). Never a secret.
 *
 * @example
 * ```ts
 * const answerCloudErrors = cloudTokenErrorHandler({ problemType: (code) => `https://example.com/${code}` });
 * app.setErrorHandler((error, request, reply) => {
 *   if (isCloudTokenError(error)) return answerCloudErrors(error, request, reply);
 *   reply.code(500).send({ oops: true });
 * });
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
    // A cloud body broke off after the answer started: nothing more can be sent.
    if (reply.raw.headersSent) return void reply.hijack();
    reply.code(answer.status).headers(answer.headers).send(JSON.stringify(answer.body));
  };
}
