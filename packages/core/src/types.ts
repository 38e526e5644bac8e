import type { AccessToken } from './shared/access-token.js';
import type { Redacted } from './shared/redacted.js';

/**
 * The `fetch` cloud-token calls: the global one by default, any
 * WHATWG-compatible implementation when injected.
 *
 * @example
 * ```ts
 * const fetchLike: FetchLike = (input, init) => globalThis.fetch(input, init);
 * ```
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1):
 * `client_secret_post` sends id and secret in the form body (the Aspose and
 * GroupDocs documents' way); `client_secret_basic` sends an HTTP Basic header.
 *
 * @example
 * ```ts
 * clientCredentials({ tokenUrl, clientId, clientSecret, authMethod: 'client_secret_basic' });
 * ```
 */
export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic';

/**
 * A validated OAuth 2.0 client_credentials grant, made by `clientCredentials()`.
 * The secret is held {@link Redacted}.
 *
 * @example
 * ```ts
 * const grant: ClientCredentialsGrant = clientCredentials({ tokenUrl, clientId, clientSecret });
 * grant.storeKey; // the credential's one key: 'cc1:…', the same in every process
 * grant.identity; // the same key named with its kind: 'client_credentials:cc1:…'
 * grant.label; // 'my-client at api.aspose.cloud', for log lines
 * ```
 */
export interface ClientCredentialsGrant {
  readonly kind: 'client_credentials';
  readonly tokenUrl: URL;
  readonly clientId: string;
  readonly clientSecret: Redacted;
  readonly authMethod: ClientAuthMethod;
  readonly scope: string | undefined;
  readonly resource: readonly string[];
  /**
   * {@link ClientCredentialsGrant.storeKey}, named with the grant's kind
   * (`client_credentials:cc1:…`): not a second key, the same one spelled for
   * caches keyed by a token source.
   */
  readonly identity: string;
  /**
   * The one key of this credential: a `TokenStore` keeps its token and guard
   * state under it, and a token source pool (and so every adapter sharing
   * one credential's source) keys its sources by it. An HMAC-SHA256 keyed by
   * the secret over token URL, client id, auth method, scope and resource.
   * The same in every process for the same credentials (so a fleet shares
   * one token), different for another secret, scope or token URL, never
   * reversible to the secret. Not for log lines: use `shortStoreKey()` there.
   */
  readonly storeKey: string;
  /** Who this is in a log line: `<clientId> at <token host>`. No hash, no secret. */
  readonly label: string;
  /** The API base URL given with the credentials (a preset's `baseUrl`), if any. */
  readonly baseUrl?: URL | undefined;
}

/**
 * What an external token provider may return: the raw token, or the token
 * with its lifetime.
 *
 * @example
 * ```ts
 * const answer: ExternalTokenAnswer = { accessToken: jwt, expiresIn: 3600 };
 * ```
 */
export type ExternalTokenAnswer =
  | string
  | { accessToken: string; expiresIn?: number; expiresAt?: number | Date };

/**
 * A token the application obtains itself (the Aspose.HTML SDK calls this
 * external authentication), made by `externalToken()`.
 *
 * @example
 * ```ts
 * const grant: ExternalTokenGrant = externalToken(async () => vault.read('cloud-token'));
 * ```
 */
export interface ExternalTokenGrant {
  readonly kind: 'external';
  /** Asks the application for a token. */
  readonly provide: (options: { signal: AbortSignal }) => Promise<ExternalTokenAnswer>;
  /**
   * {@link ExternalTokenGrant.storeKey}'s fingerprint named with the grant's
   * kind (`external:token:…`, `external:provider:…`); never contains the token.
   */
  readonly identity: string;
  /**
   * The one key of this grant (`ext1:…`): a `TokenStore` keeps its token and
   * guard state under it. Per process (a provider function has no identity
   * another process could share, and a fixed token is fingerprinted with a
   * per-process key), and never containing the token.
   */
  readonly storeKey: string;
  /** Who this is in a log line: `external token` or `external token provider #N`. */
  readonly label: string;
}

/**
 * Either way of obtaining a token.
 *
 * @example
 * ```ts
 * const grant: Grant = process.env.CLOUD_TOKEN ? externalToken(process.env.CLOUD_TOKEN) : clientCredentials(options);
 * ```
 */
export type Grant = ClientCredentialsGrant | ExternalTokenGrant;

/**
 * Where cloud-token writes what it does. Every method is optional; no
 * message or field ever carries a secret or a token.
 *
 * @example
 * ```ts
 * createTokenSource(grant, { logger: console });
 * ```
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The request a call serves, on a runtime that ends a request's work with
 * the request (Cloudflare Workers: a request that has answered, or whose
 * client left, has its I/O cancelled, and a promise that waited on it never
 * settles). Give it and cloud-token keeps shared work alive with
 * `waitUntil`, and never waits for shared work forever. The Hono adapter
 * passes Hono's `c.executionCtx` where there is one; elsewhere (Node, Bun,
 * Deno) there is nothing to give.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request, env, ctx) {
 *     const token = await source.getToken({ signal: request.signal, context: ctx });
 *     return fetch(apiUrl, { headers: { authorization: token.authorization } });
 *   },
 * };
 * ```
 */
export interface RequestContext {
  /** Keeps `promise` running after this request has answered (Workers' `ctx.waitUntil`). */
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Options of one `getToken()` call.
 *
 * @example
 * ```ts
 * await source.getToken({ signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface GetTokenOptions {
  /** Aborts this caller's wait (not a shared request other callers still wait for). */
  signal?: AbortSignal | undefined;
  /**
   * The request this call serves, where the runtime cancels a request's
   * work when it ends (see {@link RequestContext}). A token request this
   * call starts (a first token, a renewal) is handed to `waitUntil`, so that
   * the other requests waiting for it get their token even if this one is
   * cancelled; and a token request started by another request is waited for
   * under a deadline of this call's own: when it takes no step (a store call,
   * a token attempt) for `timeoutMs + retry.maxDelayMs + 3 × storeTimeoutMs
   * + 1 s`, this call starts its own. A source with `keepWarm` refuses such
   * a call (`ERR_USAGE`): keep-warm needs a timer that outlives requests.
   */
  context?: RequestContext | undefined;
}

/**
 * Keeps one access token alive: cached, renewed before expiry in the
 * background, fetched once for any number of concurrent callers, and guarded
 * so the credentials are never locked out.
 *
 * @example
 * ```ts
 * const source = createTokenSource(clientCredentials({ tokenUrl, clientId, clientSecret }));
 * const token = await source.getToken();
 * // after a 401 that carried `token`:
 * source.invalidate(token);
 * ```
 */
export interface TokenSource {
  /** The grant's identity: its one credential key named with its kind, secret-free. */
  readonly identity: string;
  /**
   * Who this is in a log line or an event: the grant's label
   * (`<clientId> at <token host>`). Sources made by `createTokenSource` always have it.
   */
  readonly label?: string;
  /**
   * The API base URL the credentials came with (a preset's `baseUrl` given to
   * `clientCredentials()`), if any: `createAuthorizedFetch(source)` uses it
   * when given no `baseUrl` or `allowedOrigins` of its own.
   */
  readonly baseUrl?: URL | undefined;
  /** A usable token: the cached one, or a new one when none is usable. */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /**
   * Compare-and-invalidate: drops the cached token only if it is still `token`,
   * so many 401s carrying the same token cause one renewal. Returns whether it dropped it.
   */
  invalidate(token: AccessToken | string): boolean;
  /** The cached token if it is still usable, without any request. */
  peek(): AccessToken | undefined;
  /**
   * What the source knows now, for health checks and dashboards (not for the
   * hot path: it builds a small object). Sources made by `createTokenSource`
   * always have it.
   */
  status?(): TokenSourceStatus;
  /** Clears every timer; later `getToken()` calls reject with `ERR_USAGE`. */
  close(): void;
}

/**
 * A token source's state at one moment, from `source.status()`. Times are
 * epoch milliseconds; no token value, no secret.
 *
 * @example
 * ```ts
 * const { hasUsableToken, cooldownUntil, reason, store } = source.status?.() ?? {};
 * if (!hasUsableToken && reason === 'rejected') alert('cloud credentials rejected');
 * ```
 */
export interface TokenSourceStatus {
  /** Whether a cached token would be served now without waiting. */
  readonly hasUsableToken: boolean;
  /** When the cached token expires (as believed), if there is one. */
  readonly expiresAt: number | undefined;
  /** When the cached token is renewed in the background, if there is one. */
  readonly renewAt: number | undefined;
  /** Until when token requests are refused, if they are. */
  readonly cooldownUntil: number | undefined;
  /** Why they are refused: rejected credentials, a 429 cooldown, or a spent failure budget. */
  readonly reason: 'rejected' | 'rate-limited' | 'failure-budget' | undefined;
  /**
   * Until when the API's 401s are given back to callers as they are, without
   * renewing the token, if they are: renewals after a 401 did not help (the
   * renewed tokens were refused too, twice in a row once the API had
   * accepted a token of the source), so renewing again would only turn every
   * call into a token request. The readiness probe answers 503 meanwhile.
   */
  readonly unauthorizedUntil?: number | undefined;
  /**
   * Where the token and guard state are kept: a store shared between
   * processes, a local (in-process) one, or `fallback` when the store failed
   * and the source works on its own until a store call succeeds again.
   */
  readonly store: 'shared' | 'local' | 'fallback';
}
