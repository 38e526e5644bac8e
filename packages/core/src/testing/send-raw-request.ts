import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';

/**
 * What {@link sendRawRequest} got back.
 *
 * @example
 * ```ts
 * const answer: RawAnswer = await sendRawRequest(`${url}/proxy/words/doc.docx`);
 * expect(answer.body.toString()).toContain('doc.docx');
 * ```
 */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A request as a browser would send it (see {@link sendRawRequest}).
 *
 * @example
 * ```ts
 * const upload: RawRequest = { method: 'PUT', headers: { 'content-type': 'image/png' }, body };
 * ```
 */
export interface RawRequest {
  /** Default `GET`. */
  method?: string;
  /** Sent as written, `Connection` and other hop-by-hop headers included. */
  headers?: OutgoingHttpHeaders;
  /** A body sent with its `Content-Length`. */
  body?: Uint8Array;
  /** A body sent in these chunks with chunked encoding, without a length. */
  chunks?: readonly Uint8Array[];
}

/**
 * Sends one request with `node:http` on a fresh connection and reads the
 * whole answer. The path goes out exactly as written (`..` and `%2e`
 * included: no URL parser normalises it), and so do raw headers such as
 * `Connection`: what a proxy test needs and `fetch` cannot send.
 *
 * @example
 * ```ts
 * import { sendRawRequest } from '@cloud-token/core/testing';
 *
 * const answer = await sendRawRequest(`${url}/proxy/%2e%2e/connect/token`);
 * expect(answer.status).toBe(400);
 * ```
 */
export function sendRawRequest(url: string, options: RawRequest = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = options.body.length;
    const { origin, hostname, port } = new URL(url);
    const outgoing = request(
      {
        hostname,
        port,
        path: url.slice(origin.length),
        method: options.method ?? 'GET',
        headers,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    for (const chunk of options.chunks ?? []) outgoing.write(chunk);
    outgoing.end(options.body);
  });
}
