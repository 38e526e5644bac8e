import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorizedFetchSchema } from '../call/authorized-fetch.js';
import type { CallPolicyOptions } from '../call/call-policy.js';
import type { AccessToken } from '../shared/access-token.js';
import type { Clock } from '../shared/clock.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { booleanRule } from '../shared/option-rules.js';
import { keysBelongTo, optionsSchema } from '../shared/options-schema.js';
import type { ClientCredentialsOptions } from '../token-endpoint/client-credentials-options.js';
import { clientCredentialsSchema } from '../token-endpoint/client-credentials-options.js';
import {
  type CloudTokenOptions,
  cloudTokenSchema,
  sourceRule,
} from '../token-source/resolve-token-source.js';
import {
  type TokenSourceOptions,
  tokenSourceSchema,
} from '../token-source/token-source-options.js';
import { tokenSourcePoolSchema } from '../token-source/token-source-pool.js';
import type { FetchLike, TokenSource } from '../types.js';

/**
 * What a server adapter gives a route (`getCloudToken(req)`,
 * `getCloudToken(ctx)`): the token and a `fetch` that carries it, both tied
 * to the request, so a client that disconnects aborts what its request started.
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
   * options, or a source whose credentials came with a `baseUrl` (a
   * preset); without any of them it rejects with `ERR_USAGE`.
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
   * route asks). Token failures then come from the middleware itself, before
   * the route does any work.
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
 * uses (`req` is what the adapter passes: Express's request, Koa's context);
 * the token-source options and the call policy are shared. Sources are kept
 * per credential identity in a bounded least-recently-used pool.
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
export interface TenantMiddlewareOptions<Req = IncomingMessage>
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
 * The options of a server adapter's `cloudToken()`: one client's
 * credentials, a ready token source, or a per-tenant `credentials(req)`
 * function; each with the call policy of `fetch`.
 *
 * @example
 * ```ts
 * app.use(cloudToken({ tokenUrl, clientId, clientSecret, baseUrl } satisfies CloudTokenMiddlewareOptions));
 * ```
 */
export type CloudTokenMiddlewareOptions<Req = IncomingMessage> =
  | ClientMiddlewareOptions
  | SourceMiddlewareOptions
  | TenantMiddlewareOptions<Req>;

/**
 * What {@link createRequestClients} returns: per request, a lazy accessor;
 * once, whether to prefetch; at shutdown, `close()`.
 *
 * @example
 * ```ts
 * const clients: RequestClients<IncomingMessage> = createRequestClients(options);
 * const accessor = clients.forRequest(req, res);
 * if (clients.prefetch) await accessor.getToken();
 * ```
 */
export interface RequestClients<Req = IncomingMessage, A = undefined> {
  /** Whether the adapter should obtain the token before the route runs (the `prefetch` option). */
  readonly prefetch: boolean;
  /** How many tenants' token sources are kept now: at most `maxTenants`; 0 without `credentials`. */
  readonly tenants: number;
  /**
   * The accessor of one request. Costs an object and two closures: the client
   * lookup (a tenant's `credentials(req)`) and the disconnect wiring wait
   * until the route asks for a token. `req` is what `credentials` receives.
   */
  forRequest(req: Req, response: ServerResponse): CloudTokenAccessor;
  /**
   * Closes the token sources made here (none when given a source: that one
   * stays its owner's). Requests after it fail with `ERR_USAGE`.
   */
  close(): void;
  /** The adapter's own options, read with the schema it gave (`undefined` without one). */
  readonly adapterOptions: A;
}

/** `prefetch`, the switch every form shares. */
export const middlewareSwitchSchema = optionsSchema<
  Pick<CloudTokenMiddlewareCommonOptions, 'prefetch'>
>()({ prefetch: booleanRule(false) });

/** What only the per-tenant form takes. */
export const tenantSchema = optionsSchema<
  Pick<TenantMiddlewareOptions<unknown>, 'credentials' | 'maxTenants'>
>()({
  credentials: (value, path) => {
    if (typeof value !== 'function') {
      throw new InvalidOptionsError(path, 'must be a function of the request');
    }
    return value as TenantMiddlewareOptions<unknown>['credentials'];
  },
  maxTenants: tokenSourcePoolSchema.rules.maxSize,
});

const tenantsOnly = keysBelongTo(
  tenantSchema.keys,
  'it belongs with a per-tenant "credentials(req)" function',
);

/**
 * The three forms of {@link CloudTokenMiddlewareOptions}, each a table
 * composed of the core's: a key of another form says why it does nothing
 * there (`logger` next to `source`, `maxTenants` without `credentials`).
 */
export const middlewareForms = {
  client: optionsSchema<ClientMiddlewareOptions>()(
    { ...cloudTokenSchema.rules, ...authorizedFetchSchema.rules, ...middlewareSwitchSchema.rules },
    { elsewhere: tenantsOnly },
  ),
  source: optionsSchema<SourceMiddlewareOptions>()(
    { ...authorizedFetchSchema.rules, ...middlewareSwitchSchema.rules, source: sourceRule },
    {
      elsewhere: {
        ...keysBelongTo(
          tokenSourceSchema.keys,
          'the source passed as "source" was made with its own options',
        ),
        ...keysBelongTo(
          clientCredentialsSchema.keys,
          'the source passed as "source" has its own credentials',
        ),
        ...tenantsOnly,
      },
    },
  ),
  tenant: optionsSchema<TenantMiddlewareOptions<unknown>>()(
    {
      ...tenantSchema.rules,
      ...tokenSourceSchema.rules,
      ...authorizedFetchSchema.rules,
      ...middlewareSwitchSchema.rules,
    },
    {
      elsewhere: keysBelongTo(
        clientCredentialsSchema.keys,
        '"credentials(req)" gives each tenant its credentials',
      ),
    },
  ),
};
