/**
 * Whether a request body can be sent twice, which a 401 replay or a 429 retry
 * needs. Bodies held in memory can: none (`undefined`/`null`), a string, an
 * `ArrayBuffer` or a view of one (`Buffer`, `Uint8Array`, `DataView`),
 * `URLSearchParams`, `FormData`, `Blob`/`File`. Streams cannot: a
 * `ReadableStream`, an async iterable, a Node stream. Anything else is
 * treated as not replayable, because a replay must never send different bytes.
 *
 * @example
 * ```ts
 * isReplayableBody(JSON.stringify({ name: 'doc.docx' })); // true
 * isReplayableBody(fs.createReadStream('doc.docx')); // false
 * ```
 */
export function isReplayableBody(body: unknown): boolean {
  if (body === undefined || body === null || typeof body === 'string') return true;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return true;
  return body instanceof URLSearchParams || body instanceof FormData || body instanceof Blob;
}
