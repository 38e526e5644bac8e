import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';

/** What a test client got back. */
export interface ClientAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request as a browser would send it; `chunks` go out with chunked encoding, no length. */
export interface ClientRequest {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: Uint8Array;
  chunks?: readonly Uint8Array[];
}

/**
 * Sends one request with node:http on a fresh connection, and reads the whole
 * answer. The path goes out exactly as written (`..` and `%2e` included: no
 * URL parser normalises it), and so do raw headers such as `Connection`.
 */
export function sendRequest(url: string, options: ClientRequest = {}): Promise<ClientAnswer> {
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
