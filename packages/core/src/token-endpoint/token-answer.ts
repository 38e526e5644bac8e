import { AccessToken } from '../shared/access-token.js';
import { TokenResponseError } from '../shared/errors.js';
import { readJwtExpiry } from './jwt-expiry.js';

/**
 * The lifetime, in seconds, given to a token whose answer has no
 * `expires_in` (RFC 6749 makes it optional) and which is not a JWT with a
 * readable `exp`: 5 minutes. Short on purpose: a token renewed too early
 * costs one request, a token kept too long costs a failed API call.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOKEN_LIFETIME_SECONDS } from '@cloud-token/core/adapter';
 *
 * DEFAULT_TOKEN_LIFETIME_SECONDS; // 300
 * ```
 */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/**
 * The longest lifetime, in seconds, cloud-token believes: 1 year. A larger
 * `expires_in` (or `exp`) is clamped to it, so an absurd answer cannot keep a
 * token cached forever.
 *
 * @example
 * ```ts
 * import { MAX_TOKEN_LIFETIME_SECONDS } from '@cloud-token/core/adapter';
 *
 * MAX_TOKEN_LIFETIME_SECONDS; // 31_536_000
 * ```
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

/**
 * The largest token endpoint answer, in bytes, cloud-token reads: 64 KiB. A
 * token answer is well under 10 KiB; a larger body is a misconfigured
 * endpoint (an HTML page, a proxy's error dump) and is not read further.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_TOKEN_RESPONSE_BYTES } from '@cloud-token/core/adapter';
 *
 * DEFAULT_MAX_TOKEN_RESPONSE_BYTES; // 65_536
 * ```
 */
export const DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/**
 * A token endpoint answer as received: status, media type and body text.
 *
 * @example
 * ```ts
 * const answer: TokenEndpointAnswer = { status: 200, contentType: 'application/json', text: '{"access_token":"…"}' };
 * ```
 */
export interface TokenEndpointAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

// RFC 6749 §A.12 allows any visible ASCII in a token; a space never occurs in
// an RFC 6750 b64token and would split the header, so it is excluded too.
const bearerValue = /^[\x21-\x7E]+$/;

/**
 * Whether `value` can be sent as `Authorization: Bearer <value>`: visible
 * ASCII without spaces. A value with spaces, line breaks or non-ASCII
 * characters would make every API call fail, so it is refused where it enters.
 *
 * @example
 * ```ts
 * isBearerTokenValue('eyJhbGciOi.eyJleHAiOjE.sig'); // true
 * isBearerTokenValue('two words'); // false
 * ```
 */
export function isBearerTokenValue(value: string): boolean {
  return bearerValue.test(value);
}

/**
 * When a token expires: `obtainedAt + lifetimeMs` when the lifetime is known,
 * else the token's JWT `exp`, else {@link DEFAULT_TOKEN_LIFETIME_SECONDS}
 * later; never more than {@link MAX_TOKEN_LIFETIME_SECONDS} after
 * `obtainedAt`. `undefined` when the JWT `exp` has already passed: such a
 * token is useless.
 *
 * @example
 * ```ts
 * const expiresAt = resolveExpiresAt(token, clock.now(), answer.expiresIn * 1000);
 * ```
 */
export function resolveExpiresAt(
  token: string,
  obtainedAt: number,
  lifetimeMs?: number,
): number | undefined {
  const latest = obtainedAt + MAX_TOKEN_LIFETIME_SECONDS * 1000;
  if (lifetimeMs !== undefined) return Math.min(obtainedAt + lifetimeMs, latest);
  const exp = readJwtExpiry(token);
  if (exp === undefined) return obtainedAt + DEFAULT_TOKEN_LIFETIME_SECONDS * 1000;
  return exp > obtainedAt ? Math.min(exp, latest) : undefined;
}

/**
 * Parses `text` as JSON and returns it when it is an object (not an array,
 * not `null`); anything else gives `undefined`. Never throws.
 *
 * @example
 * ```ts
 * parseJsonObject('{"error":"invalid_client"}'); // { error: 'invalid_client' }
 * parseJsonObject('<html>'); // undefined
 * ```
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const value = parseJson(text)?.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * Turns a successful token endpoint answer (RFC 6749 §5.1) into an
 * {@link AccessToken}, or throws a {@link TokenResponseError} saying what was
 * wrong, never echoing the body:
 * - the body must be a JSON object (any media type is tried, to be lenient);
 * - `access_token`: a non-empty string a Bearer header can carry;
 * - `token_type`: `bearer` in any case;
 * - `expires_in`: a positive number or numeric string of seconds, clamped to
 *   {@link MAX_TOKEN_LIFETIME_SECONDS}; when absent, the JWT `exp`, else
 *   {@link DEFAULT_TOKEN_LIFETIME_SECONDS}.
 *
 * @example
 * ```ts
 * const token = tokenFromAnswer({ status: 200, contentType: 'application/json', text }, clock.now());
 * ```
 */
export function tokenFromAnswer(answer: TokenEndpointAnswer, obtainedAt: number): AccessToken {
  const fail = (problem: string): TokenResponseError =>
    new TokenResponseError(`The token endpoint answered ${answer.status} ${problem}`, {
      upstreamStatus: answer.status,
    });
  const body = parseJsonObject(answer.text);
  if (body === undefined) throw fail(describeNonObject(answer));

  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw fail('without an access_token');
  }
  if (!isBearerTokenValue(accessToken)) {
    throw fail('with an access_token a Bearer Authorization header cannot carry');
  }
  if (body.token_type === undefined) throw fail('without a token_type');
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    throw fail('with a token_type other than Bearer (only bearer tokens are supported)');
  }
  const lifetimeSeconds = readExpiresIn(body.expires_in);
  if (lifetimeSeconds === 'invalid') {
    throw fail('with an expires_in that is not a positive number of seconds');
  }
  const lifetimeMs = lifetimeSeconds === undefined ? undefined : lifetimeSeconds * 1000;
  const expiresAt = resolveExpiresAt(accessToken, obtainedAt, lifetimeMs);
  if (expiresAt === undefined) {
    throw fail('without an expires_in, and the token’s exp claim has already passed');
  }
  return new AccessToken(accessToken, { expiresAt, obtainedAt });
}

const numericString = /^\s*\d+(?:\.\d+)?\s*$/;

function readExpiresIn(value: unknown): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && numericString.test(value)
        ? Number(value)
        : Number.NaN;
  // `> 0` is false for NaN too. Infinity (JSON `1e999`) is absurd, not invalid: it gets clamped.
  return seconds > 0 ? seconds : 'invalid';
}

const mediaType = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

function describeNonObject(answer: TokenEndpointAnswer): string {
  if (answer.text.trim() === '') return 'with an empty body, not a JSON token answer';
  if (parseJson(answer.text) !== undefined) return 'with JSON that is not an object';
  const type = answer.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  // Only a well-formed media type is echoed: the header is the server's text.
  if (!mediaType.test(type)) return 'with a body that is not JSON';
  return type.endsWith('json') ? `with ${type} that is not valid JSON` : `with ${type}, not JSON`;
}
