import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Clock, isCloudTokenError, type TokenSource } from '@cloud-token/core';
import type { HandedOutTokens } from './handed-out-tokens.js';
import type { LocalClient } from './local-client.js';
import { readForm } from './read-form.js';

/**
 * The token paths the facade answers: `/connect/token`, and the official
 * SDKs' own, below a product (`/v4.0/words/connect/token`, what the Words
 * SDK 23.11 and later posts to).
 */
export const TOKEN_PATH = /^(?:\/v\d+(?:\.\d+)*\/[a-z][a-z0-9-]*)?\/connect\/token$/i;

/** What a facade request ended as, for the metrics. */
export type FacadeOutcome = 'issued' | 'refused' | 'failed';

/**
 * Answers local OAuth 2.0 client_credentials token requests with the shared
 * token, as the cloud's token endpoint would (RFC 6749 §4.4 and §5): the
 * client authenticates with `client_secret_post` or `client_secret_basic`
 * as the local client; a wrong or missing pair gets `401 invalid_client`
 * without any request to the cloud. The answer's `expires_in` is the
 * shared token's remaining lifetime. When no token can be had, the cloud's
 * trouble is answered as the OAuth error a client retries on
 * (`temporarily_unavailable`, 503, with `Retry-After` when known) — never
 * as `invalid_client`, which would make a client drop its good credentials.
 */
export function tokenFacade(options: {
  source: TokenSource;
  client: LocalClient;
  handedOut: HandedOutTokens;
  /** The token source's clock: `expires_in` is counted on it. */
  clock: Clock;
  onOutcome: (outcome: FacadeOutcome) => void;
}): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { source, client, handedOut, clock, onOutcome } = options;
  return async function answerTokenRequest(request, response) {
    if (request.method !== 'POST') {
      request.resume();
      response.setHeader('allow', 'POST');
      sendOAuthError(response, 405, 'invalid_request', 'token requests are POSTs');
      return;
    }
    const form = await readForm(request);
    if (form === 'too-large') {
      sendOAuthError(response, 413, 'invalid_request', 'the form is too large');
      onOutcome('refused');
      return;
    }
    if (form === 'not-a-form') {
      sendOAuthError(response, 400, 'invalid_request', 'send application/x-www-form-urlencoded');
      onOutcome('refused');
      return;
    }
    const problem = checkForm(form);
    if (problem !== undefined) {
      sendOAuthError(response, 400, problem.error, problem.description);
      onOutcome('refused');
      return;
    }
    const credentials = clientCredentialsOf(request, form);
    if (credentials === 'both') {
      sendOAuthError(response, 400, 'invalid_request', 'authenticate one way: Basic or the form');
      onOutcome('refused');
      return;
    }
    if (credentials === undefined || !client.matches(credentials.id, credentials.secret)) {
      response.setHeader('www-authenticate', 'Basic realm="cloud-token sidecar"');
      sendOAuthError(response, 401, 'invalid_client', 'unknown client or wrong secret');
      onOutcome('refused');
      return;
    }
    try {
      const token = await source.getToken();
      handedOut.remember(token.value, token.expiresAt);
      const body = JSON.stringify({
        access_token: token.value,
        token_type: 'Bearer',
        expires_in: Math.max(0, Math.floor((token.expiresAt - clock.now()) / 1_000)),
      });
      sendJson(response, 200, body);
      onOutcome('issued');
    } catch (error) {
      const retryAfter = isCloudTokenError(error) ? error.headers['retry-after'] : undefined;
      if (retryAfter !== undefined) response.setHeader('retry-after', retryAfter);
      sendOAuthError(
        response,
        503,
        'temporarily_unavailable',
        `the sidecar has no token for now (${isCloudTokenError(error) ? error.code : 'error'})`,
      );
      onOutcome('failed');
    }
  };
}

function checkForm(form: URLSearchParams): { error: string; description: string } | undefined {
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) {
      return { error: 'invalid_request', description: 'a parameter was sent twice' };
    }
  }
  const grantType = form.get('grant_type');
  if (grantType === null) return { error: 'invalid_request', description: 'grant_type is missing' };
  if (grantType !== 'client_credentials') {
    return { error: 'unsupported_grant_type', description: 'only client_credentials is served' };
  }
  return undefined;
}

/** The client's id and secret, from `Authorization: Basic` (RFC 6749 §2.3.1) or the form. */
function clientCredentialsOf(
  request: IncomingMessage,
  form: URLSearchParams,
): { id: string; secret: string } | 'both' | undefined {
  const basic = basicCredentials(request.headers.authorization);
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  if (basic !== undefined && (id !== null || secret !== null)) return 'both';
  if (basic !== undefined) return basic;
  return id === null || secret === null ? undefined : { id, secret };
}

/**
 * The id and secret of an `Authorization: Basic` header: base64 of
 * `urlencode(id):urlencode(secret)`; a client that does not encode them is
 * read as it sent them.
 */
export function basicCredentials(
  header: string | undefined,
): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function sendOAuthError(
  response: ServerResponse,
  status: number,
  error: string,
  description: string,
): void {
  sendJson(response, status, JSON.stringify({ error, error_description: description }));
}

function sendJson(response: ServerResponse, status: number, body: string): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('cache-control', 'no-store');
  response.setHeader('pragma', 'no-cache');
  response.setHeader('content-length', Buffer.byteLength(body));
  response.end(body);
}
