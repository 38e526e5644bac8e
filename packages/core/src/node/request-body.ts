import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { UsageError } from '../shared/errors.js';

/**
 * The body of an incoming request, ready to forward:
 * - `none`: no body (or GET/HEAD, which are forwarded without one);
 * - `buffered`: every byte, held in memory, so a 401 can be replayed;
 * - `streamed`: more than the buffer limit, passed through as it arrives and
 *   never replayed: a stream of its own over the request, so that whoever
 *   consumes it may destroy it without touching the client's connection.
 *   `length` is the declared `Content-Length`, if any; `discard()` stops
 *   forwarding and drains what is left, so the browser can still read the
 *   answer when the cloud answered before reading it all.
 */
export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'buffered'; readonly bytes: Uint8Array<ArrayBuffer> }
  | {
      readonly kind: 'streamed';
      readonly stream: Readable;
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
      resolve({ kind: 'buffered', bytes: Buffer.concat(chunks, total) });
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
  const onData = (chunk: Buffer): void => {
    if (!stream.push(chunk)) request.pause();
  };
  const onEnd = (): void => {
    detach();
    stream.push(null);
  };
  const onError = (error: Error): void => {
    detach();
    stream.destroy(error);
  };
  const onClose = (): void => onError(new Error('the request closed before its body ended'));
  const detach = (): void => {
    request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
  };
  // Draining (not destroying) keeps the connection usable for the answer.
  const discard = (): void => {
    detach();
    if (!request.readableEnded) request.resume();
  };
  const stream = new Readable({
    read() {
      request.resume();
    },
    destroy(error, callback) {
      discard();
      callback(error);
    },
  });
  for (const chunk of firstChunks) stream.push(chunk);
  // Paused first, so chunks flow only when the consumer reads.
  request.pause();
  request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  return { kind: 'streamed', stream, length, discard };
}

function parseContentLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
