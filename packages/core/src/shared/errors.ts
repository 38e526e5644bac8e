import { formatRetryAfter } from './format-retry-after.js';

/**
 * Stable codes of every error cloud-token raises. Switch on `code`, not on
 * `instanceof`: two copies of the package (ESM and CJS) share codes, not classes.
 *
 * @example
 * ```ts
 * import { isCloudTokenError } from '@cloud-token/core';
 *
 * try {
 *   await source.getToken();
 * } catch (error) {
 *   if (isCloudTokenError(error) && error.code === 'ERR_RATE_LIMITED') {
 *     console.log(`try again in ${error.retryAfterMs} ms`);
 *   }
 * }
 * ```
 */
export type CloudTokenErrorCode =
  | 'ERR_INVALID_OPTIONS'
  | 'ERR_TOKEN_REQUEST'
  | 'ERR_TOKEN_RESPONSE'
  | 'ERR_CREDENTIALS_REJECTED'
  | 'ERR_RATE_LIMITED'
  | 'ERR_API_REQUEST'
  | 'ERR_USAGE';

const brand = Symbol.for('@cloud-token/core.error');

/** What every cloud-token error constructor accepts besides its message. */
interface CloudTokenErrorInit {
  /** The HTTP status a server should answer its own client with (502 or 503 for cloud failures). */
  status?: number;
  /** Headers a server should send along, e.g. `retry-after`. */
  headers?: Record<string, string>;
  /** The underlying error; never one that carries a secret. */
  cause?: unknown;
  /** Milliseconds until another attempt can succeed, when known. */
  retryAfterMs?: number;
}

/**
 * The base of every error cloud-token raises. It carries a stable `code`, the
 * HTTP `status` and `headers` a server should answer with (Express and Koa
 * default error handlers read both), `expose: false` so those handlers never
 * show the message to a client, and an optional `cause`. It never contains a
 * client secret or an access token.
 *
 * @example
 * ```ts
 * import { CloudTokenError } from '@cloud-token/core';
 *
 * const error = new CloudTokenError('ERR_USAGE', 'mount cloudToken() first');
 * error.code; // 'ERR_USAGE'
 * error.status; // 500
 * ```
 */
export class CloudTokenError extends Error {
  /** The stable code of this kind of failure. */
  readonly code: CloudTokenErrorCode;
  /** The HTTP status a server should answer its own client with. */
  readonly status: number;
  /** Alias of `status`, read by some frameworks. */
  readonly statusCode: number;
  /** Headers a server should send along with `status` (for example `retry-after`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Always `false`: the message is for operators, not for an API's clients. */
  readonly expose = false;
  /**
   * Milliseconds until another attempt can succeed, when known: whole
   * milliseconds, rounded up (a wait measured on the steady clock is never
   * reported as ending sooner than it does).
   */
  readonly retryAfterMs: number | undefined;

  constructor(code: CloudTokenErrorCode, message: string, init: CloudTokenErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CloudTokenError';
    this.code = code;
    this.status = init.status ?? 500;
    this.statusCode = this.status;
    this.retryAfterMs = init.retryAfterMs === undefined ? undefined : Math.ceil(init.retryAfterMs);
    this.headers = Object.freeze({
      ...retryAfterHeader(this.retryAfterMs),
      ...init.headers,
    });
    Object.defineProperty(this, brand, { value: true });
  }

  /** A plain, secret-free view for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

function retryAfterHeader(retryAfterMs: number | undefined): Record<string, string> {
  return retryAfterMs === undefined ? {} : { 'retry-after': formatRetryAfter(retryAfterMs) };
}

/**
 * Options given to a cloud-token factory were wrong. Thrown synchronously, at
 * creation time, naming the option; a secret's value is never echoed.
 *
 * @example
 * ```ts
 * try {
 *   clientCredentials({ tokenUrl: 'not a url', clientId: 'id', clientSecret: 's' });
 * } catch (error) {
 *   if (isCloudTokenError(error, 'ERR_INVALID_OPTIONS')) console.log(error.option); // 'tokenUrl'
 * }
 * ```
 */
export class InvalidOptionsError extends CloudTokenError {
  /** The name (or dotted path) of the offending option. */
  readonly option: string;

  constructor(option: string, problem: string) {
    super('ERR_INVALID_OPTIONS', `Invalid option "${option}": ${problem}`, { status: 500 });
    this.name = 'InvalidOptionsError';
    this.option = option;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), option: this.option };
  }
}

/**
 * Why a token request failed before a usable answer came back.
 * `budget` means cloud-token itself refused to send another request because
 * the failure budget of the rolling minute is spent.
 */
export type TokenRequestFailure = 'network' | 'timeout' | 'http' | 'oauth' | 'budget';

/**
 * The token endpoint could not be reached or answered with a transient
 * failure (network error, timeout, 408, 5xx, `server_error`,
 * `temporarily_unavailable`), or the failure budget is spent. Retried by the
 * token source within its budget; surfaced as 502 (503 with `retry-after`
 * when the wait is known).
 *
 * @example
 * ```ts
 * if (isCloudTokenError(error, 'ERR_TOKEN_REQUEST')) console.log(error.reason, error.upstreamStatus);
 * ```
 */
export class TokenRequestError extends CloudTokenError {
  /** What kind of failure it was. */
  readonly reason: TokenRequestFailure;
  /** The token endpoint's HTTP status, when it answered at all. */
  readonly upstreamStatus: number | undefined;

  constructor(
    reason: TokenRequestFailure,
    message: string,
    init: { upstreamStatus?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super('ERR_TOKEN_REQUEST', message, {
      status: init.retryAfterMs === undefined ? 502 : 503,
      retryAfterMs: init.retryAfterMs,
      cause: init.cause,
    });
    this.name = 'TokenRequestError';
    this.reason = reason;
    this.upstreamStatus = init.upstreamStatus;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, upstreamStatus: this.upstreamStatus };
  }
}

/**
 * The token endpoint answered, but not with a valid RFC 6749 §5.1 token
 * answer: not JSON, HTML, empty, oversized, no `access_token`, an unknown
 * `token_type`, an unusable `expires_in`. The message says what was wrong and
 * never echoes the body.
 *
 * @example
 * ```ts
 * if (isCloudTokenError(error, 'ERR_TOKEN_RESPONSE')) console.log(error.message);
 * ```
 */
export class TokenResponseError extends CloudTokenError {
  /** The token endpoint's HTTP status. */
  readonly upstreamStatus: number | undefined;

  constructor(message: string, init: { upstreamStatus?: number; cause?: unknown } = {}) {
    super('ERR_TOKEN_RESPONSE', message, { status: 502, cause: init.cause });
    this.name = 'TokenResponseError';
    this.upstreamStatus = init.upstreamStatus;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), upstreamStatus: this.upstreamStatus };
  }
}

/**
 * The token endpoint rejected the request for good (`invalid_client`,
 * `invalid_grant`, `unauthorized_client`, `unsupported_grant_type`,
 * `invalid_scope`, `invalid_request`, `invalid_target`), whatever the HTTP
 * status. Remembered by the token source: callers fail fast with it, without
 * another request, until its cooldown passes.
 *
 * @example
 * ```ts
 * if (isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')) console.log(error.oauthError); // 'invalid_client'
 * ```
 */
export class CredentialsRejectedError extends CloudTokenError {
  /** The RFC 6749 §5.2 `error` code the server sent. */
  readonly oauthError: string;
  /** The server's `error_description`, if any (shortened, secrets removed). */
  readonly oauthErrorDescription: string | undefined;
  /** The token endpoint's HTTP status. */
  readonly upstreamStatus: number | undefined;

  constructor(
    oauthError: string,
    init: {
      description?: string;
      upstreamStatus?: number;
      retryAfterMs?: number;
    } = {},
  ) {
    const detail = init.description ? `: ${init.description}` : '';
    super(
      'ERR_CREDENTIALS_REJECTED',
      `The token endpoint rejected the client credentials (${oauthError})${detail}`,
      { status: 502, retryAfterMs: init.retryAfterMs },
    );
    this.name = 'CredentialsRejectedError';
    this.oauthError = oauthError;
    this.oauthErrorDescription = init.description;
    this.upstreamStatus = init.upstreamStatus;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      oauthError: this.oauthError,
      oauthErrorDescription: this.oauthErrorDescription,
      upstreamStatus: this.upstreamStatus,
    };
  }
}

/**
 * The token endpoint answered 429 (or cloud-token is still in the cooldown it
 * opened). No token request is sent until `retryAt`; a still-usable cached
 * token keeps being served meanwhile. Surfaced as 503 with `retry-after`.
 *
 * @example
 * ```ts
 * if (isCloudTokenError(error, 'ERR_RATE_LIMITED')) setTimeout(retry, error.retryAfterMs);
 * ```
 */
export class RateLimitedError extends CloudTokenError {
  /** Milliseconds until the cooldown ends. */
  declare readonly retryAfterMs: number;
  /** When the cooldown ends, in epoch milliseconds. */
  readonly retryAt: number;

  constructor(retryAfterMs: number, retryAt: number) {
    super(
      'ERR_RATE_LIMITED',
      `The token endpoint is rate limiting this client; no token request before ${new Date(retryAt).toISOString()}`,
      { status: 503, retryAfterMs },
    );
    this.name = 'RateLimitedError';
    this.retryAt = retryAt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAt: this.retryAt };
  }
}

/**
 * A request to the cloud API itself (not the token endpoint) failed in
 * transport: no answer came back (connection refused or reset, DNS, TLS), or
 * the answer's body broke off midway. Raised where cloud-token is the one sending on the
 * application's behalf, as the backend-for-frontend proxy does; surfaced as
 * 502 Bad Gateway. `cause` holds the transport's own error.
 *
 * @example
 * ```ts
 * if (isCloudTokenError(error, 'ERR_API_REQUEST')) console.log('cloud unreachable', error.cause);
 * ```
 */
export class ApiRequestError extends CloudTokenError {
  constructor(message: string, init: { cause?: unknown } = {}) {
    super('ERR_API_REQUEST', message, { status: 502, cause: init.cause });
    this.name = 'ApiRequestError';
  }
}

/**
 * cloud-token was used in a way it does not support: an accessor called where
 * its middleware is not mounted, interceptors attached twice, a closed source.
 *
 * @example
 * ```ts
 * throw new UsageError('getCloudToken(req) needs cloudToken() mounted before this route');
 * ```
 */
export class UsageError extends CloudTokenError {
  constructor(message: string) {
    super('ERR_USAGE', message, { status: 500 });
    this.name = 'UsageError';
  }
}

/**
 * The error class that goes with each code, for {@link isCloudTokenError}'s narrowing.
 *
 * @example
 * ```ts
 * type Rejected = CloudTokenErrorByCode['ERR_CREDENTIALS_REJECTED']; // CredentialsRejectedError
 * ```
 */
export interface CloudTokenErrorByCode {
  ERR_INVALID_OPTIONS: InvalidOptionsError;
  ERR_TOKEN_REQUEST: TokenRequestError;
  ERR_TOKEN_RESPONSE: TokenResponseError;
  ERR_CREDENTIALS_REJECTED: CredentialsRejectedError;
  ERR_RATE_LIMITED: RateLimitedError;
  ERR_API_REQUEST: ApiRequestError;
  ERR_USAGE: UsageError;
}

/**
 * Whether `value` is an error raised by cloud-token (any copy of it, ESM or
 * CJS), optionally of one `code`; with a code it narrows to that code's
 * class, so its own fields type-check.
 *
 * @example
 * ```ts
 * if (isCloudTokenError(error, 'ERR_RATE_LIMITED')) console.log(error.retryAt);
 * if (isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')) alertOperators(error.oauthError);
 * ```
 */
export function isCloudTokenError<C extends CloudTokenErrorCode>(
  value: unknown,
  code: C,
): value is CloudTokenErrorByCode[C];
export function isCloudTokenError(value: unknown): value is CloudTokenError;
export function isCloudTokenError(value: unknown, code?: CloudTokenErrorCode): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[brand] !== true) return false;
  return code === undefined || (value as CloudTokenError).code === code;
}
