import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  AccessToken,
  CallPolicyOptions,
  ClientCredentialsOptions,
  Clock,
  CloudTokenErrorCode,
  CloudTokenOptions,
  FetchLike,
  Logger,
  TokenSource,
  TokenSourceOptions,
} from '@cloud-token/core';

/**
 * What `getCloudToken(req)` gives a route: the token and a `fetch` that
 * carries it, both tied to the request, so a client that disconnects aborts
 * what its request started.
 *
 * @example
 * ```ts
 * app.get('/documents/:name', async (req, res) => {
 *   const { fetch } = getCloudToken(req);
 *   const answer = await fetch(`words/${encodeURIComponent(req.params.name)}`);
 *   res.status(answer.status).json(await answer.json());
 * });
 * ```
 */
export interface CloudTokenAccessor {
  /**
   * A usable access token of this request's client (or tenant): the cached
   * one, or a new one when none is usable. Rejects with an `AbortError` when
   * the client disconnects first, and with a `CloudTokenError` when no token
   * can be had.
   */
  getToken(): Promise<AccessToken>;
  /**
   * The core's authorized fetch (`createAuthorizedFetch`): relative URLs
   * resolve against `baseUrl`, the token goes only to allowed origins, a 401
   * is answered by one renewal and replay, a short 429/503 is waited out. Its
   * calls are aborted when the client disconnects, or when the `signal` you
   * pass aborts. Needs `baseUrl` or `allowedOrigins` in the middleware
   * options; without them it rejects with `ERR_USAGE`.
   */
  fetch: FetchLike;
}

/**
 * What every form of {@link CloudTokenMiddlewareOptions} accepts besides
 * where the token comes from: the call policy of `fetch` (`baseUrl`,
 * `allowedOrigins`, `allowInsecureHttp`, `maxRetryAfterMs`,
 * `rateLimitRetries`, `unauthorizedReplays`) and the middleware's own switch.
 *
 * @example
 * ```ts
 * const common: CloudTokenMiddlewareCommonOptions = {
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 *   prefetch: true,
 * };
 * ```
 */
export interface CloudTokenMiddlewareCommonOptions extends CallPolicyOptions {
  /**
   * Obtain the token before the route runs (default `false`: only when the
   * route asks). Token failures then reach `next(err)` from the middleware
   * itself, in Express 4 as in Express 5, before the route does any work.
   */
  prefetch?: boolean;
}

/**
 * One client: the credentials and token-source options of the core's
 * `CloudTokenOptions`, plus the call policy. The middleware creates the token
 * source and closes it on `close()`.
 *
 * @example
 * ```ts
 * const options: ClientMiddlewareOptions = {
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 * };
 * ```
 */
export type ClientMiddlewareOptions = CloudTokenOptions & CloudTokenMiddlewareCommonOptions;

/**
 * A token source you made (and close) yourself, plus the call policy.
 *
 * @example
 * ```ts
 * const options: SourceMiddlewareOptions = {
 *   source: createTokenSource(externalToken(() => vault.read('cloud-token'))),
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 * };
 * ```
 */
export interface SourceMiddlewareOptions extends CloudTokenMiddlewareCommonOptions {
  /** The token source every request uses. */
  source: TokenSource;
  /** The `fetch` API calls go through; default: the global `fetch`. */
  fetch?: FetchLike;
  /** Times the waits before a 429/503 retry; default: the system clock. */
  clock?: Clock;
}

/**
 * One client per tenant: `credentials(req)` says whose credentials a request
 * uses; the token-source options and the call policy are shared. Sources are
 * kept per credential identity in a bounded least-recently-used pool.
 *
 * @example
 * ```ts
 * const options: TenantMiddlewareOptions<express.Request> = {
 *   credentials: (req) => tenants.credentialsOf(req.get('x-tenant-id')),
 *   maxTenants: 500,
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 * };
 * ```
 */
export interface TenantMiddlewareOptions<Req extends IncomingMessage = IncomingMessage>
  extends TokenSourceOptions,
    CloudTokenMiddlewareCommonOptions {
  /**
   * The client credentials of this request's tenant (`tokenUrl`, `clientId`,
   * `clientSecret`, …), or a promise of them. Called at most once per request,
   * and only when the route asks for a token.
   */
  credentials: (req: Req) => ClientCredentialsOptions | Promise<ClientCredentialsOptions>;
  /**
   * The most tenants whose token sources are kept (default 100). Beyond it the
   * least recently used source is closed; keep it above the number of tenants
   * served at the same moment.
   */
  maxTenants?: number;
}

/**
 * The options of `cloudToken()`: one client's credentials, a ready token
 * source, or a per-tenant `credentials(req)` function; each with the call
 * policy of `fetch`.
 *
 * @example
 * ```ts
 * app.use(cloudToken({ tokenUrl, clientId, clientSecret, baseUrl } satisfies CloudTokenMiddlewareOptions));
 * ```
 */
export type CloudTokenMiddlewareOptions<Req extends IncomingMessage = IncomingMessage> =
  | ClientMiddlewareOptions
  | SourceMiddlewareOptions
  | TenantMiddlewareOptions<Req>;

/**
 * The middleware `cloudToken()` returns: an Express `RequestHandler` (for
 * Express 4 and 5) with a `close()` for shutdown.
 *
 * @example
 * ```ts
 * const middleware: CloudTokenMiddleware = cloudToken(options);
 * app.use(middleware);
 * process.on('SIGTERM', () => middleware.close());
 * ```
 */
export interface CloudTokenMiddleware<Req extends IncomingMessage = IncomingMessage> {
  (req: Req, res: ServerResponse, next: (error?: unknown) => void): void;
  /**
   * Closes the token sources this middleware created (none when it was given
   * a source: that one stays yours). Requests after it fail with `ERR_USAGE`.
   */
  close(): void;
}

/**
 * Options of `cloudTokenErrorHandler()`.
 *
 * @example
 * ```ts
 * app.use(cloudTokenErrorHandler({
 *   problemType: (code) => `https://docs.example.com/problems/${code.toLowerCase()}`,
 *   logger: console,
 * }));
 * ```
 */
export interface CloudTokenErrorHandlerOptions {
  /**
   * The RFC 9457 `type` URI of each error code. Default: `about:blank`, with
   * the HTTP status phrase as `title`; with your own types, `title` names the
   * kind of failure.
   */
  problemType?: (code: CloudTokenErrorCode) => string;
  /** Where the operator-facing message goes (`error` level); default: nowhere. */
  logger?: Logger;
}

/**
 * The Express error handler `cloudTokenErrorHandler()` returns.
 *
 * @example
 * ```ts
 * const handler: CloudTokenErrorHandler = cloudTokenErrorHandler();
 * app.use(handler);
 * ```
 */
export type CloudTokenErrorHandler = (
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;
