/**
 * The body of a Web `Request`, ready to forward: none, every byte in memory
 * (replayable after a 401), or a stream of the rest beyond the buffer limit
 * (never replayed; `discard()` cancels it; `failed` aborts, with the error,
 * when reading the client's body fails: the client left midway).
 */
export type WebRequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'buffered'; readonly bytes: Uint8Array<ArrayBuffer> }
  | {
      readonly kind: 'streamed';
      readonly stream: ReadableStream<Uint8Array>;
      readonly length: number | undefined;
      readonly failed: AbortSignal;
      discard(): void;
    };

/**
 * Reads a Web `Request`'s body into memory up to `maxBufferedBytes` (so a
 * 401 can replay it); beyond that (declared or discovered) hands the rest
 * over as a stream, pulled on demand, never replayed. Rejects with the
 * request's own error when its body fails.
 */
export async function readWebRequestBody(
  request: Request,
  maxBufferedBytes: number,
): Promise<WebRequestBody> {
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
  // An errored body stream alone does not stop workerd's request to the cloud: abort it too.
  const failure = new AbortController();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
    },
    async pull(controller) {
      const read = await reader.read().catch((error: unknown) => {
        failure.abort(error);
        throw error;
      });
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return {
    kind: 'streamed',
    stream,
    length,
    failed: failure.signal,
    discard: () => void reader.cancel().catch(() => undefined),
  };
}

/** `chunks` as one array of `total` bytes. */
function concatenate(chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
