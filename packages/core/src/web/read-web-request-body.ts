import { concatenate, type RequestBody } from '../node/request-body.js';

/**
 * Reads a Web `Request`'s body into memory up to `maxBufferedBytes` (so a
 * 401 can replay it); beyond that (declared or discovered) hands the rest
 * over as a stream, pulled on demand, never replayed. Rejects with the
 * request's own error when its body fails.
 */
export async function readWebRequestBody(
  request: Request,
  maxBufferedBytes: number,
): Promise<RequestBody> {
  const body = request.body;
  if (request.method === 'GET' || request.method === 'HEAD' || body === null) {
    return { kind: 'none' };
  }
  const declared = request.headers.get('content-length');
  const length = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (length === undefined || length <= maxBufferedBytes) {
    const { done, value } = await reader.read();
    if (done) return { kind: 'buffered', bytes: concatenate(chunks, total) };
    chunks.push(value);
    total += value.length;
    if (total > maxBufferedBytes) break;
  }
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return {
    kind: 'streamed',
    stream,
    length,
    discard: () => void reader.cancel().catch(() => undefined),
  };
}
