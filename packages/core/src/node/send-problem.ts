import type { ServerResponse } from 'node:http';
import type { ProblemAnswer } from './problem-details.js';

/**
 * Writes a problem answer (see `toProblemDetails`) as the whole response:
 * status, headers, `content-length` and the JSON body.
 *
 * @example
 * ```ts
 * import { sendProblem, toProblemDetails } from '@cloud-token/core/node';
 *
 * const answer = toProblemDetails(error);
 * if (answer !== undefined && !response.headersSent) sendProblem(response, answer);
 * ```
 */
export function sendProblem(response: ServerResponse, answer: ProblemAnswer): void {
  const body = JSON.stringify(answer.body);
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  response.setHeader('content-length', Buffer.byteLength(body));
  response.end(body);
}
