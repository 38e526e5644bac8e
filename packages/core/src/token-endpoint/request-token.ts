/*
 * One exchange with the token endpoint (RFC 6749 §4.4), and how its answer is
 * classified. Errors are classified by the RFC 6749 §5.2 `error` field first,
 * not only by the status: IdentityServer answers 400 even for invalid_client.
 *
 * | the token endpoint …                                   | requestToken …                                               |
 * | ------------------------------------------------------ | ------------------------------------------------------------ |
 * | answers 2xx with a valid token answer                  | resolves an AccessToken                                      |
 * | answers 2xx with anything else                         | TokenResponseError (what was wrong, never the body)          |
 * | answers 3xx                                            | TokenResponseError: redirects are never followed             |
 * | answers 429                                            | TokenRequestError('http'), upstreamStatus 429, retryAfterMs  |
 * | sends `error` invalid_client, invalid_grant,           | CredentialsRejectedError(error), whatever the status         |
 * |   unauthorized_client, unsupported_grant_type,         |   (but 429); description shortened and scrubbed of secrets   |
 * |   invalid_scope, invalid_request or invalid_target     |                                                              |
 * | sends `error` server_error or temporarily_unavailable  | TokenRequestError('oauth'), retryAfterMs from Retry-After    |
 * | answers 408, 500, 502, 503 or 504 otherwise            | TokenRequestError('http'), retryAfterMs from Retry-After     |
 * | answers another 4xx with any other `error` code        | CredentialsRejectedError(that code)                          |
 * | answers anything else (e.g. 401 with HTML, 501)        | TokenResponseError                                           |
 * | answers more than maxResponseBytes                     | TokenRequestError('http') if the status is transient, else   |
 * |                                                        |   TokenResponseError                                         |
 * | cannot be reached, or the answer breaks off            | TokenRequestError('network'), cause without secrets          |
 * | does not answer within timeoutMs                       | TokenRequestError('timeout')                                 |
 * | (the caller's signal aborts)                           | rejects with the signal's reason                             |
 */

import { parseRetryAfter } from '../call/retry-after.js';
import type { AccessToken } from '../shared/access-token.js';
import type { Clock } from '../shared/clock.js';
import {
  type CloudTokenError,
  CredentialsRejectedError,
  TokenRequestError,
  TokenResponseError,
} from '../shared/errors.js';
import { scrubText, withoutSecrets } from '../shared/scrub-secrets.js';
import type { ClientCredentialsGrant, FetchLike } from '../types.js';
import { authenticateClient, secretForms } from './client-authentication.js';
import { type LimitedText, readLimitedText } from './read-limited-text.js';
import { runTokenAttempt } from './run-token-attempt.js';
import {
  DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
  parseJsonObject,
  tokenFromAnswer,
} from './token-answer.js';

/**
 * What one token request needs besides the grant.
 *
 * @example
 * ```ts
 * const options: TokenRequestOptions = { fetch: globalThis.fetch, clock: systemClock, timeoutMs: 10_000 };
 * ```
 */
export interface TokenRequestOptions {
  fetch: FetchLike;
  clock: Clock;
  /** Milliseconds the whole exchange (answer and body) may take. */
  timeoutMs: number;
  /** Aborts the request; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** The largest answer read, in bytes; default {@link DEFAULT_MAX_TOKEN_RESPONSE_BYTES}. */
  maxResponseBytes?: number;
}

const rejectingErrors = new Set([
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_request',
  'invalid_target',
]);
const transientErrors = new Set(['server_error', 'temporarily_unavailable']);
const transientStatuses = new Set([408, 500, 502, 503, 504]);

// RFC 6749 §5.2: the characters an `error` code may use.
const errorCode = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const maxDescriptionLength = 200;

/**
 * Asks the token endpoint for a token once: `POST`, form-encoded
 * `grant_type=client_credentials` (with `scope` and each `resource`), the
 * client authenticated the grant's way, no redirect followed, the answer
 * capped and the whole exchange bounded by `timeoutMs` on the injected clock.
 * Resolves an {@link AccessToken} or rejects with a typed error (see the
 * table at the top of this file); nothing else.
 *
 * @example
 * ```ts
 * const token = await requestToken(grant, { fetch, clock: systemClock, timeoutMs: 10_000 });
 * ```
 */
export function requestToken(
  grant: ClientCredentialsGrant,
  options: TokenRequestOptions,
): Promise<AccessToken> {
  return runTokenAttempt(
    async (signal) => tokenFromResponse(grant, options, await send(grant, options.fetch, signal)),
    options,
    `The token endpoint at ${endpointName(grant)}`,
  );
}

async function send(
  grant: ClientCredentialsGrant,
  fetch: FetchLike,
  signal: AbortSignal,
): Promise<Response> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (grant.scope !== undefined) form.set('scope', grant.scope);
  for (const resource of grant.resource) form.append('resource', resource);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  };
  authenticateClient(grant, form, headers);

  try {
    return await fetch(grant.tokenUrl.href, {
      method: 'POST',
      headers,
      body: form.toString(),
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw networkError(grant, `could not be reached${describeErrorCode(error)}`, error);
  }
}

async function tokenFromResponse(
  grant: ClientCredentialsGrant,
  options: TokenRequestOptions,
  response: Response,
): Promise<AccessToken> {
  const status = response.status;
  if (status === 429 || isRedirect(response)) {
    // The status says it all; the body only holds the connection.
    response.body?.cancel().catch(() => undefined);
    throw statusOnlyFailure(response, options.clock);
  }
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_TOKEN_RESPONSE_BYTES;
  let body: LimitedText;
  try {
    body = await readLimitedText(response.body, maxBytes);
  } catch (error) {
    throw networkError(grant, `broke off its ${status} answer${describeErrorCode(error)}`, error);
  }
  const retryAfterMs = (): number | undefined =>
    parseRetryAfter(response.headers.get('retry-after'), options.clock.now());
  if (body.tooLarge) {
    if (transientStatuses.has(status)) throw transientStatusFailure(status, retryAfterMs());
    throw new TokenResponseError(
      `The token endpoint answered ${status} with more than ${maxBytes} bytes`,
      { upstreamStatus: status },
    );
  }
  const fields = parseJsonObject(body.text);
  const oauthFailure = oauthErrorFailure(grant, status, fields, retryAfterMs);
  if (oauthFailure !== undefined) throw oauthFailure;
  if (transientStatuses.has(status)) throw transientStatusFailure(status, retryAfterMs());
  if (status >= 200 && status < 300) {
    const contentType = response.headers.get('content-type');
    const date = response.headers.get('date');
    return tokenFromAnswer({ status, contentType, text: body.text, date }, options.clock.now());
  }
  throw new TokenResponseError(
    `The token endpoint answered ${status} without an RFC 6749 error code`,
    { upstreamStatus: status },
  );
}

function statusOnlyFailure(response: Response, clock: Clock): CloudTokenError {
  const upstreamStatus = response.status;
  if (upstreamStatus === 429) {
    return new TokenRequestError('http', 'The token endpoint answered 429 Too Many Requests', {
      upstreamStatus,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
    });
  }
  return new TokenResponseError(
    `The token endpoint answered ${upstreamStatus}, a redirect; token requests never follow redirects (check tokenUrl)`,
    { upstreamStatus },
  );
}

function transientStatusFailure(
  status: number,
  retryAfterMs: number | undefined,
): TokenRequestError {
  return new TokenRequestError(
    'http',
    `The token endpoint answered ${status}, a transient failure`,
    {
      upstreamStatus: status,
      retryAfterMs,
    },
  );
}

// The RFC 6749 §5.2 `error` field decides before the status does; undefined
// when there is no usable one, or when it does not decide (an unknown code
// outside 4xx).
function oauthErrorFailure(
  grant: ClientCredentialsGrant,
  status: number,
  fields: Record<string, unknown> | undefined,
  retryAfterMs: () => number | undefined,
): CloudTokenError | undefined {
  const error = fields?.error;
  if (typeof error !== 'string' || !errorCode.test(error)) return undefined;
  if (transientErrors.has(error)) {
    return new TokenRequestError('oauth', `The token endpoint answered ${status} with ${error}`, {
      upstreamStatus: status,
      retryAfterMs: retryAfterMs(),
    });
  }
  if (!rejectingErrors.has(error) && !(status >= 400 && status < 500)) return undefined;
  const secrets = secretForms(grant);
  const rawDescription = fields?.error_description;
  const description =
    typeof rawDescription === 'string'
      ? scrubText(rawDescription, secrets, maxDescriptionLength)
      : '';
  return new CredentialsRejectedError(scrubText(error, secrets, maxDescriptionLength), {
    description: description === '' ? undefined : description,
    upstreamStatus: status,
  });
}

// Origin and path only: a query string is the deployer's business, not the log's.
function endpointName(grant: ClientCredentialsGrant): string {
  return `${grant.tokenUrl.origin}${grant.tokenUrl.pathname}`;
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

function networkError(
  grant: ClientCredentialsGrant,
  problem: string,
  cause: unknown,
): TokenRequestError {
  return new TokenRequestError(
    'network',
    `The token endpoint at ${endpointName(grant)} ${problem}`,
    {
      cause: withoutSecrets(cause, secretForms(grant)),
    },
  );
}

// Node's fetch hides the system error code (ECONNREFUSED, ENOTFOUND…) one
// level down; it is the most useful word for an operator.
function describeErrorCode(error: unknown): string {
  const code = [error, (error as { cause?: unknown } | null)?.cause]
    .map((candidate) => (candidate as { code?: unknown } | null | undefined)?.code)
    .find((candidate) => typeof candidate === 'string' && /^[A-Z][A-Z0-9_]{1,39}$/.test(candidate));
  return code === undefined ? '' : ` (${code})`;
}
