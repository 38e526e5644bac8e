import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { responseHeadersToReturn } from './proxy-headers.js';

/**
 * Sends the cloud's answer to the browser as it arrives: its status, its
 * headers (filtered) and its body, with backpressure and without holding it
 * in memory. Rejects if either side fails midway; `pipeline` then destroys
 * both, which cancels the upstream body and ends the browser's connection.
 */
export async function pipeResponse(answer: Response, response: ServerResponse): Promise<void> {
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
  // The DOM and Node typings describe the same WHATWG stream differently.
  const body = Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>);
  await pipeline(body, response);
}
