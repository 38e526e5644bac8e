import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import type { authorizedFetchOf } from '../call/authorized-fetch.js';
import type { AdapterOptions } from '../shared/options-schema.js';
import { watchClientDisconnect } from './client-disconnect.js';
import { CloudAnswerRelay } from './cloud-answer-relay.js';
import { interceptorOf } from './cloud-token-interceptor.js';
import { asProxyError, openProxyClient, pathRefused } from './proxy-client.js';
import { requestHeaderListToForward, requestHeadersToForward } from './proxy-headers.js';
import type { ProxyOptions } from './proxy-options.js';
import { type RequestBody, readRequestBody } from './request-body.js';
import { sendCloudAnswer } from './send-cloud-answer.js';
import { sendProblem } from './send-problem.js';
import { upstreamUrl } from './upstream-url.js';

/**
 * Forwards Node HTTP requests to the cloud API with the server-held token: the
 * framework-free heart of every cloud-token proxy adapter.
 *
 * @example
 * ```ts
 * const forwarder = createRequestForwarder({ target: 'https://api.aspose.cloud/v4.0', source });
 * http.createServer((req, res) => {
 *   forwarder.forward(req, res).catch((error: CloudTokenError) => {
 *     res.writeHead(error.status, error.headers).end();
 *   });
 * });
 * ```
 */
export interface RequestForwarder<A = undefined> {
  /**
   * Forwards one request; `request.url` is the path below the target (a
   * framework strips its mount path first). Resolves once the answer is sent,
   * or once the client has left (the upstream request is then aborted).
   * Rejects with a `CloudTokenError` and nothing written when no token can be
   * had (`ERR_RATE_LIMITED`, `ERR_CREDENTIALS_REJECTED`, `ERR_TOKEN_REQUEST`,
   * …), when the cloud cannot be reached (`ERR_API_REQUEST`) or when a body
   * parser already read the body (`ERR_USAGE`); when the cloud's body breaks
   * off midway it rejects with `ERR_API_REQUEST` after ending the connection.
   * A path that would leave the target's prefix is answered here: 400,
   * `application/problem+json`, like every other error answer. `path`
   * (default `request.url`) is the path and query to forward, for a
   * framework that cannot rewrite `request.url` (a Koa router prefix).
   */
  forward(request: IncomingMessage, response: ServerResponse, path?: string): Promise<void>;
  /**
   * Closes what the forwarder made itself: the token source when it was
   * made from credentials, and its own dispatcher (once the requests in
   * flight are done). A source or a dispatcher passed in stays open.
   */
  close(): void;
  /** The adapter's own options, read with the schema it gave (`undefined` without one). */
  readonly adapterOptions: A;
}

/**
 * Builds a {@link RequestForwarder}. Every option is checked here,
 * synchronously (`InvalidOptionsError`): the target, the body limit, the call
 * policy and, when credentials are given, the token source's options.
 *
 * For each request it:
 * - maps the path below the mount onto the target's path, keeping the query
 *   and refusing any path that could leave the target's prefix;
 * - forwards method and headers, without the browser's credentials
 *   (`Authorization`, `Cookie`, `Proxy-Authorization`), hop-by-hop headers,
 *   `Host`, `Expect`, `Accept-Encoding` and the end user's address
 *   (`Forwarded`, `X-Forwarded-*`, `X-Real-IP`); it adds no `X-Forwarded-*`:
 *   to the cloud, the application is the client;
 * - buffers a body up to `maxBufferedBodyBytes` so that a 401 is answered by
 *   one renewal and replay; a larger body streams through once, and its 401
 *   comes back as it is;
 * - sends through undici's dispatcher API with the core's token layer
 *   ({@link cloudTokenInterceptor}) composed on it, so the token goes only to
 *   the target's origin, a 401 is renewed and replayed, and a short 429/503
 *   is waited out;
 * - streams the answer back with backpressure, as Node streams both ways:
 *   status, headers without hop-by-hop ones and `Set-Cookie`, body as the
 *   cloud sent it; redirects are returned, not followed;
 * - aborts the upstream request when the client disconnects.
 *
 * With a `fetch` option it forwards through that `fetch` instead, as it did
 * before the dispatcher (the body then arrives decoded, without
 * `Content-Encoding`).
 *
 * @example
 * ```ts
 * import { createRequestForwarder } from '@cloud-token/core/node';
 *
 * const forwarder = createRequestForwarder({
 *   target: 'https://api.aspose.cloud/v4.0',
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 * });
 * ```
 */
export function createRequestForwarder<A = undefined>(
  options: ProxyOptions,
  adapter: AdapterOptions<A> = {},
): RequestForwarder<A> {
  const client = openProxyClient(options, adapter);
  const { target, maxBufferedBodyBytes, source, policy, dispatcher } = client;
  let send: Send;
  let closeTransport = (): void => {};
  if (client.injectedFetch) {
    send = fetchSend(client.fetch);
  } else {
    const base = dispatcher ?? new Agent();
    if (dispatcher === undefined) closeTransport = () => void base.close();
    send = dispatchSend(base.compose(interceptorOf(source, policy)), target);
  }

  async function forward(
    request: IncomingMessage,
    response: ServerResponse,
    path = request.url ?? '/',
  ): Promise<void> {
    const url = upstreamUrl(target, path);
    if (url === undefined) {
      sendProblem(response, pathRefused);
      return;
    }
    await send(request, response, url, maxBufferedBodyBytes);
  }

  return {
    forward,
    close() {
      closeTransport();
      client.close();
    },
    adapterOptions: client.adapterOptions,
  };
}

/** Sends one request on to the cloud and its answer back to the client. */
type Send = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  maxBufferedBodyBytes: number,
) => Promise<void>;

/** Forwarding on undici's dispatcher API, Node streams both ways. */
function dispatchSend(dispatcher: Dispatcher, target: URL): Send {
  const origin = target.origin;
  return async (request, response, url, maxBufferedBodyBytes) => {
    const relay = new CloudAnswerRelay(response);
    let body: RequestBody | undefined;
    try {
      body = await readRequestBody(request, maxBufferedBodyBytes);
      const headers = requestHeaderListToForward(request.headers);
      if (body.kind === 'streamed' && body.length !== undefined) {
        headers.push('content-length', String(body.length));
      }
      await relay.relay(dispatcher, {
        origin,
        path: `${url.pathname}${url.search}`,
        method: (request.method ?? 'GET') as Dispatcher.HttpMethod,
        headers,
        body: body.kind === 'none' ? null : body.kind === 'buffered' ? body.bytes : body.stream,
      });
    } catch (error) {
      // The client left: nobody is waiting for an answer or an error.
      if (relay.clientLeft) return;
      throw asProxyError(error);
    } finally {
      relay.stop();
      if (body?.kind === 'streamed') body.discard();
    }
  };
}

/** Forwarding through an injected `fetch` and the authorized fetch's policy. */
function fetchSend(authorizedFetch: ReturnType<typeof authorizedFetchOf>): Send {
  return async (request, response, url, maxBufferedBodyBytes) => {
    const disconnect = watchClientDisconnect(response);
    let body: RequestBody | undefined;
    try {
      body = await readRequestBody(request, maxBufferedBodyBytes);
      const headers = requestHeadersToForward(request.headers);
      // fetch cannot know a stream's length; the declared one spares the cloud a chunked upload.
      if (body.kind === 'streamed' && body.length !== undefined) {
        headers.push(['content-length', String(body.length)]);
      }
      const answer = await authorizedFetch(url, {
        method: request.method ?? 'GET',
        headers,
        body: fetchBody(body),
        signal: disconnect.signal,
        redirect: 'manual',
      });
      await sendCloudAnswer(response, answer);
    } catch (error) {
      if (disconnect.signal.aborted) return;
      throw asProxyError(error);
    } finally {
      disconnect.stop();
      if (body?.kind === 'streamed') body.discard();
    }
  };
}

function fetchBody(body: RequestBody): BodyInit | null {
  switch (body.kind) {
    case 'none':
      return null;
    case 'buffered':
      return body.bytes;
    case 'streamed':
      return Readable.toWeb(body.stream) as ReadableStream<Uint8Array>;
  }
}
