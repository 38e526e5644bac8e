import { fieldsFirstLogger } from '@cloud-token/core';
import { createErrorAnswers, type ErrorHandlerOptions } from '@cloud-token/core/node';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers cloud-token errors as problem+json with `Retry-After` (the core's
 * `createErrorAnswers`, logged to `request.log`); throws any other error on.
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
  const answerOf = createErrorAnswers(options);
  return function cloudTokenErrorHandler(error, request, reply) {
    const answer = answerOf(error, fieldsFirstLogger(request.log));
    if (answer === undefined) throw error;
    // Nobody waits, or a cloud body broke off after the answer started.
    if (answer === 'client-left' || reply.raw.headersSent) return void reply.hijack();
    reply.code(answer.status).headers(answer.headers).send(JSON.stringify(answer.body));
  };
}
