import { sendCloudAnswer as sendToNodeResponse } from '@cloud-token/core/node';
import type { FastifyReply } from 'fastify';

/**
 * Sends a cloud answer as it is (never `return answer`: Fastify would keep a
 * `Content-Encoding` fetch already decoded), with the headers hooks set.
 * @example
 * ```ts
 * app.get('/report.pdf', async (request, reply) =>
 *   sendCloudAnswer(reply, await request.cloudToken.fetch('words/report.docx?format=pdf')));
 * ```
 */
export function sendCloudAnswer(reply: FastifyReply, answer: Response): Promise<void> {
  return writeThrough(reply, () => sendToNodeResponse(reply.raw, answer));
}

/** Writes through the Node response, with the reply's headers; then Fastify's part is done. */
export async function writeThrough(reply: FastifyReply, write: () => Promise<void>) {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value);
  }
  await write();
  reply.hijack();
}
