import type { ServerResponse } from 'node:http';
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
  if (answer.body === null) response.end();
  else await streamBody(answer.body, response);
}

/**
 * Writes `body` to `response` chunk by chunk, waiting for `drain` when the
 * client reads slower than the cloud sends. A plain read loop: no Node stream
 * wrapped around the web one, no `pipeline` with its own abort signal.
 */
async function streamBody(body: ReadableStream<Uint8Array>, response: ServerResponse) {
  const reader = body.getReader();
  let clientLeft = false;
  let wake: (() => void) | undefined;
  // Our own `destroy(error)` below also closes the response: that is not the client leaving.
  const onClose = (): void => {
    if (response.writableFinished || response.errored) return;
    clientLeft = true;
    wake?.();
    // A pending read then resolves as done, and the cloud's connection is freed.
    reader.cancel().catch(() => undefined);
  };
  if (response.closed) onClose();
  else response.on('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (clientLeft) return;
      if (done) break;
      if (!response.write(value)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          response.once('drain', resolve);
        });
        response.off('drain', wake as () => void);
        wake = undefined;
        if (clientLeft) return;
      }
    }
    response.end();
  } catch (error) {
    // The client left: nobody is waiting for the rest, or for an error.
    if (clientLeft) return;
    // The cloud's body broke off: end the client's connection, so the cut shows.
    response.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    response.off('close', onClose);
  }
}
