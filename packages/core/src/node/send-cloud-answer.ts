import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { watchClientDisconnect } from './client-disconnect.js';
import { responseHeadersToReturn } from './proxy-headers.js';

/**
 * Sends a cloud API answer (a fetch `Response`) back to the client as the
 * whole Node response: its status, its headers without hop-by-hop ones and
 * `Set-Cookie` (`Retry-After`, `Content-Type`, `ETag` … kept; `Content-Encoding`
 * and `Content-Length` dropped when fetch already decoded the body) and its
 * body, text or binary, streamed with backpressure and never held in memory.
 *
 * Resolves once the answer is sent, or quietly once the client has left (the
 * cloud's body is then cancelled). Rejects when the cloud's body breaks off
 * midway (the client's connection is then ended) or when the response has
 * already started.
 *
 * Each server adapter wraps it (`sendCloudAnswer(res, answer)` in Express,
 * `sendCloudAnswer(ctx, answer)` in Koa).
 *
 * @example
 * ```ts
 * import { sendCloudAnswer } from '@cloud-token/core/node';
 *
 * http.createServer(async (req, res) => {
 *   const answer = await cloud.fetch('words/doc.docx?format=pdf');
 *   await sendCloudAnswer(res, answer);
 * });
 * ```
 */
export async function sendCloudAnswer(response: ServerResponse, answer: Response): Promise<void> {
  try {
    response.writeHead(answer.status, responseHeadersToReturn(answer.headers));
  } catch (error) {
    // Node refuses some header values fetch lets through; free the cloud's connection anyway.
    await answer.body?.cancel().catch(() => undefined);
    throw error;
  }
  if (answer.body === null) {
    response.end();
    return;
  }
  const disconnect = watchClientDisconnect(response);
  try {
    // The DOM and Node typings describe the same WHATWG stream differently.
    const body = Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>);
    await pipeline(body, response);
  } catch (error) {
    // The client left: nobody is waiting for the rest, or for an error.
    if (disconnect.signal.aborted) return;
    throw error;
  } finally {
    disconnect.stop();
  }
}
