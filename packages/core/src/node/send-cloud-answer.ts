import type { ServerResponse } from 'node:http';
import { UsageError } from '../shared/errors.js';
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
 * midway (the client's connection is then ended), when the response has
 * already started, or with `ERR_USAGE` when other code ends it midway.
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
  const freeCloudConnection = () => reader.cancel().catch(() => undefined);
  let clientLeft = false;
  let wake: (() => void) | undefined;
  // The response closing under the loop: the client left, or other code ended it. (Our own
  // `destroy(error)` below comes after the loop, with this listener gone.)
  const onClose = (): void => {
    clientLeft = !response.writableFinished && !response.errored;
    wake?.();
    // A pending read then resolves as done.
    void freeCloudConnection();
  };
  if (response.closed) onClose();
  else response.on('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (clientLeft) return;
      if (response.writableEnded) throw endedElsewhere();
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
    if (!response.writableEnded) {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
    void freeCloudConnection();
    throw error;
  } finally {
    response.off('close', onClose);
  }
}

/** The error of a response that other code ended while the cloud's answer was being sent. */
export function endedElsewhere(): UsageError {
  return new UsageError(
    'The response was ended by other code while the cloud answer was being sent (a timeout middleware?)',
  );
}
