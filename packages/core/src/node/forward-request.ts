import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorizedFetchOf } from '../call/authorized-fetch.js';
import { tokenOriginOf } from '../call/origins.js';
import {
  ApiRequestError,
  type CloudTokenError,
  InvalidOptionsError,
  isCloudTokenError,
} from '../shared/errors.js';
import type { AdapterOptions } from '../shared/options-schema.js';
import {
  cloudTokenSchema,
  resolveTokenSource,
  sourceRule,
} from '../token-source/resolve-token-source.js';
import { watchClientDisconnect } from './client-disconnect.js';
import { PROBLEM_CONTENT_TYPE, type ProblemAnswer } from './problem-details.js';
import { requestHeadersToForward } from './proxy-headers.js';
import { type ProxyOptions, proxySettingsSchema, takeProxyOptions } from './proxy-options.js';
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
  /** Closes the token source if the forwarder made it from credentials; a source passed in stays open. */
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
 * - sends through the core's authorized fetch, so the token goes only to the
 *   target's origin, and a short 429/503 is waited out;
 * - streams the answer back with backpressure: status, headers without
 *   hop-by-hop ones and `Set-Cookie`, body as it arrives (already decoded by
 *   fetch, so uncompressed); redirects are returned, not followed;
 * - aborts the upstream request when the client disconnects.
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
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an object');
  }
  const { form, values } = takeProxyOptions(options, adapter.options);
  const adapterOptions = adapter.options?.resolve(values) as A;
  const settings = proxySettingsSchema.resolve(values);
  const { target, maxBufferedBodyBytes } = settings;
  tokenOriginOf(target, 'target', settings.allowInsecureHttp);
  const { source, owned } =
    form === 'source'
      ? { source: sourceRule(values.source, 'source'), owned: false }
      : resolveTokenSource(cloudTokenSchema.pick(values));
  let authorizedFetch: ReturnType<typeof authorizedFetchOf>;
  try {
    // The token goes to the target's origin only, whatever the source's credentials came with.
    authorizedFetch = authorizedFetchOf(source, {
      ...settings,
      baseUrl: target,
      allowedOrigins: undefined,
    });
  } catch (error) {
    if (owned) source.close();
    throw error;
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
        body: bodyInit(body),
        signal: disconnect.signal,
        redirect: 'manual',
      });
      await sendCloudAnswer(response, answer);
    } catch (error) {
      // The client left: nobody is waiting for an answer or an error.
      if (disconnect.signal.aborted) return;
      throw asCloudTokenError(error);
    } finally {
      disconnect.stop();
      if (body?.kind === 'streamed') body.discard();
    }
  }

  return {
    forward,
    close() {
      if (owned) source.close();
    },
    adapterOptions,
  };
}

/** The proxy's own refusal, in the same RFC 9457 shape as the error handlers' answers. */
const pathRefused: ProblemAnswer = {
  status: 400,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  body: {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'This path cannot be forwarded to the cloud API.',
  },
};

function bodyInit(body: RequestBody): BodyInit | null {
  switch (body.kind) {
    case 'none':
      return null;
    case 'buffered':
      return body.bytes;
    case 'streamed':
      return body.stream;
  }
}

/** The token source's and our own errors as they are; a transport failure as `ERR_API_REQUEST`. */
function asCloudTokenError(error: unknown): CloudTokenError {
  if (isCloudTokenError(error)) return error;
  return new ApiRequestError('The cloud API could not be reached through the proxy', {
    cause: error,
  });
}
