import type { IncomingMessage } from 'node:http';
import { UsageError } from '../shared/errors.js';

/**
 * The body of an incoming request, ready for fetch:
 * - `none`: no body (or GET/HEAD, which fetch cannot send with one);
 * - `buffered`: every byte, held in memory, so a 401 can be replayed;
 * - `streamed`: more than the buffer limit, passed through as it arrives and
 *   never replayed. `length` is the declared `Content-Length`, if any;
 *   `discard()` stops forwarding and drains what is left, so the browser can
 *   still read the answer when the cloud answered before reading it all.
 */
export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'buffered'; readonly bytes: Uint8Array<ArrayBuffer> }
  | {
      readonly kind: 'streamed';
      readonly stream: ReadableStream<Uint8Array>;
      readonly length: number | undefined;
      discard(): void;
    };

const none: RequestBody = { kind: 'none' };

/**
 * Reads `request`'s body into memory up to `maxBufferedBytes`; beyond that
 * (declared or discovered), hands the rest over as a stream with
 * backpressure. Rejects when the request fails or closes before its end, and
 * with `ERR_USAGE` when a body parser already consumed the body.
 */
export function readRequestBody(
  request: IncomingMessage,
  maxBufferedBytes: number,
): Promise<RequestBody> {
  const declaredLength = parseContentLength(request.headers['content-length']);
  const hasBody =
    request.headers['transfer-encoding'] !== undefined ||
    (declaredLength !== undefined && declaredLength > 0);
  if (request.method === 'GET' || request.method === 'HEAD') return Promise.resolve(none);
  if (declaredLength === 0) return Promise.resolve({ kind: 'buffered', bytes: new Uint8Array(0) });
  if (!hasBody) return Promise.resolve(none);
  if (request.readableEnded) {
    return Promise.reject(
      new UsageError(
        'the request body was already read: mount the cloud-token proxy before any body parser',
      ),
    );
  }
  if (declaredLength !== undefined && declaredLength > maxBufferedBytes) {
    return Promise.resolve(streamRest(request, [], declaredLength));
  }

  return new Promise<RequestBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      total += chunk.length;
      if (total <= maxBufferedBytes) return;
      request.pause();
      detach();
      resolve(streamRest(request, chunks, declaredLength));
    };
    const onEnd = (): void => {
      detach();
      resolve({ kind: 'buffered', bytes: concatenate(chunks, total) });
    };
    const onError = (error: Error): void => {
      detach();
      reject(error);
    };
    const onClose = (): void => onError(new Error('the request closed before its body ended'));
    const detach = (): void => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The given first chunks, then whatever is left of `request`, pulled on demand. */
function streamRest(
  request: IncomingMessage,
  firstChunks: readonly Buffer[],
  length: number | undefined,
): RequestBody {
  let detach = (): void => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of firstChunks) controller.enqueue(chunk);
      const onData = (chunk: Buffer): void => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) request.pause();
      };
      const onEnd = (): void => {
        detach();
        controller.close();
      };
      const onError = (error: Error): void => {
        detach();
        controller.error(error);
      };
      const onClose = (): void => onError(new Error('the request closed before its body ended'));
      detach = () => {
        request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      };
      // Paused first, so chunks flow only when fetch pulls them.
      request.pause();
      request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    },
    pull() {
      request.resume();
    },
    cancel() {
      discard();
    },
  });
  // Draining (not destroying) keeps the connection usable for the answer.
  const discard = (): void => {
    detach();
    if (!request.readableEnded) request.resume();
  };
  return { kind: 'streamed', stream, length, discard };
}

function parseContentLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** `chunks` as one array of `total` bytes. */
export function concatenate(chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
