import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The request body was larger than the route accepts. */
export class BodyTooLargeError extends Error {
  constructor(limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole request body, refusing more than `limitBytes`. */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    length += buffer.length;
    if (length > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, length);
}

/**
 * Whether an answer can still be written: the client may have gone, or
 * `close()` may have ended the connection while the request waited.
 */
export function canAnswer(response: ServerResponse): boolean {
  return !response.destroyed && !response.writableEnded;
}

/** Answers `status` with `body` (bytes sent as they are) unless the client has gone. */
export function send(
  response: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body?: string | Uint8Array,
): void {
  if (!canAnswer(response)) return;
  const length = body === undefined ? 0 : Buffer.byteLength(body);
  response.writeHead(status, { ...headers, 'content-length': length });
  response.end(body);
}

/** Answers `status` with `body` as JSON. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  send(
    response,
    status,
    { 'content-type': 'application/json; charset=utf-8', ...headers },
    JSON.stringify(body),
  );
}

/**
 * Waits `ms` before an answer. Resolves `false` if the connection closed
 * meanwhile (the client gave up, or the emulator is closing): there is then
 * no one left to answer, and no timer is left behind.
 */
export function delayAnswer(response: ServerResponse, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(canAnswer(response));
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(canAnswer(response));
    }, ms);
    response.once('close', onClose);
  });
}
