import type { TokenSource } from '@cloud-token/core';
import { createReadinessHandler, type ReadinessOptions } from '@cloud-token/core/node';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { writeThrough } from './send-cloud-answer.js';

/**
 * A route handler answering probes: 200 `{ ready: true }`, or 503 `{ ready: false, reason }`.
 * @example
 * ```ts
 * app.get('/readyz', cloudTokenReadiness(app.cloudToken, { timeoutMs: 2_000 }));
 * ```
 */
export function cloudTokenReadiness(source: TokenSource, options?: ReadinessOptions) {
  const answer = createReadinessHandler(source, options);
  return (request: FastifyRequest, reply: FastifyReply): Promise<void> =>
    writeThrough(reply, () => answer(request.raw, reply.raw));
}
