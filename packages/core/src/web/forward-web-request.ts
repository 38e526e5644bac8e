import { asProxyError, openProxyClient, pathRefused } from '../node/proxy-client.js';
import { responseHeadersToReturn, webRequestHeadersToForward } from '../node/proxy-headers.js';
import type { ProxyOptions } from '../node/proxy-options.js';
import { upstreamUrl } from '../node/upstream-url.js';
import type { AdapterOptions } from '../shared/options-schema.js';
import type { RequestContext } from '../types.js';
import { readWebRequestBody, type WebRequestBody } from './read-web-request-body.js';

/**
 * Forwards Web `Request`s (Hono, `Deno.serve`, `Bun.serve`, a Workers
 * `fetch` handler) to the cloud API with the server-held token, with the
 * same rules as the Node proxy (`createRequestForwarder`).
 *
 * @example
 * ```ts
 * const forwarder = createWebRequestForwarder({ target: 'https://api.aspose.cloud/v4.0', source });
 * const answer: Response = await forwarder.forward(request, '/words/doc.docx?storage=s1');
 * ```
 */
export interface WebRequestForwarder<A = undefined> {
  /**
   * Forwards `request` to `path` (path and query below the target) and
   * resolves with the cloud's answer to send back: status, headers without
   * hop-by-hop ones and `Set-Cookie`, the body streaming as it arrives. A
   * path that would leave the target's prefix gets a 400 problem answer.
   * Rejects with a `CloudTokenError` when no token can be had or the cloud
   * cannot be reached (`ERR_API_REQUEST`), and with the request signal's
   * reason when the client left. `context` is the runtime's request context
   * (Workers' `ctx`), for the token request.
   */
  forward(request: Request, path: string, context?: RequestContext): Promise<Response>;
  /** Closes the token source if the forwarder made it from credentials; a source passed in stays open. */
  close(): void;
  /** The adapter's own options, read with the schema it gave (`undefined` without one). */
  readonly adapterOptions: A;
}

/**
 * Builds a {@link WebRequestForwarder}. Every option is checked here,
 * synchronously (`InvalidOptionsError`), as `createRequestForwarder` does:
 * it keeps the path inside the target's prefix, drops the client's
 * `Authorization`, `Cookie`, hop-by-hop and `X-Forwarded-*` headers, buffers
 * a body up to `maxBufferedBodyBytes` so a 401 is answered by one renewal
 * and replay (a larger one streams through once), waits out a short
 * 429/503, returns redirects, and aborts the cloud request when the
 * request's `signal` aborts (the client left).
 *
 * @example
 * ```ts
 * import { createWebRequestForwarder } from '@cloud-token/core/adapter';
 *
 * const forwarder = createWebRequestForwarder({ target: 'https://api.aspose.cloud/v4.0', source });
 * Deno.serve((request) => forwarder.forward(request, new URL(request.url).pathname.slice(6)));
 * ```
 */
export function createWebRequestForwarder<A = undefined>(
  options: ProxyOptions,
  adapter: AdapterOptions<A> = {},
): WebRequestForwarder<A> {
  const client = openProxyClient(options, adapter);
  const { target, maxBufferedBodyBytes } = client;

  async function forward(
    request: Request,
    path: string,
    context?: RequestContext,
  ): Promise<Response> {
    const url = upstreamUrl(target, path);
    if (url === undefined) {
      return Response.json(pathRefused.body, {
        status: pathRefused.status,
        headers: pathRefused.headers,
      });
    }
    let body: WebRequestBody | undefined;
    try {
      body = await readWebRequestBody(request, maxBufferedBodyBytes);
      const headers = webRequestHeadersToForward(request.headers);
      if (body.kind === 'streamed' && body.length !== undefined) {
        headers.push(['content-length', String(body.length)]);
      }
      const init: RequestInit = {
        method: request.method,
        headers,
        body: body.kind === 'none' ? null : body.kind === 'buffered' ? body.bytes : body.stream,
        signal:
          body.kind === 'streamed'
            ? AbortSignal.any([request.signal, body.failed])
            : request.signal,
        redirect: 'manual',
      };
      const answer = await client.fetch(url, init, context);
      return new Response(answer.body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: responseHeadersToReturn(answer.headers),
      });
    } catch (error) {
      if (body?.kind === 'streamed') body.discard();
      if (request.signal.aborted) throw request.signal.reason;
      throw asProxyError(error);
    }
  }

  return { forward, close: () => client.close(), adapterOptions: client.adapterOptions };
}
